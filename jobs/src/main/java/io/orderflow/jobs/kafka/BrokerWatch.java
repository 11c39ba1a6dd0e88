package io.orderflow.jobs.kafka;

import io.orderflow.jobs.options.KafkaClientConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the input partitions can be read right now, as one JVM sees it: every {@link
 * #PROBE_EVERY} a daemon thread asks the brokers for the end offsets of every partition of the
 * input topics, which succeeds only while each partition has a leader that answers. {@link
 * #reachableForNanos()} is how long that has held without a break.
 *
 * <p>One watch per JVM and set of brokers and topics, shared by every watermark generator there
 * ({@link #of}). Watermark generators have no close hook, so the watch ends itself once nobody has
 * asked for {@link #UNUSED_AFTER} (the job ended or moved), and {@link #of} starts a new one.
 */
public final class BrokerWatch implements BrokerAwareIdleness.Reachability {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerWatch.class);

    static final Duration PROBE_EVERY = Duration.ofMillis(500);
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    static final Duration UNUSED_AFTER = Duration.ofMinutes(1);

    private static final Map<Key, BrokerWatch> WATCHES = new HashMap<>();

    /**
     * What identifies a watch: the brokers, the client settings to reach them, the topics to probe.
     */
    public record Key(
            String bootstrapServers, Map<String, String> kafkaProperties, List<String> topics) {

        @Override
        public String toString() {
            return bootstrapServers
                    + " "
                    + KafkaClientConfig.redacted(kafkaProperties)
                    + " "
                    + topics;
        }
    }

    private final Key key;
    private final Thread thread;

    /**
     * {@link System#nanoTime()} when the current unbroken run of good probes began; MAX while none.
     */
    private volatile long reachableSince = Long.MAX_VALUE;

    private volatile long lastAsked = System.nanoTime();

    private BrokerWatch(Key key) {
        this.key = key;
        this.thread = new Thread(this::run, "orderflow-broker-watch");
        thread.setDaemon(true);
    }

    /** The running watch for {@code key}, started if there is none. */
    public static BrokerWatch of(Key key) {
        synchronized (WATCHES) {
            BrokerWatch watch = WATCHES.get(key);
            if (watch == null) {
                watch = new BrokerWatch(key);
                WATCHES.put(key, watch);
                watch.thread.start();
            }
            // Under the lock on which an unused watch retires, so what is handed out is never
            // retiring.
            watch.lastAsked = System.nanoTime();
            return watch;
        }
    }

    @Override
    public long reachableForNanos() {
        long now = System.nanoTime();
        lastAsked = now;
        long since = reachableSince;
        return since == Long.MAX_VALUE ? 0 : now - since;
    }

    private void run() {
        Admin admin = null;
        try {
            admin = Admin.create(adminProperties());
            Map<TopicPartition, OffsetSpec> partitions = null;
            while (!retiredForDisuse()) {
                try {
                    if (partitions == null) {
                        partitions = partitions(admin);
                    }
                    admin.listOffsets(partitions)
                            .all()
                            .get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    if (reachableSince == Long.MAX_VALUE) {
                        reachableSince = System.nanoTime();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    if (reachableSince != Long.MAX_VALUE) {
                        LOG.info(
                                "Input partitions of {} not readable ({}); silent partitions keep"
                                        + " holding the watermark",
                                key.topics(),
                                e.toString());
                    }
                    reachableSince = Long.MAX_VALUE;
                    partitions = null; // topics may have grown or moved; ask again
                }
                Thread.sleep(PROBE_EVERY.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Without a watch no partition is ever taken for idle: late data is worse than a held
            // watermark.
            LOG.warn(
                    "Cannot watch the brokers {}; silent partitions will hold the watermark",
                    key.bootstrapServers(),
                    e);
        } finally {
            synchronized (WATCHES) {
                WATCHES.remove(key, this);
            }
            reachableSince = Long.MAX_VALUE;
            if (admin != null) {
                admin.close(Duration.ofSeconds(1));
            }
        }
    }

    /**
     * Leaves the registry once nobody asked for {@link #UNUSED_AFTER}; {@link #of} then starts
     * anew.
     */
    private boolean retiredForDisuse() {
        synchronized (WATCHES) {
            if (System.nanoTime() - lastAsked < UNUSED_AFTER.toNanos()) {
                return false;
            }
            WATCHES.remove(key, this);
            return true;
        }
    }

    private Map<TopicPartition, OffsetSpec> partitions(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        Map<String, TopicDescription> topics =
                admin.describeTopics(key.topics())
                        .allTopicNames()
                        .get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        topics.values()
                .forEach(
                        t ->
                                t.partitions()
                                        .forEach(
                                                p ->
                                                        partitions.put(
                                                                new TopicPartition(
                                                                        t.name(), p.partition()),
                                                                OffsetSpec.latest())));
        return partitions;
    }

    private Properties adminProperties() {
        Properties props = new Properties();
        props.putAll(key.kafkaProperties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, key.bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "orderflow-broker-watch");
        return props;
    }
}
