package io.orderflow.verifier;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the checker has been fed, kept compact: a summary per order and per sku, the dead
 * letters expected and written, and the counts. The intakes ({@link Accounting}, {@link
 * MoneyCheck}, {@link DeadLetterCheck}) fill it; every {@link Check} reads it.
 */
final class Observations {

    final Map<String, Long> recordsRead = new LinkedHashMap<>();
    final Map<String, OrderSummary> orders = new LinkedHashMap<>();
    final Map<String, SkuHistory> stock = new LinkedHashMap<>();
    final Map<String, ExpectedDeadLetter> expectedDeadLetters = new LinkedHashMap<>();
    final Map<String, SeenDeadLetter> seenDeadLetters = new LinkedHashMap<>();
    final Map<DeadLetterReason, Long> expectedByReason = new EnumMap<>(DeadLetterReason.class);
    final Map<DeadLetterReason, Long> writtenByReason = new EnumMap<>(DeadLetterReason.class);
    final Map<RefundReason, Long> refunds = new EnumMap<>(RefundReason.class);
    final Map<RefundReason, Long> amountRefunded = new EnumMap<>(RefundReason.class);

    /** Violations seen as a record arrived (its own fields, key and timestamp). */
    final Violations atIntake = new Violations();

    long applied;
    long duplicates;
    long confirmations;
    long amountConfirmed;

    private final Map<String, String> interned = new HashMap<>();

    OrderSummary order(String orderId) {
        return orders.computeIfAbsent(orderId, id -> new OrderSummary());
    }

    SkuHistory sku(String sku) {
        return stock.computeIfAbsent(intern(sku), s -> new SkuHistory());
    }

    /** One copy of each sku and currency, however many orders name it. */
    String intern(String value) {
        if (value == null) {
            return null;
        }
        String known = interned.putIfAbsent(value, value);
        return known == null ? value : known;
    }

    /** The applied stock events of one sku, and their eventIds for deduplication. */
    static final class SkuHistory {
        final Set<String> eventIds = new HashSet<>();
        final List<StockReplayCheck.LedgerEvent> events = new ArrayList<>();
    }

    /** The dead letter an input record calls for. */
    record ExpectedDeadLetter(
            DeadLetterReason reason, DeadLetterEvidence evidence, long timestamp) {}

    /** The first dead letter written with one eventId, and how many were. */
    static final class SeenDeadLetter {
        final DeadLetterReason reason;
        final DeadLetterEvidence evidence;
        final String inconsistency;
        final long occurredAt;
        final boolean sourceMatches;
        int count = 1;

        SeenDeadLetter(
                DeadLetterReason reason,
                DeadLetterEvidence evidence,
                String inconsistency,
                long occurredAt,
                boolean sourceMatches) {
            this.reason = reason;
            this.evidence = evidence;
            this.inconsistency = inconsistency;
            this.occurredAt = occurredAt;
            this.sourceMatches = sourceMatches;
        }
    }
}
