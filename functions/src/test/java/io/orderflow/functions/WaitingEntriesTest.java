package io.orderflow.functions;

import static io.orderflow.functions.Fixtures.at;
import static io.orderflow.functions.Fixtures.line;
import static io.orderflow.functions.Fixtures.order;
import static io.orderflow.functions.Fixtures.received;
import static io.orderflow.functions.Fixtures.reserve;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WaitingEntriesTest {

    private final WaitingEntries waiting = new WaitingEntries();

    @Test
    void skusWaitingAtTheSameInstantAreAllDueAndLeaveOneByOne() {
        waiting.add(received("r1", "A", 1, 100));
        waiting.add(received("r2", "B", 1, 100));
        waiting.add(reserve(order("o1", 100, line("A", 1, 1)), 0));
        waiting.add(received("r3", "C", 1, 300));

        assertThat(waiting.skusDueBy(at(100))).containsExactlyInAnyOrder("A", "B");
        assertThat(waiting.take("A", at(100))).hasSize(2);
        assertThat(waiting.skusDueBy(at(100))).containsExactly("B");
        assertThat(waiting.latestSku()).isEqualTo("C");
        assertThat(waiting.latestTime()).isEqualTo(at(300));
        assertThat(waiting.size()).isEqualTo(2);
        assertThat(waiting.take("A", at(100))).isNull();
    }

    @Test
    void everyBucketStillWaitingIsVisitedOnceWithAllItsEntriesAndTakenOnesAreNot() {
        waiting.addAll("A", at(100), List.of(received("r1", "A", 1, 100)));
        waiting.add(received("r2", "A", 1, 100));
        waiting.add(received("r3", "A", 1, 50));
        waiting.add(received("r4", "B", 1, 200));
        waiting.add(received("r5", "C", 1, 300));
        waiting.take("C", at(300));

        List<String> visited = new java.util.ArrayList<>();
        waiting.forEachBucket(b -> visited.add(b.sku + "@" + b.time + "x" + b.entries.size()));

        assertThat(visited)
                .containsExactlyInAnyOrder(
                        "A@" + at(50) + "x1", "A@" + at(100) + "x2", "B@" + at(200) + "x1");
        assertThat(visited.indexOf("A@" + at(50) + "x1"))
                .as("a sku's buckets in time order")
                .isLessThan(visited.indexOf("A@" + at(100) + "x2"));
    }

    @Test
    void anEntryEarlierThanWhatWaitsForItsSkuBecomesItsNextAndIsDue() {
        waiting.add(received("r1", "A", 1, 300));
        waiting.add(received("r2", "A", 1, 500));
        waiting.add(received("r3", "A", 1, 100));
        waiting.add(received("r4", "A", 1, 400));

        assertThat(waiting.nextTime("A")).isEqualTo(at(100));
        assertThat(waiting.skusDueBy(at(100))).containsExactly("A");
        assertThat(waiting.take("A", at(100))).hasSize(1);
        assertThat(waiting.skusDueBy(at(200))).isEmpty();
        assertThat(waiting.take("A", at(400))).as("a bucket in the middle").hasSize(1);
        assertThat(waiting.nextTime("A")).isEqualTo(at(300));
        assertThat(waiting.latestTime()).isEqualTo(at(500));
    }

    @Test
    void aSkuWhoseEntriesWereAllTakenIsDueAgainOnlyAtItsNewInstant() {
        waiting.add(received("r1", "A", 1, 100));
        assertThat(waiting.skusDueBy(at(100))).containsExactly("A");
        assertThat(waiting.take("A", at(100))).hasSize(1);
        waiting.add(received("r2", "A", 1, 300));

        assertThat(waiting.skusDueBy(at(200))).isEmpty();
        assertThat(waiting.skusDueBy(at(300))).containsExactly("A");
        assertThat(waiting.take("A", at(300))).hasSize(1);
        assertThat(waiting.skusDueBy(at(300))).isEmpty();
    }

    /**
     * Random adds and takes against a plain sorted model: every question gets the model's answer.
     */
    @Test
    void answersAsASortedMapOfBucketsWouldUnderRandomAddsAndTakes() {
        java.util.Random random = new java.util.Random(42);
        java.util.Map<String, java.util.TreeMap<Long, Integer>> model = new java.util.HashMap<>();
        for (int step = 0; step < 20_000; step++) {
            String sku = "s" + random.nextInt(20);
            int op = random.nextInt(10);
            if (op < 6) {
                long time = at(random.nextInt(2_000));
                waiting.add(received("r" + step, sku, 1, time - at(0)));
                model.computeIfAbsent(sku, s -> new java.util.TreeMap<>())
                        .merge(time, 1, Integer::sum);
            } else if (op < 7 && model.containsKey(sku)) {
                long first = model.get(sku).firstKey();
                assertThat(waiting.take(sku, first)).hasSize(model.get(sku).remove(first));
            } else if (op < 8 && model.containsKey(sku)) {
                // Any bucket, the middle ones included, and instants where none waits.
                long time = at(random.nextInt(2_000));
                Integer waitingThere = model.get(sku).remove(time);
                if (waitingThere == null) {
                    assertThat(waiting.take(sku, time)).isNull();
                } else {
                    assertThat(waiting.take(sku, time)).hasSize(waitingThere);
                }
            } else if (op < 9) {
                long latestModel =
                        model.values().stream()
                                .filter(t -> !t.isEmpty())
                                .mapToLong(java.util.TreeMap::lastKey)
                                .max()
                                .orElse(Long.MIN_VALUE);
                assertThat(waiting.latestTime()).isEqualTo(latestModel);
                if (latestModel != Long.MIN_VALUE) {
                    String latestSku = waiting.latestSku();
                    assertThat(model.get(latestSku).lastKey()).isEqualTo(latestModel);
                    assertThat(waiting.take(latestSku, latestModel))
                            .hasSize(model.get(latestSku).remove(latestModel));
                }
            } else {
                long by = at(random.nextInt(2_000));
                java.util.Set<String> dueModel = new java.util.HashSet<>();
                model.forEach(
                        (s, times) -> {
                            if (!times.isEmpty() && times.firstKey() <= by) {
                                dueModel.add(s);
                            }
                        });
                assertThat(waiting.skusDueBy(by)).isEqualTo(dueModel);
            }
            model.values().removeIf(java.util.TreeMap::isEmpty);
            for (String s : model.keySet()) {
                assertThat(waiting.nextTime(s)).isEqualTo(model.get(s).firstKey());
            }
            assertThat(waiting.size())
                    .isEqualTo(
                            model.values().stream()
                                    .flatMap(t -> t.values().stream())
                                    .mapToInt(Integer::intValue)
                                    .sum());
        }
    }
}
