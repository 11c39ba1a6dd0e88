package io.orderflow.bench;

import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.OrderCancelled;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.StockCounted;
import io.orderflow.schemas.StockReceived;
import io.orderflow.schemas.json.EventCodec;
import io.orderflow.testkit.generate.GeneratedRecord;
import io.orderflow.testkit.generate.GeneratorSettings;
import io.orderflow.testkit.generate.OrderStream;
import io.orderflow.testkit.generate.RecordIntent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The latency phase against one running variant: a producer offers the generated stream at a fixed
 * rate, each event re-stamped with the wall-clock time it is sent as its occurredAt (so event time
 * moves as real time does), into input topics with LogAppendTime; a read_committed consumer of the
 * confirmations and refunds matches each order's first decision to its OrderPlaced by orderId.
 * Latency = the moment the decision is visible to the consumer minus the broker's append time of
 * the order; {@link LatencyParts} splits it. Orders placed during the warm-up are not counted; the
 * warm-up ends once the variant has caught up with the load ({@link CatchUp}).
 */
final class LatencyRun {

    /**
     * What the phase measured; the measured window is from {@code windowStart} to {@code windowEnd}
     * (epoch ms).
     */
    record Outcome(
            Histogram latencies,
            long start,
            boolean caughtUp,
            long ordersMeasured,
            long ordersUndecided,
            long recordsSent,
            double offeredRate,
            double achievedRate,
            long windowStart,
            long windowEnd,
            LatencyParts parts) {}

    private final KafkaConnection kafka;
    private final String ordersTopic;
    private final String inventoryTopic;
    private final List<String> decisionTopics;
    private final int partitions;
    private final EventCodec codec = new EventCodec();

    /**
     * orderId to the log append time of its OrderPlaced; Long.MIN_VALUE while the send is in
     * flight.
     */
    private final Map<String, Long> appendedAt = new HashMap<>();

    /**
     * orderId to {its decision's append time, the time it was seen}, for decisions seen before the
     * producer's ack.
     */
    private final Map<String, long[]> seenEarly = new HashMap<>();

    /** orderId to the wall-clock time it was sent, for orders sent during the warm-up. */
    private final Map<String, Long> warmupSentAt = new HashMap<>();

    private CatchUp catchUp;

    private final LatencyParts parts = new LatencyParts();

    private final Histogram histogram = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
    private long measured;
    private long expected;

    LatencyRun(
            KafkaConnection kafka,
            String ordersTopic,
            String inventoryTopic,
            List<String> decisionTopics,
            int partitions) {
        this.kafka = kafka;
        this.ordersTopic = ordersTopic;
        this.inventoryTopic = inventoryTopic;
        this.decisionTopics = decisionTopics;
        this.partitions = partitions;
    }

