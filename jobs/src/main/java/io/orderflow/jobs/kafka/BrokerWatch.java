package io.orderflow.jobs.kafka;

import io.orderflow.jobs.options.KafkaClientConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the input partitions can be read right now, as one JVM sees it: every {@link
 * #PROBE_EVERY} a daemon thread asks the brokers for the end offsets of every partition of the
 * input topics, which succeeds only while each partition has a leader that answers. {@link
 * #reachableForNanos()} is how long that has held without a break. With a group, the same probe
 * also asks for the group's committed offsets: {@link #inputReadToEnd()} tells whether the job's
 * last checkpoint had read every partition to its end.
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
     * What identifies a watch: the brokers, the client settings to reach them, the topics to probe
     * and the group whose committed offsets tell whether they were read to the end (null: not
     * asked, {@link #inputReadToEnd} always true).
     */
    public record Key(
            String bootstrapServers,
            Map<String, String> kafkaProperties,
            List<String> topics,
            String groupId) {

        @Override
        public String toString() {
            return bootstrapServers
                    + " "
                    + KafkaClientConfig.redacted(kafkaProperties)
                    + " "
                    + topics
                    + (groupId == null ? "" : " group " + groupId);
        }
    }

    private final Key key;
    private final Thread thread;

    /**
     * {@link System#nanoTime()} when the current unbroken run of good probes began; MAX while none.
     */
    private volatile long reachableSince = Long.MAX_VALUE;

    private volatile long lastAsked = System.nanoTime();

    /** What the last probe found of the group's committed offsets ({@link #inputReadToEnd}). */
    private volatile boolean readToEnd;

    private boolean readToEndUnknownLogged;

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

    @Override
    public boolean inputReadToEnd() {
        return key.groupId() == null || readToEnd;
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
                    Map<TopicPartition, ListOffsetsResultInfo> ends =
                            admin.listOffsets(
                                            partitions,
                                            new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                                    .all()
                                    .get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    if (reachableSince == Long.MAX_VALUE) {
                        reachableSince = System.nanoTime();
                    }
                    if (key.groupId() != null) {
                        readToEnd = readToEnd(admin, ends);
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
     * Whether the group's committed offsets are at the end (read_committed) of every partition in
     * {@code ends}; a partition without a committed offset must be empty. False when the group
     * cannot be read (logged once).
     */
    private boolean readToEnd(Admin admin, Map<TopicPartition, ListOffsetsResultInfo> ends)
            throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(key.groupId())
                            .partitionsToOffsetAndMetadata()
                            .get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> neverCommitted = new HashMap<>();
            for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
                OffsetAndMetadata offset = committed.get(end.getKey());
                if (offset == null) {
                    neverCommitted.put(end.getKey(), OffsetSpec.earliest());
                } else if (offset.offset() < end.getValue().offset()) {
                    return false;
                }
            }
            if (neverCommitted.isEmpty()) {
                return true;
            }
            Map<TopicPartition, ListOffsetsResultInfo> starts =
                    admin.listOffsets(neverCommitted)
                            .all()
                            .get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            for (Map.Entry<TopicPartition, ListOffsetsResultInfo> start : starts.entrySet()) {
                if (start.getValue().offset() < ends.get(start.getKey()).offset()) {
                    return false;
                }
            }
            return true;
        } catch (ExecutionException | TimeoutException e) {
            if (!readToEndUnknownLogged) {
                readToEndUnknownLogged = true;
                LOG.warn(
                        "Cannot read the committed offsets of group {} ({}); silent partitions keep"
                                + " holding the watermark",
                        key.groupId(),
                        e.toString());
            }
            return false;
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
