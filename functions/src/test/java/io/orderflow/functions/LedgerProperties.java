package io.orderflow.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.StockCounted;
import io.orderflow.schemas.StockReceived;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The ledger never oversells, whatever stock, reservations, releases and expiries it sees. */
class LedgerProperties {

    record Step(int kind, int time, long quantity, int order, boolean backorder) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step =
                Combinators.combine(
                                Arbitraries.integers().between(0, 3),
                                Arbitraries.integers().between(0, 50),
                                Arbitraries.longs().between(0, 20),
                                Arbitraries.integers().between(0, 15),
                                Arbitraries.of(true, false))
                        .as(Step::new);
        return step.list().ofMaxSize(80);
    }

    @Property(tries = 500)
    void availableNeverGoesBelowZeroAndReservationsBalance(@ForAll("steps") List<Step> steps) {
        List<LedgerEntry> entries = new ArrayList<>();
        Map<Integer, OrderPlaced> orders = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            switch (s.kind()) {
                case 0:
                    entries.add(
                            LedgerEntry.stock(
                                    InputRecord.of(
                                            new StockReceived(
                                                    "r" + i,
                                                    s.time(),
                                                    "A",
                                                    Math.max(1, s.quantity())))));
                    break;
                case 1:
                    entries.add(
                            LedgerEntry.stock(
                                    InputRecord.of(
                                            new StockCounted(
                                                    "c" + i, s.time(), "A", s.quantity()))));
                    break;
                case 2:
                    if (!orders.containsKey(s.order())) {
                        OrderPlaced o =
                                new OrderPlaced(
                                        "e" + s.order(),
                                        s.time(),
                                        "o" + s.order(),
                                        "c",
                                        "EUR",
                                        null,
                                        List.of(new OrderLine("A", Math.max(1, s.quantity()), 1)));
                        orders.put(s.order(), o);
                        entries.add(LedgerEntry.reserve(o, 0, s.backorder(), 10));
                    }
                    break;
                default:
                    OrderPlaced o = orders.get(s.order());
                    if (o != null) {
                        entries.add(
                                LedgerEntry.release(o, 0, Math.max(s.time(), o.occurredAt() + 1)));
                    }
            }
        }
        entries.sort(LedgerEntry.APPLY_ORDER);

        SkuBook book = new SkuBook();
        Set<String> decided = new HashSet<>();
        HeldLines reservations = new HeldLines(); // throws when a line is reserved twice
        for (LedgerEntry e : entries) {
            book.expire(e.time(), reservations, o -> assertThat(decided.add(o.orderId())).isTrue());
            book.apply(
                    e,
                    reservations,
                    o -> {
                        if (o.result().isFinal()) {
                            assertThat(decided.add(o.orderId()))
                                    .as("one final outcome per line")
                                    .isTrue();
                        }
                    });
            assertThat(book.available).as("available after %s", e).isGreaterThanOrEqualTo(0);
            assertThat(book.queue.isEmpty() || book.queue.get(0).quantity() > book.available)
                    .as("a head that fits is never left waiting")
                    .isTrue();
        }
    }
}
