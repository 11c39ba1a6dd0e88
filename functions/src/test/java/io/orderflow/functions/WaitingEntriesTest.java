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
    void aBucketReadBackFromKeyedStateIsStoredAndOnlyItsRemovalIsLeftToWriteOnceTaken() {
        waiting.addAll("A", at(100), List.of(received("r1", "A", 1, 100)), true);
        waiting.add(received("r2", "B", 1, 200));
        assertThat(changed()).containsExactly("B");

        waiting.take("A", at(100));
        waiting.take("B", at(200));

        assertThat(waiting.drainTakenStored()).extracting(b -> b.sku).containsExactly("A");
        assertThat(waiting.drainTakenStored()).isEmpty();
    }

    @Test
    void entriesAddedToABucketReadBackMakeItChanged() {
        waiting.addAll("A", at(100), List.of(received("r1", "A", 1, 100)), true);
        waiting.add(received("r2", "A", 1, 100));

        assertThat(changed()).containsExactly("A");
    }

    private List<String> changed() {
        List<String> skus = new java.util.ArrayList<>();
        waiting.forEachBucket(b -> {
            if (b.changed) {
                skus.add(b.sku);
            }
        });
        return skus;
    }
}
