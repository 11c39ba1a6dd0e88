package io.orderflow.local.cluster;

import static io.orderflow.local.cluster.ClusterFaultITCase.GROUP;
import static io.orderflow.local.cluster.ClusterFaultITCase.PARTITIONS;
import static io.orderflow.local.cluster.ClusterFaultITCase.RUN_DEADLINE;
import static io.orderflow.local.cluster.ClusterFaultITCase.awaitUntil;
import static io.orderflow.local.cluster.ClusterFaultITCase.log;
import static io.orderflow.local.cluster.ClusterFaultITCase.seconds;

import io.orderflow.schemas.Topics;
import io.orderflow.testkit.generate.GeneratorReport;
import io.orderflow.testkit.generate.GeneratorSettings;
import io.orderflow.testkit.generate.OrderStream;
import io.orderflow.testkit.kafka.KafkaTestSupport;
import io.orderflow.testkit.kafka.TopicAdmin;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The input side of {@link ClusterFaultITCase}: its shape, how far it has been written and read,
 * and its end.
 */
final class FaultTestInput {

    private static final Pattern OCCURRED_AT = Pattern.compile("\"occurredAt\":\"([^\"]+)\"");

    private FaultTestInput() {}

    /** Until the job's committed source offsets reach the end of both input topics. */
    static void awaitCaughtUp(String bootstrap, String job) throws Exception {
        try (Admin admin = TopicAdmin.admin(bootstrap)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : List.of(Topics.ORDERS.name(), Topics.INVENTORY.name())) {
                for (int p = 0; p < PARTITIONS; p++) {
                    latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            }
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest)
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> end.put(tp, info.offset()));
            long start = System.nanoTime();
            awaitUntil(
                    RUN_DEADLINE,
                    () -> {
                        try {
                            Map<TopicPartition, OffsetAndMetadata> done =
                                    admin.listConsumerGroupOffsets(GROUP)
                                            .partitionsToOffsetAndMetadata()
                                            .get(30, TimeUnit.SECONDS);
                            return end.entrySet().stream()
                                    .allMatch(
                                            e ->
                                                    done.containsKey(e.getKey())
                                                            && done.get(e.getKey()).offset()
                                                                    >= e.getValue());
                        } catch (Exception e) {
                            return false;
                        }
                    },
                    "job " + job + " caught up with its input");
            log("job caught up with its input (waited %d s)", seconds(start));
        }
    }

    /** How many records the generator will write, and the latest event time among them. */
    record InputShape(long records, long lastEventTime) {}

    static InputShape inputOf(GeneratorSettings settings) {
        OrderStream stream = new OrderStream(settings);
        long n = 0;
        long last = settings.startEpochMillis();
        while (stream.hasNext()) {
            Matcher m =
                    OCCURRED_AT.matcher(new String(stream.next().value(), StandardCharsets.UTF_8));
            if (m.find()) {
                try {
                    last = Math.max(last, Instant.parse(m.group(1)).toEpochMilli());
                } catch (DateTimeParseException e) {
                    // a malformed record on purpose
                }
            }
            n++;
        }
        return new InputShape(n, last);
    }

    /**
     * Closes the input's event time: one record per input partition a minute after the last
     * generated event (a cancellation of an order never placed, a receipt for a sku never ordered:
     * no outputs of their own), so that every order's decision falls due, as it would with traffic
     * going on. Not left to {@code flink stop --drain}: Flink 2.2.1 drops the final watermark of a
     * source that has gone idle (FLINK-40499), so drained outputs stop short.
     */
    static void closeEventTime(String bootstrap, long lastEventTime) {
        String at = Instant.ofEpochMilli(lastEventTime + 60_000).toString();
        for (int p = 0; p < PARTITIONS; p++) {
            String order = "o-end-of-input-" + p;
            String sku = "sku-end-of-input-" + p;
            KafkaTestSupport.produce(
                    bootstrap,
                    Topics.ORDERS.name(),
                    List.of(
                            new ProducerRecord<>(
                                    Topics.ORDERS.name(),
                                    p,
                                    order,
                                    "{\"eventId\":\"e-end-of-input-orders-"
                                            + p
                                            + "\",\"type\":\"OrderCancelled\",\"occurredAt\":\""
                                            + at
                                            + "\",\"orderId\":\""
                                            + order
                                            + "\",\"reason\":\"end of test input\"}")));
            KafkaTestSupport.produce(
                    bootstrap,
                    Topics.INVENTORY.name(),
                    List.of(
                            new ProducerRecord<>(
                                    Topics.INVENTORY.name(),
                                    p,
                                    sku,
                                    "{\"eventId\":\"e-end-of-input-inventory-"
                                            + p
                                            + "\",\"type\":\"StockReceived\",\"occurredAt\":\""
                                            + at
                                            + "\",\"sku\":\""
                                            + sku
                                            + "\",\"quantity\":1}")));
        }
    }

    /**
     * Waits until the generator has written {@code share} of the records (so faults strike while
     * input flows).
     */
    static void awaitInput(
            String bootstrap,
            long records,
            double share,
            CompletableFuture<GeneratorReport> generator)
            throws Exception {
        try (Admin admin = TopicAdmin.admin(bootstrap)) {
            awaitUntil(
                    RUN_DEADLINE,
                    () -> {
                        if (generator.isCompletedExceptionally()) {
                            generator.join();
                        }
                        try {
                            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                            for (String topic :
                                    List.of(Topics.ORDERS.name(), Topics.INVENTORY.name())) {
                                for (int p = 0; p < PARTITIONS; p++) {
                                    latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                                }
                            }
                            long written =
                                    admin
                                            .listOffsets(latest)
                                            .all()
                                            .get(30, TimeUnit.SECONDS)
                                            .values()
                                            .stream()
                                            .mapToLong(i -> i.offset())
                                            .sum();
                            return written >= share * records;
                        } catch (Exception e) {
                            return false;
                        }
                    },
                    String.format(Locale.ROOT, "%.0f %% of the input written", share * 100));
        }
    }
}
