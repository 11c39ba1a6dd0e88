package io.orderflow.testkit.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.Fulfilment;
import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.json.EventCodec;
import io.orderflow.verifier.InputTopic;
import io.orderflow.verifier.InvariantChecker;
import io.orderflow.verifier.KafkaRecord;
import io.orderflow.verifier.Report;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderStreamTest {

    private static final EventCodec CODEC = new EventCodec();

    /** Many bad records and some BACKORDER orders, so every kind shows up in a short stream. */
    private static final GeneratorSettings BUSY =
            GeneratorSettings.defaults(20_000).withSeed(7).withRates(0.05, 0.02, 0.02, 0.1);

    @Test
    void sameSeedGivesTheSameBytesInTheSameOrder() {
        GeneratorSettings settings = GeneratorSettings.defaults(3_000).withSeed(42);

        List<GeneratedRecord> first = all(settings);
        List<GeneratedRecord> second = all(settings);

        assertThat(first).hasSizeGreaterThan(3_000 + GeneratorSettings.DEFAULT_SKUS);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void differentSeedGivesDifferentRecords() {
        List<GeneratedRecord> one = all(GeneratorSettings.defaults(500).withSeed(1));
        List<GeneratedRecord> other = all(GeneratorSettings.defaults(500).withSeed(2));

        int n = Math.min(one.size(), other.size());
        long equalAtSamePosition = 0;
        for (int i = 0; i < n; i++) {
            if (one.get(i).equals(other.get(i))) {
                equalAtSamePosition++;
            }
        }
        assertThat(equalAtSamePosition).isLessThan(n / 10);
    }

    @Test
    void opensWithOneStocktakePerSkuAtTheStartInstant() {
        GeneratorSettings settings = GeneratorSettings.defaults(10).withSkus(50);
        List<GeneratedRecord> records = all(settings);

        Set<String> counted = new HashSet<>();
        for (GeneratedRecord record : records.subList(0, 50)) {
            InputRecord decoded = decode(record, 0);
            assertThat(decoded.stockCounted()).as(record.toString()).isNotNull();
            assertThat(decoded.stockCounted().occurredAt())
                    .isEqualTo(GeneratorSettings.DEFAULT_START_EPOCH_MILLIS);
            counted.add(decoded.stockCounted().sku());
        }
        assertThat(counted).hasSize(50);
    }

    @Test
    void everyRecordDecodesAsIntendedWithKeysFromTheContract() {
        OrderStream stream = new OrderStream(BUSY);
        Map<RecordIntent, Long> seen = new EnumMap<>(RecordIntent.class);
        Set<InputKind> badTopics = new HashSet<>();
        long offset = 0;
        while (stream.hasNext()) {
            GeneratedRecord record = stream.next();
            seen.merge(record.intent(), 1L, Long::sum);
            InputRecord decoded = decode(record, offset++);
            DeadLetterReason intended = record.intent().deadLetterReason();
            if (intended != null && intended != DeadLetterReason.CONFLICTING_ORDER) {
                badTopics.add(record.topicKind());
                assertThat(decoded.isDeadLetter()).as(record.toString()).isTrue();
                assertThat(decoded.deadLetter().reason())
                        .as(record + " -> " + decoded.deadLetter().detail())
                        .isEqualTo(intended);
            } else {
                // Valid events, conflicting re-placements included: only the job's state tells.
                assertThat(decoded.isDeadLetter())
                        .as(
                                record
                                        + (decoded.isDeadLetter()
                                                ? " -> " + decoded.deadLetter().detail()
                                                : ""))
                        .isFalse();
                assertThat(record.key()).as(record.toString()).isEqualTo(decoded.key());
                assertThat(record.topicKind())
                        .isEqualTo(
                                decoded.orderPlaced() != null || decoded.orderCancelled() != null
                                        ? InputKind.ORDERS
                                        : InputKind.INVENTORY);
            }
        }
        assertThat(seen.keySet()).containsExactlyInAnyOrder(RecordIntent.values());
        assertThat(badTopics).containsExactlyInAnyOrder(InputKind.values());
        GeneratorCounts counts = stream.counts();
        for (RecordIntent intent : RecordIntent.values()) {
            assertThat(counts.count(intent)).as(intent.name()).isEqualTo(seen.get(intent));
        }
    }

    @Test
    void theMixFollowsTheRates() {
        GeneratorSettings settings =
                GeneratorSettings.defaults(40_000).withSeed(3).withRates(0.05, 0.02, 0.01, 0.2);
        OrderStream stream = new OrderStream(settings);
        long backorders = 0;
        long placements = 0;
        while (stream.hasNext()) {
            GeneratedRecord record = stream.next();
            if (record.intent() == RecordIntent.APPLY) {
                OrderPlaced placed = decode(record, 0).orderPlaced();
                if (placed != null) {
                    placements++;
                    if (placed.fulfilment() == Fulfilment.BACKORDER) {
                        backorders++;
                    }
                }
            }
        }
        GeneratorCounts counts = stream.counts();
        long sentEvents = counts.records() - counts.duplicates() - counts.deadLetters();
        assertThat(counts.ordersPlaced()).isEqualTo(40_000).isEqualTo(placements);
        assertThat((double) counts.duplicates() / sentEvents).isCloseTo(0.05, within(0.01));
        assertThat((double) counts.cancels() / counts.ordersPlaced())
                .isCloseTo(0.02, within(0.005));
        assertThat((double) counts.deadLetters() / counts.ordersPlaced())
                .isCloseTo(0.01, within(0.003));
        assertThat((double) backorders / placements).isCloseTo(0.2, within(0.02));
        assertThat(counts.restocks()).isGreaterThan(100);
    }

    @Test
    void roughlyOneLineInTenIsOutOfStock() {
        // An independent, simplified PARTIAL ledger over the stream, in send order.
        OrderStream stream = new OrderStream(GeneratorSettings.defaults(50_000).withSeed(11));
        Map<String, Long> available = new HashMap<>();
        Map<String, List<OrderLine>> reserved = new HashMap<>();
        Set<String> eventIds = new HashSet<>();
        long lines = 0;
        long short_ = 0;
        while (stream.hasNext()) {
            InputRecord event = decode(stream.next(), 0);
            if (event.isDeadLetter() || !eventIds.add(event.eventId())) {
                continue;
            }
            if (event.stockCounted() != null) {
                available.put(event.stockCounted().sku(), event.stockCounted().available());
            } else if (event.stockReceived() != null) {
                available.merge(
                        event.stockReceived().sku(), event.stockReceived().quantity(), Long::sum);
            } else if (event.orderPlaced() != null && !reserved.containsKey(event.key())) {
                List<OrderLine> taken = new ArrayList<>();
                for (OrderLine line : event.orderPlaced().lines()) {
                    lines++;
                    long stock = available.getOrDefault(line.sku(), 0L);
                    if (stock >= line.quantity()) {
                        available.put(line.sku(), stock - line.quantity());
                        taken.add(line);
                    } else {
                        short_++;
                    }
                }
                reserved.put(event.key(), taken);
            } else if (event.orderCancelled() != null) {
                List<OrderLine> taken = reserved.put(event.key(), List.of());
                for (OrderLine line : taken == null ? List.<OrderLine>of() : taken) {
                    available.merge(line.sku(), line.quantity(), Long::sum);
                }
            }
        }
        assertThat((double) short_ / lines).isBetween(0.05, 0.15);
    }

    @Test
    void sameKeyRecordsKeepEventTimeOrderAndNothingIsLate() {
        OrderStream stream = new OrderStream(BUSY);
        Map<String, Long> lastStockAt = new HashMap<>();
        Map<String, Long> placedAt = new HashMap<>();
        long maxSeen = 0;
        long stampedBeforeOrder = 0;
        while (stream.hasNext()) {
            GeneratedRecord record = stream.next();
            InputRecord event = decode(record, 0);
            if (event.isDeadLetter()) {
                continue;
            }
            long at = event.occurredAt();
            // The job's watermark trails the largest time seen by 500 ms: stay inside it.
            assertThat(at).as(record.toString()).isGreaterThan(maxSeen - 500);
            maxSeen = Math.max(maxSeen, at);
            if (record.intent() != RecordIntent.APPLY) {
                continue;
            }
            if (record.topicKind() == InputKind.INVENTORY) {
                Long last = lastStockAt.put(event.key(), at);
                assertThat(at)
                        .as(record.toString())
                        .isGreaterThanOrEqualTo(last == null ? at : last);
            } else if (event.orderPlaced() != null) {
                placedAt.put(event.key(), at);
            } else if (placedAt.containsKey(event.key()) && at < placedAt.get(event.key())) {
                stampedBeforeOrder++;
            }
        }
        assertThat(stampedBeforeOrder).as("cancellations stamped before their order").isPositive();
    }

    @Test
    void everyEventIdIsUniqueExceptIntendedDuplicates() {
        OrderStream stream = new OrderStream(BUSY);
        Set<String> eventIds = new HashSet<>();
        while (stream.hasNext()) {
            GeneratedRecord record = stream.next();
            InputRecord event = decode(record, 0);
            if (record.intent() == RecordIntent.DUPLICATE || event.isDeadLetter()) {
                continue;
            }
            assertThat(eventIds.add(event.eventId())).as(record.toString()).isTrue();
        }
    }

    @Test
    void anIndependentCheckerAgreesWithTheIntents() {
        OrderStream stream = new OrderStream(BUSY);
        InvariantChecker checker = new InvariantChecker();
        Map<InputKind, Long> offsets = new EnumMap<>(InputKind.class);
        while (stream.hasNext()) {
            GeneratedRecord record = stream.next();
            long offset = offsets.merge(record.topicKind(), 1L, Long::sum) - 1;
            RecordOrigin origin = origin(record, offset);
            checker.acceptInput(
                    record.topicKind() == InputKind.ORDERS
                            ? InputTopic.ORDERS
                            : InputTopic.INVENTORY,
                    new KafkaRecord(
                            origin.topic(),
                            origin.partition(),
                            origin.offset(),
                            origin.timestamp(),
                            origin.key(),
                            origin.value()));
        }
        Report report = checker.check();
        GeneratorCounts counts = stream.counts();

        assertThat(report.recordsReadTotal()).isEqualTo(counts.records());
        assertThat(report.duplicates()).isEqualTo(counts.duplicates());
        assertThat(report.deadLettersExpected()).isEqualTo(counts.deadLetters());
        assertThat(
                        report.expectedDeadLetters()
                                .get(io.orderflow.verifier.DeadLetterReason.CONFLICTING_ORDER))
                .isEqualTo(counts.conflictingOrders());
        assertThat(report.ordersApplied()).isEqualTo(counts.ordersPlaced());
    }

    private static List<GeneratedRecord> all(GeneratorSettings settings) {
        List<GeneratedRecord> out = new ArrayList<>();
        new OrderStream(settings).forEachRemaining(out::add);
        return out;
    }

    private static InputRecord decode(GeneratedRecord record, long offset) {
        return CODEC.decode(record.topicKind(), origin(record, offset));
    }

    private static RecordOrigin origin(GeneratedRecord record, long offset) {
        String topic = TopicNames.defaults().of(record.topicKind());
        return new RecordOrigin(topic, 0, offset, 1_000L + offset, record.key(), record.value());
    }
}
