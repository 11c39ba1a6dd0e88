package io.orderflow.local.verify;

import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.Fulfilment;
import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.OrderCancelled;
import io.orderflow.schemas.OrderConfirmed;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.RefundIssued;
import io.orderflow.schemas.RefundReason;
import io.orderflow.schemas.SourceRef;
import io.orderflow.schemas.StockCounted;
import io.orderflow.schemas.StockReceived;
import io.orderflow.schemas.json.EventCodec;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An independent checker of the contract's invariants 1 to 4 (section 5) on committed outputs. It
 * shares only the parsing of {@code schemas}: which inputs are applied, dropped as duplicates or
 * dead-lettered, and what each applied order calls for, it derives from the inputs itself.
 *
 * <p>Feed it every input record, in offset order within each partition (records of one key share a
 * partition, and only their order matters), and every output event, in any order; then call {@link
 * #check()}. It keeps a compact summary per order and per sku, not the records.
 *
 * <p>Reservations are seen only through confirmations: a line reserved early and confirmed later
 * (BACKORDER) counts at the confirmation's time, and a reservation released before any decision is
 * invisible. Both only make the replayed stock higher than the job's between stocktakes, so the
 * oversold check gives no false alarm unless a StockCounted falls inside such a gap.
 */
public final class InvariantChecker {

    private static final int RANK_STOCK = 0;
    private static final int RANK_RELEASE = 1;
    private static final int RANK_RESERVATION = 2;

    /** The order the contract applies per-sku events in: time, kind, then eventId or orderId. */
    private static final Comparator<LedgerEvent> LEDGER_ORDER =
            Comparator.comparingLong(LedgerEvent::at)
                    .thenComparingInt(LedgerEvent::rank)
                    .thenComparing(LedgerEvent::tie);

    private final EventCodec codec;
    private final Fulfilment defaultFulfilment;
    private final Map<String, String> interned = new HashMap<>();

    private final Map<String, Long> recordsRead = new LinkedHashMap<>();
    private final Map<String, OrderSummary> orders = new LinkedHashMap<>();
    private final Map<String, SkuStock> stock = new LinkedHashMap<>();
    private final Map<String, ExpectedDeadLetter> expectedDeadLetters = new LinkedHashMap<>();
    private final Map<String, SeenDeadLetter> seenDeadLetters = new LinkedHashMap<>();
    private final Map<DeadLetterReason, Long> expectedByReason =
            new EnumMap<>(DeadLetterReason.class);
    private final Map<DeadLetterReason, Long> writtenByReason =
            new EnumMap<>(DeadLetterReason.class);
    private final Map<RefundReason, Long> refunds = new EnumMap<>(RefundReason.class);
    private final Map<RefundReason, Long> amountRefunded = new EnumMap<>(RefundReason.class);
    private final Violations violations = new Violations();
    private long applied;
    private long duplicates;
    private long confirmations;
    private long amountConfirmed;

    /** A checker for a job run with the default options. */
    public InvariantChecker() {
        this(Fulfilment.PARTIAL, EventCodec.DEFAULT_MAX_RECORD_BYTES);
    }

    /** A checker for a job run with these {@code --default-fulfilment} and max record bytes. */
    public InvariantChecker(Fulfilment defaultFulfilment, int maxRecordBytes) {
        this.codec = new EventCodec(maxRecordBytes);
        this.defaultFulfilment = Objects.requireNonNull(defaultFulfilment, "defaultFulfilment");
    }

    // ---------------------------------------------------------------- inputs

    /** One record of an input topic; records of one partition must come in offset order. */
    public void acceptInput(InputKind kind, RecordOrigin origin) {
        recordsRead.merge(origin.topic(), 1L, Long::sum);
        InputRecord record = codec.decode(kind, origin);
        if (record.isDeadLetter()) {
            expectDeadLetter(origin, record.deadLetter().reason());
        } else if (record.orderPlaced() != null) {
            acceptPlaced(record.orderPlaced(), origin);
        } else if (record.orderCancelled() != null) {
            acceptCancelled(record.orderCancelled());
        } else if (record.stockReceived() != null) {
            StockReceived event = record.stockReceived();
            acceptStock(event.sku(), event.eventId(), event.occurredAt(), false, event.quantity());
        } else {
            StockCounted event = record.stockCounted();
            acceptStock(event.sku(), event.eventId(), event.occurredAt(), true, event.available());
        }
    }

    private void acceptPlaced(OrderPlaced event, RecordOrigin origin) {
        OrderSummary order = orders.computeIfAbsent(event.orderId(), id -> new OrderSummary());
        Fulfilment fulfilment = event.fulfilmentOr(defaultFulfilment);
        if (event.eventId().equals(order.placedEventId)
                || event.eventId().equals(order.cancelEventId)) {
            duplicates++;
        } else if (order.placed()) {
            if (order.sameContentAs(event, fulfilment)) {
                duplicates++;
            } else {
                expectDeadLetter(origin, DeadLetterReason.CONFLICTING_ORDER);
            }
        } else {
            order.place(event, fulfilment, this::intern);
            order.cancelledBeforePlaced = order.cancelled();
            applied++;
        }
    }

    private void acceptCancelled(OrderCancelled event) {
        OrderSummary order = orders.computeIfAbsent(event.orderId(), id -> new OrderSummary());
        if (event.eventId().equals(order.placedEventId) || order.cancelled()) {
            duplicates++;
        } else {
            order.cancelEventId = event.eventId();
            order.cancelAt = event.occurredAt();
            applied++;
        }
    }

    private void acceptStock(String sku, String eventId, long at, boolean counted, long quantity) {
        SkuStock history = stock.computeIfAbsent(intern(sku), s -> new SkuStock());
        if (history.eventIds.add(eventId)) {
            history.events.add(new LedgerEvent(at, RANK_STOCK, eventId, counted, quantity));
            applied++;
        } else {
            duplicates++;
        }
    }

    private void expectDeadLetter(RecordOrigin origin, DeadLetterReason reason) {
        String eventId = origin.topic() + "/" + origin.partition() + "/" + origin.offset();
        expectedDeadLetters.put(
                eventId,
                new ExpectedDeadLetter(
                        reason, DeadLetterEvidence.expected(origin), origin.timestamp()));
        expectedByReason.merge(reason, 1L, Long::sum);
    }

    // ---------------------------------------------------------------- outputs

    public void acceptConfirmation(OrderConfirmed event) {
        String orderId = event.orderId();
        confirmations++;
        amountConfirmed += event.amount();
        String expectedId = OrderConfirmed.eventIdFor(orderId);
        if (!expectedId.equals(event.eventId())) {
            violations.add(
                    ViolationKind.WRONG_FIELDS,
                    orderId
                            + ": OrderConfirmed has eventId "
                            + event.eventId()
                            + ", not "
                            + expectedId);
        }
        checkOwnAmount(orderId, "OrderConfirmed", event.lines(), event.amount());
        OrderSummary order = orders.computeIfAbsent(orderId, id -> new OrderSummary());
        if (++order.confirmationsSeen == 1) {
            order.confirmation =
                    summarize(
                            event.occurredAt(),
                            event.amount(),
                            event.lines(),
                            event.backordered(),
                            event.customerId(),
                            event.currency(),
                            event.causationId());
        }
    }

    /**
     * A confirmation read from Kafka: its key must be the orderId, its timestamp its occurredAt.
     */
    public void acceptConfirmation(OrderConfirmed event, String kafkaKey, long kafkaTimestamp) {
        checkEnvelope(
                event.orderId(),
                "OrderConfirmed",
                event.orderId(),
                kafkaKey,
                event.occurredAt(),
                kafkaTimestamp);
        acceptConfirmation(event);
    }

    public void acceptRefund(RefundIssued event) {
        String orderId = event.orderId();
        RefundReason reason = event.reason();
        refunds.merge(reason, 1L, Long::sum);
        amountRefunded.merge(reason, event.amount(), Long::sum);
        String what = reason + " refund";
        String expectedId = RefundIssued.eventIdFor(orderId, reason);
        if (!expectedId.equals(event.eventId())) {
            violations.add(
                    ViolationKind.WRONG_FIELDS,
                    orderId
                            + ": "
                            + what
                            + " has eventId "
                            + event.eventId()
                            + ", not "
                            + expectedId);
        }
        checkOwnAmount(orderId, what, event.lines(), event.amount());
        OrderSummary order = orders.computeIfAbsent(orderId, id -> new OrderSummary());
        OutputSummary summary =
                summarize(
                        event.occurredAt(),
                        event.amount(),
                        event.lines(),
                        false,
                        event.customerId(),
                        event.currency(),
                        event.causationId());
        if (reason == RefundReason.OUT_OF_STOCK) {
            if (++order.outOfStockSeen == 1) {
                order.outOfStock = summary;
            }
        } else if (++order.cancelledSeen == 1) {
            order.cancelledRefund = summary;
        }
    }

    /** A refund read from Kafka: its key must be the orderId, its timestamp its occurredAt. */
    public void acceptRefund(RefundIssued event, String kafkaKey, long kafkaTimestamp) {
        checkEnvelope(
                event.orderId(),
                event.reason() + " refund",
                event.orderId(),
                kafkaKey,
                event.occurredAt(),
                kafkaTimestamp);
        acceptRefund(event);
    }

    public void acceptDeadLetter(DeadLetter letter) {
        writtenByReason.merge(letter.reason(), 1L, Long::sum);
        SeenDeadLetter seen = seenDeadLetters.get(letter.eventId());
        if (seen != null) {
            seen.count++;
            return;
        }
        SourceRef source = letter.source();
        boolean sourceMatches =
                source != null
                        && letter.eventId()
                                .equals(
                                        source.topic()
                                                + "/"
                                                + source.partition()
                                                + "/"
                                                + source.offset())
                        && source.timestamp() == letter.occurredAt();
        seenDeadLetters.put(
                letter.eventId(),
                new SeenDeadLetter(
                        letter.reason(),
                        DeadLetterEvidence.of(letter),
                        DeadLetterEvidence.inconsistency(letter),
                        letter.occurredAt(),
                        sourceMatches));
    }

    /** A dead letter read from Kafka: its key must be the input's key, its timestamp occurredAt. */
    public void acceptDeadLetter(DeadLetter letter, String kafkaKey, long kafkaTimestamp) {
        checkEnvelope(
                letter.eventId(),
                "dead letter",
                letter.key(),
                kafkaKey,
                letter.occurredAt(),
                kafkaTimestamp);
        acceptDeadLetter(letter);
    }

    /** An output record that did not decode as an event of its topic. */
    public void acceptUnreadableOutput(String topic, int partition, long offset, String problem) {
        violations.add(
                ViolationKind.UNREADABLE_OUTPUT,
                topic + "/" + partition + "/" + offset + ": " + problem);
    }

    private OutputSummary summarize(
            long occurredAt,
            long amount,
            List<OrderLine> lines,
            boolean backordered,
            String customerId,
            String currency,
            String causationId) {
        return new OutputSummary(
                occurredAt,
                amount,
                lines,
                backordered,
                OutputSummary.fingerprint(customerId, currency, causationId),
                this::intern);
    }

    private void checkOwnAmount(String orderId, String what, List<OrderLine> lines, long amount) {
        Long sum = OutputSummary.sumOfLines(lines);
        if (sum == null || sum != amount) {
            violations.add(
                    ViolationKind.WRONG_AMOUNT,
                    orderId
                            + ": "
                            + what
                            + " amount "
                            + amount
                            + " but its lines sum to "
                            + (sum == null ? "more than a long holds" : sum));
        }
    }

    private void checkEnvelope(
            String id,
            String what,
            String expectedKey,
            String kafkaKey,
            long occurredAt,
            long kafkaTimestamp) {
        if (!Objects.equals(expectedKey, kafkaKey)) {
            violations.add(
                    ViolationKind.WRONG_FIELDS,
                    id + ": " + what + " has Kafka key " + kafkaKey + ", not " + expectedKey);
        }
        if (occurredAt != kafkaTimestamp) {
            violations.add(
                    ViolationKind.WRONG_FIELDS,
                    id
                            + ": "
                            + what
                            + " has Kafka timestamp "
                            + instant(kafkaTimestamp)
                            + ", not its occurredAt "
                            + instant(occurredAt));
        }
    }

    // ---------------------------------------------------------------- check

    /** Checks everything accepted so far. May be called again after more input. */
    public Report check() {
        Violations found = violations.copy();
        Map<String, List<LedgerEvent>> ledger = new LinkedHashMap<>();
        stock.forEach((sku, history) -> ledger.put(sku, new ArrayList<>(history.events)));
        long ordersApplied = 0;
        long undecided = 0;
        long cancelledNeverPlaced = 0;
        for (Map.Entry<String, OrderSummary> entry : orders.entrySet()) {
            String orderId = entry.getKey();
            OrderSummary order = entry.getValue();
            checkOutputCounts(orderId, order, found);
            addReservationsAndReleases(orderId, order, ledger);
            if (!order.placed()) {
                if (order.hasOutputs()) {
                    found.add(
                            ViolationKind.OUTPUT_FOR_UNKNOWN_ORDER,
                            orderId
                                    + ": "
                                    + describeOutputs(order)
                                    + " but no OrderPlaced of it was applied");
                } else if (order.cancelled()) {
                    cancelledNeverPlaced++;
                }
                continue;
            }
            ordersApplied++;
            if (checkOrder(orderId, order, found)) {
                undecided++;
            }
        }
        checkStock(ledger, found);
        checkDeadLetters(found);
        return new Report(
                recordsRead,
                applied,
                duplicates,
                expectedByReason,
                ordersApplied,
                confirmations,
                amountConfirmed,
                refunds,
                amountRefunded,
                writtenByReason,
                undecided,
                cancelledNeverPlaced,
                found.summaries());
    }

    private static void checkOutputCounts(String orderId, OrderSummary order, Violations found) {
        countAtMostOne(orderId, "OrderConfirmed", order.confirmationsSeen, found);
        countAtMostOne(orderId, "OUT_OF_STOCK refunds", order.outOfStockSeen, found);
        countAtMostOne(orderId, "CANCELLED refunds", order.cancelledSeen, found);
    }

    private static void countAtMostOne(String orderId, String what, int seen, Violations found) {
        if (seen > 1) {
            found.add(ViolationKind.DUPLICATE_OUTPUT, orderId + ": " + seen + " " + what);
        }
    }

    /**
     * Checks the money of one applied order. Returns true when it is a BACKORDER order still
     * waiting for stock, which is information, not a violation.
     */
    private boolean checkOrder(String id, OrderSummary order, Violations found) {
        OutputSummary confirmation = order.confirmation;
        OutputSummary outOfStock = order.outOfStock;
        OutputSummary cancelled = order.cancelledRefund;
        BitSet confirmedLines = linesOf(id, "OrderConfirmed", order, confirmation, found);
        BitSet outOfStockLines = linesOf(id, "OUT_OF_STOCK refund", order, outOfStock, found);
        BitSet cancelledLines = linesOf(id, "CANCELLED refund", order, cancelled, found);
        checkFields(id, "OrderConfirmed", order, confirmation, order.placedEventId, found);
        checkFields(id, "OUT_OF_STOCK refund", order, outOfStock, order.placedEventId, found);
        if (order.cancelled()) {
            checkFields(id, "CANCELLED refund", order, cancelled, order.cancelEventId, found);
        }
        boolean decided = confirmation != null || outOfStock != null;
        if (order.cancelledBeforePlaced) {
            if (decided) {
                found.add(
                        ViolationKind.UNEXPECTED_OUTPUT,
                        id
                                + ": cancelled before it was placed, yet has "
                                + (confirmation != null
                                        ? "an OrderConfirmed"
                                        : "an OUT_OF_STOCK refund"));
            }
            checkWholeRefund(id, order, cancelledLines, "cancelled before it was placed", found);
            return false;
        }
        if (decided) {
            checkDecision(id, order, confirmedLines, outOfStockLines, found);
            checkCancelAfterDecision(id, order, confirmedLines, cancelledLines, found);
            return false;
        }
        if (order.fulfilment == Fulfilment.PARTIAL) {
            found.add(
                    ViolationKind.LOST_DECISION,
                    id
                            + ": PARTIAL order placed at "
                            + instant(order.placedAt)
                            + " has no OrderConfirmed and no OUT_OF_STOCK refund");
            return false;
        }
        if (order.cancelled()) {
            checkWholeRefund(id, order, cancelledLines, "cancelled before its decision", found);
            return false;
        }
        if (cancelled != null) {
            found.add(
                    ViolationKind.UNEXPECTED_OUTPUT,
                    id + ": CANCELLED refund without an applied OrderCancelled");
        }
        return true;
    }

    private void checkDecision(
            String id,
            OrderSummary order,
            BitSet confirmedLines,
            BitSet outOfStockLines,
            Violations found) {
        OutputSummary confirmation = order.confirmation;
        OutputSummary outOfStock = order.outOfStock;
        if (confirmedLines != null && outOfStockLines != null) {
            BitSet both = (BitSet) confirmedLines.clone();
            both.and(outOfStockLines);
            BitSet neither = new BitSet();
            neither.set(0, order.skus.length);
            neither.andNot(confirmedLines);
            neither.andNot(outOfStockLines);
            long confirmed = confirmation == null ? 0 : confirmation.amount;
            long refunded = outOfStock == null ? 0 : outOfStock.amount;
            if (!both.isEmpty()) {
                found.add(
                        ViolationKind.WRONG_LINES,
                        id
                                + ": "
                                + describeLines(order, both)
                                + " both confirmed and refunded OUT_OF_STOCK");
            } else if (!neither.isEmpty() && outOfStock == null) {
                found.add(
                        ViolationKind.MISSING_REFUND,
                        id
                                + ": confirmed "
                                + confirmed
                                + " of total "
                                + order.total
                                + " but no OUT_OF_STOCK refund for "
                                + describeLines(order, neither));
            } else if (!neither.isEmpty()) {
                found.add(
                        ViolationKind.WRONG_AMOUNT,
                        id
                                + ": confirmed "
                                + confirmed
                                + " + OUT_OF_STOCK "
                                + refunded
                                + " = "
                                + (confirmed + refunded)
                                + ", not the total "
                                + order.total
                                + " ("
                                + describeLines(order, neither)
                                + " in neither)");
            }
        }
        if (confirmation != null
                && outOfStock != null
                && confirmation.occurredAt != outOfStock.occurredAt) {
            found.add(
                    ViolationKind.WRONG_FIELDS,
                    id
                            + ": OrderConfirmed at "
                            + instant(confirmation.occurredAt)
                            + " but OUT_OF_STOCK refund at "
                            + instant(outOfStock.occurredAt)
                            + ": one decision has one time");
        }
        long decidedAt = decidedAt(order);
        if (order.fulfilment == Fulfilment.PARTIAL) {
            if (decidedAt != order.placedAt) {
                found.add(
                        ViolationKind.WRONG_FIELDS,
                        id
                                + ": PARTIAL order decided at "
                                + instant(decidedAt)
                                + ", not at its own occurredAt "
                                + instant(order.placedAt));
            }
            if (confirmation != null && confirmation.backordered) {
                found.add(
                        ViolationKind.WRONG_FIELDS,
                        id + ": PARTIAL order confirmed with backordered=true");
            }
        } else if (decidedAt < order.placedAt) {
            found.add(
                    ViolationKind.WRONG_FIELDS,
                    id
                            + ": decided at "
                            + instant(decidedAt)
                            + ", before it was placed at "
                            + instant(order.placedAt));
        }
    }

    private void checkCancelAfterDecision(
            String id,
            OrderSummary order,
            BitSet confirmedLines,
            BitSet cancelledLines,
            Violations found) {
        OutputSummary confirmation = order.confirmation;
        OutputSummary cancelled = order.cancelledRefund;
        if (!order.cancelled()) {
            if (cancelled != null) {
                found.add(
                        ViolationKind.UNEXPECTED_OUTPUT,
                        id + ": CANCELLED refund without an applied OrderCancelled");
            }
            return;
        }
        long effective = order.cancelEffectiveAt();
        if (decidedAt(order) > effective) {
            found.add(
                    ViolationKind.UNEXPECTED_OUTPUT,
                    id
                            + ": decided at "
                            + instant(decidedAt(order))
                            + ", after its cancellation took effect at "
                            + instant(effective));
        }
        if (confirmation == null) {
            if (cancelled != null) {
                found.add(
                        ViolationKind.UNEXPECTED_OUTPUT,
                        id
                                + ": CANCELLED refund of "
                                + cancelled.amount
                                + " although nothing was confirmed");
            }
            return;
        }
        if (cancelled == null) {
            found.add(
                    ViolationKind.MISSING_REFUND,
                    id
                            + ": cancelled after its confirmation of "
                            + confirmation.amount
                            + ", but has no CANCELLED refund");
            return;
        }
        if (cancelled.amount != confirmation.amount) {
            found.add(
                    ViolationKind.WRONG_AMOUNT,
                    id
                            + ": CANCELLED refund of "
                            + cancelled.amount
                            + " after a confirmation of "
                            + confirmation.amount
                            + ": it must equal the confirmed amount");
        } else if (confirmedLines != null
                && cancelledLines != null
                && !confirmedLines.equals(cancelledLines)) {
            found.add(
                    ViolationKind.WRONG_LINES,
                    id
                            + ": CANCELLED refund lines "
                            + describeLines(order, cancelledLines)
                            + " are not the confirmed lines "
                            + describeLines(order, confirmedLines));
        }
        checkCancelTime(id, order, cancelled, found);
    }

    private void checkWholeRefund(
            String id,
            OrderSummary order,
            BitSet cancelledLines,
            String context,
            Violations found) {
        OutputSummary cancelled = order.cancelledRefund;
        if (cancelled == null) {
            found.add(
                    ViolationKind.MISSING_REFUND,
                    id
                            + ": "
                            + context
                            + ", but has no CANCELLED refund of the total "
                            + order.total);
            return;
        }
        if (cancelled.amount != order.total) {
            found.add(
                    ViolationKind.WRONG_AMOUNT,
                    id
                            + ": CANCELLED refund of "
                            + cancelled.amount
                            + ", but it was "
                            + context
                            + " so it must refund the total "
                            + order.total);
        } else if (cancelledLines != null && cancelledLines.cardinality() != order.skus.length) {
            BitSet missing = new BitSet();
            missing.set(0, order.skus.length);
            missing.andNot(cancelledLines);
            found.add(
                    ViolationKind.WRONG_LINES,
                    id
                            + ": CANCELLED refund of the whole order lacks "
                            + describeLines(order, missing));
        }
        checkCancelTime(id, order, cancelled, found);
    }

    private static void checkCancelTime(
            String id, OrderSummary order, OutputSummary cancelled, Violations found) {
        long effective = order.cancelEffectiveAt();
        if (cancelled.occurredAt != effective) {
            found.add(
                    ViolationKind.WRONG_FIELDS,
                    id
                            + ": CANCELLED refund at "
                            + instant(cancelled.occurredAt)
                            + ", but the cancellation took effect at "
                            + instant(effective));
        }
    }

    private static void checkFields(
            String id,
            String what,
            OrderSummary order,
            OutputSummary output,
            String causationId,
            Violations found) {
        if (output != null
                && output.fieldsFingerprint
                        != OutputSummary.fingerprint(
                                order.customerId, order.currency, causationId)) {
            found.add(
                    ViolationKind.WRONG_FIELDS,
                    id
                            + ": "
                            + what
                            + " differs from its order in customerId, currency or"
                            + " causationId (expected "
                            + order.customerId
                            + ", "
                            + order.currency
                            + ", "
                            + causationId
                            + ")");
        }
    }

    /**
     * Which lines of the order {@code output} names, or null (and a violation) when one of its
     * lines is not a line of the order or they are out of the order's line order.
     */
    private static BitSet linesOf(
            String id, String what, OrderSummary order, OutputSummary output, Violations found) {
        if (output == null) {
            return new BitSet();
        }
        BitSet lines = new BitSet();
        int previous = -1;
        for (int i = 0; i < output.skus.length; i++) {
            int index = indexOfSku(order, output.skus[i]);
            if (index < 0
                    || order.quantities[index] != output.quantities[i]
                    || order.unitPrices[index] != output.unitPrices[i]) {
                found.add(
                        ViolationKind.WRONG_LINES,
                        id
                                + ": "
                                + what
                                + " line "
                                + output.skus[i]
                                + " x"
                                + output.quantities[i]
                                + " @"
                                + output.unitPrices[i]
                                + " is not a line of the order");
                return null;
            }
            if (index <= previous) {
                found.add(
                        ViolationKind.WRONG_LINES,
                        id + ": " + what + " lines repeat or leave the order's line order");
                return null;
            }
            previous = index;
            lines.set(index);
        }
        return lines;
    }

    private static int indexOfSku(OrderSummary order, String sku) {
        for (int i = 0; i < order.skus.length; i++) {
            if (order.skus[i].equals(sku)) {
                return i;
            }
        }
        return -1;
    }

    private static long decidedAt(OrderSummary order) {
        long at = Long.MIN_VALUE;
        if (order.confirmation != null) {
            at = order.confirmation.occurredAt;
        }
        if (order.outOfStock != null) {
            at = Math.max(at, order.outOfStock.occurredAt);
        }
        return at;
    }

    /** Confirmed lines leave stock at the confirmation; a later CANCELLED refund returns them. */
    private static void addReservationsAndReleases(
            String orderId, OrderSummary order, Map<String, List<LedgerEvent>> ledger) {
        OutputSummary confirmation = order.confirmation;
        if (confirmation == null) {
            return;
        }
        for (int i = 0; i < confirmation.skus.length; i++) {
            ledger.computeIfAbsent(confirmation.skus[i], s -> new ArrayList<>())
                    .add(
                            new LedgerEvent(
                                    confirmation.occurredAt,
                                    RANK_RESERVATION,
                                    orderId,
                                    false,
                                    -confirmation.quantities[i]));
            if (order.cancelledRefund != null) {
                ledger.get(confirmation.skus[i])
                        .add(
                                new LedgerEvent(
                                        order.cancelledRefund.occurredAt,
                                        RANK_RELEASE,
                                        orderId,
                                        false,
                                        confirmation.quantities[i]));
            }
        }
    }

    private static void checkStock(Map<String, List<LedgerEvent>> ledger, Violations found) {
        for (Map.Entry<String, List<LedgerEvent>> entry : ledger.entrySet()) {
            List<LedgerEvent> events = entry.getValue();
            events.sort(LEDGER_ORDER);
            long available = 0;
            long lowest = 0;
            LedgerEvent firstBelowZero = null;
            long availableThen = 0;
            for (LedgerEvent event : events) {
                available = event.sets() ? event.quantity() : available + event.quantity();
                if (available < 0 && firstBelowZero == null) {
                    firstBelowZero = event;
                    availableThen = available;
                }
                lowest = Math.min(lowest, available);
            }
            if (firstBelowZero != null) {
                found.add(
                        ViolationKind.OVERSOLD,
                        entry.getKey()
                                + ": available "
                                + availableThen
                                + " after confirming "
                                + -firstBelowZero.quantity()
                                + " to order "
                                + firstBelowZero.tie()
                                + " at "
                                + instant(firstBelowZero.at())
                                + (lowest < availableThen ? " (lowest " + lowest + ")" : ""));
            }
        }
    }

    private void checkDeadLetters(Violations found) {
        for (Map.Entry<String, ExpectedDeadLetter> entry : expectedDeadLetters.entrySet()) {
            String eventId = entry.getKey();
            ExpectedDeadLetter expected = entry.getValue();
            SeenDeadLetter seen = seenDeadLetters.get(eventId);
            if (seen == null) {
                found.add(
                        ViolationKind.UNACCOUNTED_INPUT,
                        eventId
                                + " (key "
                                + expected.evidence().key()
                                + "): expected a "
                                + expected.reason()
                                + " dead letter, found none");
                continue;
            }
            if (seen.reason != expected.reason()) {
                found.add(
                        ViolationKind.WRONG_DEAD_LETTER,
                        eventId + ": reason " + seen.reason + ", expected " + expected.reason());
            } else if (!Objects.equals(seen.evidence.key(), expected.evidence().key())) {
                found.add(
                        ViolationKind.WRONG_DEAD_LETTER,
                        eventId
                                + ": key "
                                + seen.evidence.key()
                                + ", but the record's key (cut to 1 KiB) is "
                                + expected.evidence().key());
            } else if (!seen.evidence.equals(expected.evidence())) {
                found.add(
                        ViolationKind.WRONG_DEAD_LETTER,
                        eventId
                                + ": value differs from the record's original value (valueBytes "
                                + seen.evidence.valueBytes()
                                + ", valueSha256 "
                                + seen.evidence.valueSha256()
                                + "; the record has "
                                + expected.evidence().valueBytes()
                                + " bytes, SHA-256 "
                                + expected.evidence().valueSha256()
                                + ")");
            } else if (seen.inconsistency != null) {
                found.add(ViolationKind.WRONG_DEAD_LETTER, eventId + ": " + seen.inconsistency);
            } else if (!seen.sourceMatches || seen.occurredAt != expected.timestamp()) {
                found.add(
                        ViolationKind.WRONG_DEAD_LETTER,
                        eventId
                                + ": source or occurredAt differ from the record's coordinates"
                                + " and timestamp "
                                + instant(expected.timestamp()));
            }
            if (seen.count > 1) {
                found.add(
                        ViolationKind.DUPLICATE_OUTPUT,
                        eventId + ": dead letter written " + seen.count + " times");
            }
        }
        for (Map.Entry<String, SeenDeadLetter> entry : seenDeadLetters.entrySet()) {
            if (!expectedDeadLetters.containsKey(entry.getKey())) {
                found.add(
                        ViolationKind.UNEXPECTED_DEAD_LETTER,
                        entry.getKey()
                                + " ("
                                + entry.getValue().reason
                                + "): no record read there should be a dead letter");
            }
        }
    }

    private static String describeOutputs(OrderSummary order) {
        List<String> parts = new ArrayList<>();
        if (order.confirmationsSeen > 0) {
            parts.add("an OrderConfirmed");
        }
        if (order.outOfStockSeen > 0) {
            parts.add("an OUT_OF_STOCK refund");
        }
        if (order.cancelledSeen > 0) {
            parts.add("a CANCELLED refund");
        }
        return "has " + String.join(" and ", parts);
    }

    private static String describeLines(OrderSummary order, BitSet lines) {
        List<String> parts = new ArrayList<>();
        for (int i = lines.nextSetBit(0); i >= 0; i = lines.nextSetBit(i + 1)) {
            parts.add(order.describeLine(i));
        }
        return parts.isEmpty() ? "no lines" : "lines [" + String.join(", ", parts) + "]";
    }

    private String intern(String value) {
        if (value == null) {
            return null;
        }
        String known = interned.putIfAbsent(value, value);
        return known == null ? value : known;
    }

    private static String instant(long epochMillis) {
        return EventCodec.formatInstant(epochMillis);
    }

    /** One change to a sku's stock: a stock event, a release or a reservation (negative). */
    private record LedgerEvent(long at, int rank, String tie, boolean sets, long quantity) {}

    private static final class SkuStock {
        final Set<String> eventIds = new HashSet<>();
        final List<LedgerEvent> events = new ArrayList<>();
    }

    private record ExpectedDeadLetter(
            DeadLetterReason reason, DeadLetterEvidence evidence, long timestamp) {}

    private static final class SeenDeadLetter {
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
