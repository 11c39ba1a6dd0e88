package io.orderflow.functions;

import io.orderflow.schemas.InputRecord;
import java.util.stream.Stream;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/**
 * Runs the {@link OrderGate} and, when the subtask opens, tells it which orderIds its keyed state
 * holds (after a restore, at whatever parallelism), so that its in-memory filter of held orderIds
 * lets none of them skip the lookup.
 */
public final class OrderGateOperator
        extends KeyedProcessOperator<String, InputRecord, LedgerEntry> {

    private static final long serialVersionUID = 1L;

    private final OrderGate gate;

    public OrderGateOperator(OrderGate gate) {
        super(gate);
        this.gate = gate;
    }

    @Override
    public void open() throws Exception {
        super.open();
        long now = getProcessingTimeService().getCurrentProcessingTime();
        try (Stream<String> held =
                this.<String>getKeyedStateBackend()
                        .getKeys(OrderGate.STATE_NAME, VoidNamespace.INSTANCE)) {
            gate.rememberHeld(held, now);
        }
    }
}
