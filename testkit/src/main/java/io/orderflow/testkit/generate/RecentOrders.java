package io.orderflow.testkit.generate;

import io.orderflow.schemas.OrderPlaced;

/**
 * A window of the orders placed last, for resends, re-placements, conflicts and cancellations; it
 * keeps the generator's memory bounded.
 */
final class RecentOrders {

    private static final int CAPACITY = 4096;

    private final Order[] recent = new Order[CAPACITY];
    private int count;
    private int next;

    void remember(Order order) {
        recent[next] = order;
        next = (next + 1) % CAPACITY;
        count = Math.min(count + 1, CAPACITY);
    }

    int count() {
        return count;
    }

    /** Any order of the window. */
    Order any(DeterministicRandom random) {
        return recent[Math.floorMod(next - 1 - random.nextInt(count), CAPACITY)];
    }

    /** Any order of the window but the last one; needs two or more. */
    Order anyBeforeLast(DeterministicRandom random) {
        return recent[Math.floorMod(next - 2 - random.nextInt(count - 1), CAPACITY)];
    }

    /** A placed order, its skus and which of its lines the shadow stock reserved. */
    static final class Order {
        private final OrderPlaced event;
        private final int[] skus;
        private final int reservedLines;
        private boolean cancelled;

        Order(OrderPlaced event, int[] skus, int reservedLines) {
            this.event = event;
            this.skus = skus;
            this.reservedLines = reservedLines;
        }

        OrderPlaced event() {
            return event;
        }

        int[] skus() {
            return skus;
        }

        int reservedLines() {
            return reservedLines;
        }

        boolean cancelled() {
            return cancelled;
        }

        void cancel() {
            cancelled = true;
        }
    }
}
