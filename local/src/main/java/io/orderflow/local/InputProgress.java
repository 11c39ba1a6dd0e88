package io.orderflow.local;

import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.testkit.kafka.TopicAdmin;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Prints how far a job has read its inputs, every two seconds, from the offsets its consumer group
 * commits with each checkpoint: what is committed there has its outputs committed too.
 */
final class InputProgress implements AutoCloseable {

    private final Thread thread;

    private InputProgress(Thread thread) {
        this.thread = thread;
    }

    /**
     * Reports until closed. A bounded job's last records are committed with its final checkpoint,
     * after which the source commits no more offsets: the caller reports the end itself.
     */
    static InputProgress start(
            KafkaConnection kafka, OrderProcessingOptions options, PrintStream out) {
        Thread t = new Thread(() -> report(kafka, options, out), "input-progress");
        t.setDaemon(true);
        t.start();
        return new InputProgress(t);
    }

    private static void report(
            KafkaConnection kafka, OrderProcessingOptions options, PrintStream out) {
        try (Admin admin = TopicAdmin.admin(kafka)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : List.of(options.ordersTopic, options.inventoryTopic)) {
                admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(15, TimeUnit.SECONDS)
                        .get(topic)
                        .partitions()
                        .forEach(
                                p ->
                                        latest.put(
                                                new TopicPartition(topic, p.partition()),
                                                OffsetSpec.latest()));
            }
            long total = 0;
            for (var info : admin.listOffsets(latest).all().get(15, TimeUnit.SECONDS).values()) {
                total += info.offset();
            }
            long startedAt = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()) {
                TimeUnit.SECONDS.sleep(2); // a progress display's pace, not synchronisation
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(options.groupId)
                                .partitionsToOffsetAndMetadata()
                                .get(15, TimeUnit.SECONDS);
                long done =
                        committed.values().stream()
                                .filter(o -> o != null)
                                .mapToLong(OffsetAndMetadata::offset)
                                .sum();
                double seconds = (System.nanoTime() - startedAt) / 1e9;
                out.println(
                        String.format(
                                Locale.ROOT,
                                "       committed %,d of %,d input records (%.0f %%) after %.0f s",
                                done,
                                total,
                                total == 0 ? 100.0 : 100.0 * done / total,
                                seconds));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            out.println("       (progress unavailable: " + e.getMessage() + ")");
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(5_000);
    }
}
