package io.orderflow.testkit.generate;

import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.json.EventCodec;
import java.util.ArrayDeque;

/**
 * What every part of an {@link OrderStream} draws on and writes to: the seeded random (one sequence
 * for the whole stream, so the parts' draws interleave as they always did), the catalogue, event
 * time and ids, and the queue of records ready to be sent with its counts.
 */
final class StreamContext {

    static final String CURRENCY = "EUR";

    private static final int MAX_STEP_MILLIS = 5;
    private static final int MAX_JITTER_MILLIS = 100;
    private static final double JITTER_SHARE = 0.2;

    final GeneratorSettings settings;
    final EventCodec codec = new EventCodec();
    final DeterministicRandom random;
    final SkuCatalogue catalogue;

    /** In every id, so that streams of different seeds never share one. */
    final String tag;

    final int customers;

    private final ArrayDeque<GeneratedRecord> ready = new ArrayDeque<>();
    private long clock;
    private long eventSeq;

    private long ordersRecords;
    private long inventoryRecords;
    private long duplicates;

    StreamContext(GeneratorSettings settings) {
        this.settings = settings;
        this.random = new DeterministicRandom(settings.seed());
        this.catalogue = new SkuCatalogue(settings.skus(), random);
        this.tag = Long.toUnsignedString(settings.seed(), 36);
        this.customers = (int) Math.min(1_000_000, Math.max(50, settings.orders() / 4));
        this.clock = settings.startEpochMillis();
    }

    /** Advances event time by a few ms and returns a new event's occurredAt, sometimes jittered. */
    long tick() {
        clock += 1 + random.nextInt(MAX_STEP_MILLIS);
        long jitter = random.chance(JITTER_SHARE) ? random.nextInt(MAX_JITTER_MILLIS) : 0;
        return clock - jitter;
    }

    String nextEventId() {
        return "e-" + tag + "-" + eventSeq++;
    }

    /** A customer id drawn from the shop's customers. */
    String anyCustomer() {
        return "c-" + random.nextInt(customers);
    }

    void emit(InputKind kind, String key, byte[] value, RecordIntent intent) {
        if (kind == InputKind.ORDERS) {
            ordersRecords++;
        } else {
            inventoryRecords++;
        }
        if (intent == RecordIntent.DUPLICATE) {
            duplicates++;
        }
        ready.add(new GeneratedRecord(kind, key, value, intent));
    }

    void emitDuplicate(InputKind kind, String key, byte[] value) {
        emit(kind, key, value, RecordIntent.DUPLICATE);
    }

    boolean hasReady() {
        return !ready.isEmpty();
    }

    GeneratedRecord poll() {
        return ready.poll();
    }

    long ordersRecords() {
        return ordersRecords;
    }

    long inventoryRecords() {
        return inventoryRecords;
    }

    long duplicates() {
        return duplicates;
    }
}
