package io.orderflow.bench.rivers;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The bytes the bench's own broker served to readers and took from writers, from its JMX meters
 * ({@code kafka.server:type=BrokerTopicMetrics,name=BytesOutPerSec} and {@code BytesInPerSec}, all
 * topics), reached through the attach API: the broker runs in a JVM of the same user.
 */
final class BrokerTraffic implements AutoCloseable {

    private static final String METER = "kafka.server:type=BrokerTopicMetrics,name=";

    private final JMXConnector connector;
    private final MBeanServerConnection server;

    private BrokerTraffic(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
    }

    /** Connects to the broker JVM {@code pid}; fails when it cannot be attached to. */
    static BrokerTraffic attach(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        return new BrokerTraffic(JMXConnectorFactory.connect(new JMXServiceURL(address)));
    }

    /**
     * Bytes the broker has sent to fetching clients (consumers, not replicas), all topics, since it
     * started.
     */
    long bytesOut() throws Exception {
        return count("BytesOutPerSec");
    }

    /** Bytes the broker has taken from producers, all topics, since it started. */
    long bytesIn() throws Exception {
        return count("BytesInPerSec");
    }

    private long count(String meter) throws Exception {
        return ((Number) server.getAttribute(new ObjectName(METER + meter), "Count")).longValue();
    }

    /** Both counters at one moment. */
    Snapshot snapshot() throws Exception {
        return new Snapshot(bytesOut(), bytesIn());
    }

    record Snapshot(long bytesOut, long bytesIn) {
        Snapshot minus(Snapshot earlier) {
            return new Snapshot(bytesOut - earlier.bytesOut, bytesIn - earlier.bytesIn);
        }
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
