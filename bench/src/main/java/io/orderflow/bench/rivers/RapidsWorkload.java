package io.orderflow.bench.rivers;

import io.orderflow.jobs.options.KafkaConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The rivers bench's input: a rapids of many services' events and a spec of {@code rivers} rivers,
 * made so that an event meets about one river on average.
 *
 * <p>Each river {@code i} takes one event type {@code T_i}; every fifth river takes the next type
 * as well, and as many "noise" types as there are fifth rivers belong to no river. With the types
 * drawn uniformly, an event meets (rivers + rivers/5) / (rivers + rivers/5) = 1 river on average:
 * some none, some two. Rivers rotate through the rule kinds (require and a number rule, a forbidden
 * path, an {@code in} rule, a nested require) and half project with {@code interestedIn}; a few
 * percent of events break a rule (RiverProblems) and 0.1 % are not JSON (dead letters).
 */
public final class RapidsWorkload {

    private static final String[] TYPES = {
        "OrderPlaced", "OrderConfirmed", "RefundIssued", "PaymentAuthorized", "PaymentFailed",
        "ShipmentDispatched", "ShipmentDelivered", "StockReceived", "StockReserved",
                "CustomerRegistered",
        "CustomerUpdated", "CartAbandoned", "InvoiceIssued", "ReturnRequested", "ReviewPosted",
        "CouponRedeemed", "PriceChanged", "ProductCreated", "WarehouseMoved", "LoyaltyPointsEarned"
    };
    private static final String[] NOISE = {
        "PageViewed", "SearchPerformed", "HeartbeatSent", "CartViewed"
    };
    private static final String[] CITIES = {
        "Berlin", "Paris", "Amsterdam", "Madrid", "Vienna", "Dublin", "Oslo", "Lisbon"
    };
    private static final String[] COUNTRIES = {"DE", "FR", "NL", "ES", "AT", "IE", "NO", "PT"};

    private final int rivers;
    private final long events;
    private final long seed;

    public RapidsWorkload(int rivers, long events, long seed) {
        if (rivers < 1) {
            throw new IllegalArgumentException("rivers must be at least 1");
        }
        this.rivers = rivers;
        this.events = events;
        this.seed = seed;
    }

    public int rivers() {
        return rivers;
    }

    public long events() {
        return events;
    }

    /** River {@code i}'s name. */
    public static String riverName(int i) {
        return String.format(Locale.ROOT, "river-%02d", i);
    }

    /** Event type {@code i}: the river types first, then the noise types. */
    String type(int i) {
        if (i < rivers) {
            return i < TYPES.length ? TYPES[i] : TYPES[i % TYPES.length] + (i / TYPES.length);
        }
        int n = i - rivers;
        return n < NOISE.length ? NOISE[n] : NOISE[n % NOISE.length] + (n / NOISE.length);
    }

    /** Rivers that take a second type: every fifth, when there is a next river type. */
    boolean takesTwoTypes(int river) {
        return river % 5 == 0 && river + 1 < rivers;
    }

    /**
     * How many types there are to draw from: each river's, and one noise type per river with two
     * types.
     */
    int typeCount() {
        int wide = 0;
        for (int i = 0; i < rivers; i++) {
            wide += takesTwoTypes(i) ? 1 : 0;
        }
        return rivers + wide;
    }

    /** The rivers spec, YAML as a user writes it (contract section 8). */
    public String spec() {
        StringBuilder y =
                new StringBuilder("# ./orderflow bench rivers: ")
                        .append(rivers)
                        .append(" rivers, about one per event\nrivers:\n");
        for (int i = 0; i < rivers; i++) {
            y.append("  - name: ").append(riverName(i)).append('\n');
            y.append("    precondition:\n");
            y.append("      type: [")
                    .append(type(i))
                    .append(takesTwoTypes(i) ? ", " + type(i + 1) : "")
                    .append("]\n");
            switch (i % 4) {
                case 0 ->
                        y.append("    validate:\n")
                                .append("      require: [orderId, amount]\n")
                                .append("      where: [\"amount >= 1\"]\n")
                                .append(
                                        "    interestedIn: [orderId, amount, currency,"
                                                + " customer.address.city]\n");
                case 1 -> y.append("      forbid: [test]\n");
                case 2 ->
                        y.append("    validate:\n")
                                .append("      where: [\"currency in [EUR, USD, GBP]\"]\n")
                                .append(
                                        "    interestedIn: [orderId, customer.id, lines.0.sku,"
                                                + " amount]\n");
                default ->
                        y.append("    validate:\n")
                                .append("      require: [customer.address.country]\n");
            }
        }
        return y.toString();
    }

