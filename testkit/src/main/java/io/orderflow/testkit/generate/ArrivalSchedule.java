package io.orderflow.testkit.generate;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * When records that do not go out at once arrive, counted in orders placed: resends and
 * re-placements a few orders after their original, orders held back behind their own cancellation,
 * restocks after the restock delay. Every resend follows its original within {@value
 * #MAX_RESEND_DELAY_ORDERS} orders, far less than the job's 500 ms of out-of-orderness.
 */
final class ArrivalSchedule {

    /** Resends follow within this many orders: far less than 500 ms of event time. */
    private static final int MAX_RESEND_DELAY_ORDERS = 20;

    private static final int MAX_CANCEL_FIRST_DELAY_ORDERS = 10;

    private final PriorityQueue<Scheduled> scheduled =
            new PriorityQueue<>(
                    Comparator.comparingLong(Scheduled::dueOrder)
                            .thenComparingLong(Scheduled::seq));
    private long currentOrder;
    private long scheduleSeq;

    /** The index of the order being placed now; the number placed once all are. */
    long currentOrder() {
        return currentOrder;
    }

    /** The next order's turn. */
    void advance() {
        currentOrder++;
    }

    /** When a resend of something sent now arrives. */
    long resendDue(DeterministicRandom random) {
        return currentOrder + 1 + random.nextInt(MAX_RESEND_DELAY_ORDERS);
    }

    /** When an order whose cancellation overtakes it arrives. */
    long heldBackDue(DeterministicRandom random) {
        return currentOrder + 1 + random.nextInt(MAX_CANCEL_FIRST_DELAY_ORDERS);
    }

    /** {@code orders} orders from now. */
    long inOrders(long orders) {
        return currentOrder + orders;
    }

    /**
     * {@code essential}: sent even after the last order (resends, held-back orders), else dropped
     * then.
     */
    void at(long dueOrder, boolean essential, Runnable action) {
        scheduled.add(new Scheduled(dueOrder, scheduleSeq++, essential, action));
    }

    /** Runs what is due by the current order. */
    void runDue() {
        while (!scheduled.isEmpty() && scheduled.peek().dueOrder() <= currentOrder) {
            scheduled.poll().action().run();
        }
    }

    /** At the end, resends and held-back orders still go out; pending restocks are dropped. */
    void drain() {
        while (!scheduled.isEmpty()) {
            Scheduled next = scheduled.poll();
            if (next.essential()) {
                next.action().run();
            }
        }
    }

    private record Scheduled(long dueOrder, long seq, boolean essential, Runnable action) {}
}
