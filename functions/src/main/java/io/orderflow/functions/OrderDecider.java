package io.orderflow.functions;

import io.orderflow.schemas.OrderConfirmed;
import io.orderflow.schemas.RefundIssued;
import io.orderflow.schemas.RefundReason;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decides each order (keyed by orderId) once every line has an outcome: one confirmation for the
 * reserved lines, one OUT_OF_STOCK refund for the rejected ones, and one CANCELLED refund when a
 * cancellation takes effect. Order updates come from the gate, line outcomes from the ledgers, in
 * any relative order; both are kept until the order can move on.
 */
public class OrderDecider
        extends KeyedCoProcessFunction<String, OrderUpdate, LineOutcome, OrderConfirmed> {

    public static final OutputTag<RefundIssued> REFUNDS = new OutputTag<>("refunds") {};

    private final Duration dedupTtl;

    private transient ValueState<OrderProgress> state;
    private transient Counter confirmations;
    private transient Map<RefundReason, Counter> refunds;

    public OrderDecider(Duration dedupTtl) {
        this.dedupTtl = dedupTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<OrderProgress> descriptor =
                new ValueStateDescriptor<>("progress", OrderProgress.class);
        descriptor.enableTimeToLive(StateTtl.of(dedupTtl));
        state = getRuntimeContext().getState(descriptor);
        var metrics = getRuntimeContext().getMetricGroup();
        confirmations = metrics.counter(Metrics.CONFIRMATIONS);
        refunds = new EnumMap<>(RefundReason.class);
        for (RefundReason reason : RefundReason.values()) {
            refunds.put(reason, metrics.addGroup(Metrics.REASON_GROUP, reason.name()).counter(Metrics.REFUNDS));
        }
    }

    @Override
    public void processElement1(OrderUpdate update, Context ctx, Collector<OrderConfirmed> out)
            throws Exception {
        OrderProgress p = load();
        if (update.order() != null) {
            p.order = update.order();
            p.cancelledOnArrival = update.cancelEventId() != null;
        }
        if (update.cancelEventId() != null) {
            p.cancelEventId = update.cancelEventId();
            p.cancelAt = update.cancelAt();
        }
        advance(p, ctx, out);
    }

    @Override
    public void processElement2(LineOutcome outcome, Context ctx, Collector<OrderConfirmed> out)
            throws Exception {
        OrderProgress p = load();
        p.outcomes.add(outcome);
        advance(p, ctx, out);
    }

    private void advance(OrderProgress p, Context ctx, Collector<OrderConfirmed> out) throws Exception {
        Decisions.Emitted emitted = Decisions.advance(p);
        if (emitted.confirmed() != null) {
            confirmations.inc();
            out.collect(emitted.confirmed());
        }
        emitRefund(emitted.outOfStock(), ctx);
        emitRefund(emitted.cancelled(), ctx);
        if (emitted.finished()) {
            state.clear();
        } else {
            state.update(p);
        }
    }

    private void emitRefund(RefundIssued refund, Context ctx) {
        if (refund != null) {
            refunds.get(refund.reason()).inc();
            ctx.output(REFUNDS, refund);
        }
    }

    private OrderProgress load() throws Exception {
        OrderProgress p = state.value();
        return p == null ? new OrderProgress() : p;
    }
}