    /**
     * Offers the stream at {@code rate} for warm-up, measured window and tail; measures the orders
     * placed in the window. The warm-up lasts at least {@code warmup.min()}, then until the variant
     * has caught up ({@link CatchUp}), at most {@code warmup.max()}. The load goes on through the
     * tail, so that the window's last orders are decided in steady state, then waits up to {@code
     * drain} for decisions still missing.
     */
    Outcome run(
            GeneratorSettings settings,
            double rate,
            WarmUp warmup,
            Duration window,
            Duration tail,
            Duration drain)
            throws Exception {
        AtomicBoolean consuming = new AtomicBoolean(true);
        AtomicReference<Exception> consumerFailure = new AtomicReference<>();
        Thread consumer =
                new Thread(
                        () -> {
                            try {
                                consume(consuming);
                            } catch (Exception e) {
                                consumerFailure.set(e);
                            }
                        },
                        "latency-consumer");
        consumer.start();
        long sent = 0;
        long start = System.nanoTime();
        long startMs = System.currentTimeMillis();
        synchronized (this) {
            catchUp = new CatchUp(startMs, warmup.min(), warmup.max(), warmup.lag(), warmup.hold());
        }
        long warmEnd = Long.MAX_VALUE;
        long windowEnd = Long.MAX_VALUE;
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        OrderStream stream = new OrderStream(settings);
        double intervalNanos = 1e9 / rate;
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(
                        producerProperties(), new StringSerializer(), new ByteArraySerializer())) {
            while (stream.hasNext()
                    && (windowEnd == Long.MAX_VALUE
                            || System.currentTimeMillis() < windowEnd + tail.toMillis())) {
                long due = start + (long) (sent * intervalNanos);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                GeneratedRecord g = stream.next();
                long now = System.currentTimeMillis();
                String topic = g.topicKind() == InputKind.ORDERS ? ordersTopic : inventoryTopic;
                InputRecord decoded =
                        codec.decode(
                                g.topicKind(),
                                new RecordOrigin(topic, 0, 0, now, g.key(), g.value()));
                byte[] value = restamp(decoded, g.value(), now);
                String orderId = firstPlacement(g, decoded);
                if (warmEnd == Long.MAX_VALUE) {
                    synchronized (this) {
                        if (catchUp.over(now)) {
                            warmEnd = catchUp.end();
                            windowEnd = warmEnd + window.toMillis();
                        } else if (orderId != null) {
                            warmupSentAt.putIfAbsent(orderId, now);
                        }
                    }
                }
                boolean measure = orderId != null && now >= warmEnd && now < windowEnd;
                if (measure) {
                    synchronized (this) {
                        if (appendedAt.putIfAbsent(orderId, Long.MIN_VALUE) != null) {
                            measure = false; // a resend: the first placement is the one that counts
                        } else {
                            expected++;
                        }
                    }
                }
                boolean track = measure;
                producer.send(
                        new ProducerRecord<>(topic, g.key(), value),
                        (meta, error) -> {
                            if (error != null) {
                                sendFailure.compareAndSet(null, error);
                            } else if (track) {
                                appended(orderId, meta.timestamp());
                            }
                        });
                sent++;
                if (sendFailure.get() != null) {
                    throw sendFailure.get();
                }
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long drainUntil = System.nanoTime() + drain.toNanos();
        while (System.nanoTime() < drainUntil && decidedCount() < expected) {
            TimeUnit.MILLISECONDS.sleep(100); // waiting for the last decisions
        }
        consuming.set(false);
        consumer.join(TimeUnit.SECONDS.toMillis(30));
        if (consumerFailure.get() != null) {
            throw consumerFailure.get();
        }
        long decided = decidedCount();
        if (warmEnd == Long.MAX_VALUE) {
            throw new IllegalStateException("the generated stream ended inside the warm-up");
        }
        boolean caughtUp;
        synchronized (this) {
            caughtUp = catchUp.caughtUp();
        }
        return new Outcome(
                histogram.copy(),
                startMs,
                caughtUp,
                decided,
                expected - decided,
                sent,
                rate,
                sent / seconds,
                warmEnd,
                windowEnd,
                parts);
    }

    /**
     * The orderId when the record places its order for the first time, else null. A resend or a
     * conflicting re-placement gets no decision of its own: counted, one sent in the window for an
     * order first placed (and decided) before it would stay undecided for ever, and one sent before
     * the order's decision would be measured from the wrong append.
     */
    static String firstPlacement(GeneratedRecord g, InputRecord decoded) {
        return g.intent() == RecordIntent.APPLY && decoded.orderPlaced() != null
                ? decoded.orderPlaced().orderId()
                : null;
    }

    private synchronized long decidedCount() {
        return measured;
    }

    private synchronized void appended(String orderId, long appendTime) {
        appendedAt.put(orderId, appendTime);
        long[] seen = seenEarly.remove(orderId);
        if (seen != null) {
            record(appendTime, seen[0], seen[1]);
        }
    }

    /**
     * {@code decisionAppended}: the broker's append time of the decision, Long.MIN_VALUE when its
     * topic does not keep it.
     */
    private synchronized void decided(String orderId, long decisionAppended, long visibleAt) {
        Long appended = appendedAt.get(orderId);
        if (appended == null) {
            Long sentAt = warmupSentAt.remove(orderId);
            if (sentAt != null) {
                catchUp.decided(sentAt);
            }
            return; // not measured, or already decided
        }
        if (appended == Long.MIN_VALUE) {
            seenEarly.putIfAbsent(orderId, new long[] {decisionAppended, visibleAt});
            return;
        }
        appendedAt.remove(orderId);
        record(appended, decisionAppended, visibleAt);
    }

    private void record(long orderAppended, long decisionAppended, long visibleAt) {
        long latencyMs = visibleAt - orderAppended;
        histogram.recordValue(
                Math.max(0, Math.min(latencyMs, histogram.getHighestTrackableValue())));
        measured++;
        if (decisionAppended != Long.MIN_VALUE) {
            parts.add(orderAppended, decisionAppended, visibleAt);
        }
    }

    private void consume(AtomicBoolean consuming) {
        Properties p = kafka.clientProperties("orderflow-bench-latency-reader");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> assigned = new ArrayList<>();
            for (String t : decisionTopics) {
                for (int i = 0; i < partitions; i++) {
                    assigned.add(new TopicPartition(t, i));
                }
            }
            c.assign(assigned);
            c.seekToBeginning(assigned);
            while (consuming.get()) {
                var batch = c.poll(Duration.ofMillis(50));
                long now = System.currentTimeMillis();
                for (ConsumerRecord<String, String> r : batch) {
                    if (r.key() != null) {
                        decided(
                                r.key(),
                                r.timestampType() == TimestampType.LOG_APPEND_TIME
                                        ? r.timestamp()
                                        : Long.MIN_VALUE,
                                now);
                    }
                }
            }
        }
    }

    /**
     * The record with occurredAt set to {@code now}; records that do not decode are sent as they
     * are.
     */
    private byte[] restamp(InputRecord r, byte[] original, long now) {
        if (r.isDeadLetter()) {
            return original;
        }
        if (r.orderPlaced() != null) {
            OrderPlaced o = r.orderPlaced();
            return codec.encode(
                    new OrderPlaced(
                            o.eventId(),
                            now,
                            o.orderId(),
                            o.customerId(),
                            o.currency(),
                            o.fulfilment(),
                            o.lines()));
        }
        if (r.orderCancelled() != null) {
            OrderCancelled c = r.orderCancelled();
            return codec.encode(new OrderCancelled(c.eventId(), now, c.orderId(), c.reason()));
        }
        if (r.stockReceived() != null) {
            StockReceived s = r.stockReceived();
            return codec.encode(new StockReceived(s.eventId(), now, s.sku(), s.quantity()));
        }
        StockCounted s = r.stockCounted();
        return codec.encode(new StockCounted(s.eventId(), now, s.sku(), s.available()));
    }

    /**
     * The warm-up: at least {@code min}, then until the variant has caught up ({@link CatchUp}), at
     * most {@code max}.
     */
    record WarmUp(Duration min, Duration max, Duration lag, Duration hold) {}

    private Properties producerProperties() {
        Properties p = kafka.clientProperties("orderflow-bench-latency-writer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return p;
    }
}
