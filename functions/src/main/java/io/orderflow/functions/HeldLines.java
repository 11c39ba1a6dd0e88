package io.orderflow.functions;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link SkuBook.DecidedLines} in a map of what each reserved line holds: the plain way, for the
 * books of tests and benchmarks. The ledger records rejected lines instead ({@link LedgerStore}).
 */
public final class HeldLines implements SkuBook.DecidedLines {

    private final Map<String, Long> held = new HashMap<>();

    @Override
    public void reserved(String orderId, long quantity) {
        if (held.put(orderId, quantity) != null) {
            throw new IllegalStateException("the line of " + orderId + " was reserved twice");
        }
    }

    @Override
    public void rejected(String orderId) {}

    @Override
    public Long release(String orderId, long quantity) {
        return held.remove(orderId);
    }
}
