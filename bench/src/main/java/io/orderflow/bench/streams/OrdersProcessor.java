package io.orderflow.bench.streams;

import io.orderflow.functions.Decisions;
import io.orderflow.functions.LedgerEntry;
import io.orderflow.functions.LineOutcome;
import io.orderflow.functions.OrderProgress;
import io.orderflow.functions.OrderUpdate;
import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.Fulfilment;
import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.OrderCancelled;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.OrderStatus;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.RefundIssued;
import io.orderflow.schemas.json.EventCodec;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The peer's order side, keyed by orderId: the gate (dedup, conflicting re-placements,
 * cancellations that come first) and the decider (line outcomes to confirmations and refunds) in
 * one processor over one store, since both are keyed by orderId. It reads the orders topic and the
 * outcomes topic (co-partitioned by orderId) and writes ledger lines keyed by sku (and its
 * watermarks behind them), decisions and dead letters.
 */
final class OrdersProcessor implements Processor<String, byte[], String, byte[]> {

    private final StreamsPeer.Settings settings;
    private final EventCodec codec;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> orders;
    private ProgressMarker progress;

    OrdersProcessor(StreamsPeer.Settings settings) {
        this.settings = settings;
        this.codec = new EventCodec(settings.maxRecordBytes());
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.orders = context.getStateStore(StreamsPeer.ORDERS_STORE);
        this.progress =
                new ProgressMarker(
                        context,
                        settings.ordersTopic(),
                        context.taskId().partition(),
                        settings.graceMillis(),
                        settings.idleTimeoutMillis());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        if (meta.topic().equals(settings.outcomesTopic())) {
            LineOutcome outcome = StateCodec.decodeOutcome(record.value());
            OrderState state = load(outcome.orderId());
            if (state.progress == null) {
                state.progress = new OrderProgress();
            }
            state.progress.outcomes.add(outcome);
            advance(outcome.orderId(), state);
            return;
        }
        RecordOrigin origin =
                new RecordOrigin(
                        meta.topic(),
                        meta.partition(),
                        meta.offset(),
                        record.timestamp(),
                        record.key(),
                        record.value());
        InputRecord input = codec.decode(InputKind.ORDERS, origin);
        if (input.isDeadLetter()) {
            progress.input(Long.MIN_VALUE);
            deadLetter(input.deadLetter());
            return;
        }
        progress.input(input.occurredAt());
        String orderId = input.key();
        OrderState state = load(orderId);
        if (state.hasApplied(input.eventId())) {
            return; // duplicate
        }
        if (input.orderPlaced() != null) {
            place(input.orderPlaced(), origin, state);
        } else {
            cancel(input.orderCancelled(), state);
        }
    }

    private void place(OrderPlaced order, RecordOrigin origin, OrderState state) {
        if (state.placed != null) {
            if (!order.sameContentAs(state.placed, settings.defaultFulfilment())) {
                deadLetter(
                        DeadLetter.of(
                                DeadLetterReason.CONFLICTING_ORDER,
                                conflictDetail(order, state.placed),
                                origin));
            }
            return;
        }
        state.placed = order;
        if (state.cancelEventId != null) {
            long at = OrderUpdate.cancelEffectiveAt(state.cancelOccurredAt, order.occurredAt());
            update(state, OrderUpdate.placedAlreadyCancelled(order, state.cancelEventId, at));
            advance(order.orderId(), state);
            return;
        }
        update(state, OrderUpdate.placed(order));
        boolean backorder =
                order.fulfilmentOr(settings.defaultFulfilment()) == Fulfilment.BACKORDER;
        for (int i = 0; i < order.lines().size(); i++) {
            LedgerEntry line =
                    LedgerEntry.reserve(order, i, backorder, settings.backorderWindowMillis());
            context.forward(
                    new Record<>(line.sku(), StateCodec.encode(line), line.time()),
                    StreamsPeer.LINES_SINK);
        }
        advance(order.orderId(), state);
    }

    private void cancel(OrderCancelled cancel, OrderState state) {
        if (state.cancelEventId != null) {
            return; // a second cancellation is a duplicate
        }
        state.cancelEventId = cancel.eventId();
        state.cancelOccurredAt = cancel.occurredAt();
        if (state.placed == null) {
            orders.put(cancel.orderId(), StateCodec.encode(state));
            return;
        }
        OrderPlaced order = state.placed;
        long at = OrderUpdate.cancelEffectiveAt(cancel.occurredAt(), order.occurredAt());
        for (int i = 0; i < order.lines().size(); i++) {
            LedgerEntry release = LedgerEntry.release(order, i, at);
            context.forward(
                    new Record<>(release.sku(), StateCodec.encode(release), release.time()),
                    StreamsPeer.LINES_SINK);
        }
        update(state, OrderUpdate.cancelled(order, cancel.eventId(), at));
        advance(order.orderId(), state);
    }

    /** What OrderDecider does with an update from the gate. */
    private static void update(OrderState state, OrderUpdate update) {
        if (state.progress == null) {
            state.progress = new OrderProgress();
        }
        OrderProgress p = state.progress;
        if (update.placement()) {
            p.order = update.order();
            p.cancelledOnArrival = update.cancelEventId() != null;
        }
        if (update.cancelEventId() != null) {
            p.cancelEventId = update.cancelEventId();
            p.cancelAt = update.cancelAt();
        }
    }

    private void advance(String orderId, OrderState state) {
        if (state.progress != null && state.progress.order == null && state.placed != null) {
            state.progress.order = state.placed;
        }
        if (state.progress != null) {
            Decisions.Emitted emitted = Decisions.advance(state.progress);
            for (OrderStatus status : emitted.statuses()) {
                context.forward(
                        new Record<>(orderId, codec.encode(status), status.occurredAt()),
                        StreamsPeer.STATUS_SINK);
            }
            if (emitted.confirmed() != null) {
                context.forward(
                        new Record<>(
                                orderId,
                                codec.encode(emitted.confirmed()),
                                emitted.confirmed().occurredAt()),
                        StreamsPeer.CONFIRMATIONS_SINK);
            }
            refund(emitted.outOfStock());
            refund(emitted.cancelled());
            if (emitted.finished()) {
                state.progress = null;
            }
        }
        orders.put(orderId, StateCodec.encode(state));
    }

    private void refund(RefundIssued refund) {
        if (refund != null) {
            context.forward(
                    new Record<>(refund.orderId(), codec.encode(refund), refund.occurredAt()),
                    StreamsPeer.REFUNDS_SINK);
        }
    }

    private String conflictDetail(OrderPlaced order, OrderPlaced first) {
        Fulfilment f = settings.defaultFulfilment();
        String field =
                !order.customerId().equals(first.customerId())
                        ? "customerId"
                        : !order.currency().equals(first.currency())
                                ? "currency"
                                : order.fulfilmentOr(f) != first.fulfilmentOr(f)
                                        ? "fulfilment"
                                        : "lines";
        return "orderId "
                + order.orderId()
                + " was already placed by event "
                + first.eventId()
                + "; a new OrderPlaced must repeat its content, but "
                + field
                + " differs";
    }

    private void deadLetter(DeadLetter letter) {
        context.forward(
                new Record<>(letter.key(), codec.encode(letter), letter.occurredAt()),
                StreamsPeer.DEAD_LETTERS_SINK);
    }

    private OrderState load(String orderId) {
        byte[] bytes = orders.get(orderId);
        return bytes == null ? new OrderState() : StateCodec.decodeOrderState(orderId, bytes);
    }
}