    /** Event {@code n}: its key (the order id) and its value. */
    public Event event(long n, SplittableRandom random) {
        String orderId =
                String.format(
                        Locale.ROOT,
                        "o-%08d",
                        random.nextInt(Math.max(1, (int) Math.min(Integer.MAX_VALUE, events / 3))));
        if (random.nextInt(1000) == 0) {
            String broken =
                    "{\"type\":\"" + type(0) + "\",\"orderId\":\"" + orderId + "\",\"amount\":";
            return new Event(orderId, broken.getBytes(StandardCharsets.UTF_8));
        }
        String type = type(random.nextInt(typeCount()));
        int city = random.nextInt(CITIES.length);
        StringBuilder j = new StringBuilder(400);
        j.append("{\"type\":\"").append(type).append('"');
        j.append(",\"eventId\":\"ev-").append(seed).append('-').append(n).append('"');
        j.append(",\"occurredAt\":\"2026-11-30T")
                .append(
                        String.format(
                                Locale.ROOT,
                                "%02d:%02d:%02d.%03dZ",
                                (n / 3_600_000) % 24,
                                (n / 60_000) % 60,
                                (n / 1000) % 60,
                                n % 1000))
                .append('"');
        j.append(",\"service\":\"").append(type.toLowerCase(Locale.ROOT)).append("-service\"");
        j.append(",\"orderId\":\"").append(orderId).append('"');
        if (random.nextInt(100) < 1) {
            j.append(",\"test\":true");
        }
        j.append(",\"customer\":{\"id\":\"c-")
                .append(random.nextInt(100_000))
                .append("\",\"address\":{\"city\":\"")
                .append(CITIES[city])
                .append('"');
        if (random.nextInt(100) >= 2) {
            j.append(",\"country\":\"").append(COUNTRIES[city]).append('"');
        }
        j.append("}}");
        int cents = random.nextInt(100) < 2 ? 0 : 1 + random.nextInt(250_000);
        j.append(",\"amount\":")
                .append(cents / 100)
                .append('.')
                .append(String.format(Locale.ROOT, "%02d", cents % 100));
        int currency = random.nextInt(100);
        j.append(",\"currency\":\"")
                .append(
                        currency < 3
                                ? "CHF"
                                : currency < 60 ? "EUR" : currency < 85 ? "USD" : "GBP")
                .append('"');
        j.append(",\"lines\":[");
        int lines = 1 + random.nextInt(3);
        for (int l = 0; l < lines; l++) {
            j.append(l == 0 ? "" : ",")
                    .append("{\"sku\":\"sku-")
                    .append(String.format(Locale.ROOT, "%05d", random.nextInt(10_000)))
                    .append("\",\"quantity\":")
                    .append(1 + random.nextInt(4))
                    .append('}');
        }
        j.append("],\"channel\":\"").append(random.nextBoolean() ? "web" : "app").append("\"}");
        return new Event(orderId, j.toString().getBytes(StandardCharsets.UTF_8));
    }

    public record Event(String key, byte[] value) {}

    /**
     * Writes the rapids to {@code topic} with an idempotent producer; returns the bytes of all
     * values.
     */
    public long write(KafkaConnection kafka, String topic) throws Exception {
        Properties p = kafka.clientProperties("orderflow-bench-rapids");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        AtomicReference<Exception> failure = new AtomicReference<>();
        long bytes = 0;
        SplittableRandom random = new SplittableRandom(seed);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long n = 0; n < events && failure.get() == null; n++) {
                Event e = event(n, random);
                bytes += e.value().length;
                producer.send(
                        new ProducerRecord<>(
                                topic, e.key().getBytes(StandardCharsets.UTF_8), e.value()),
                        (m, ex) -> {
                            if (ex != null) {
                                failure.compareAndSet(null, ex);
                            }
                        });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "writing the rapids failed: " + failure.get().getMessage(), failure.get());
        }
        return bytes;
    }

    /** The river names in spec order. */
    public List<String> riverNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < rivers; i++) {
            names.add(riverName(i));
        }
        return names;
    }
}
