package io.orderflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.schemas.OrderPlaced;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DedupMainTest {

    @TempDir Path dir;

    @Test
    void resendsRepeatOrdersFromAcrossTheInputAsTheSameEventOrTheSameContent() {
        DedupMain.Orders orders = new DedupMain.Orders(1_000, 10);
        OrderPlaced first = orders.map(0L).orderPlaced();
        OrderPlaced hundredth = orders.map(100L).orderPlaced();

        OrderPlaced sameEvent = orders.map(1_000L).orderPlaced();
        OrderPlaced sameContent = orders.map(1_001L).orderPlaced();

        assertThat(sameEvent).isEqualTo(first);
        assertThat(sameContent.orderId()).isEqualTo(hundredth.orderId());
        assertThat(sameContent.eventId()).isNotEqualTo(hundredth.eventId());
        assertThat(sameContent.sameContentAs(hundredth, null)).isTrue();
        assertThat(orders.map(1_009L).orderPlaced().orderId()).isEqualTo("o-dedup-900");
    }

    @Test
    void theGatePassesEveryDistinctOrderOnceAndDropsEveryResend() throws Exception {
        ObjectNode r = DedupMain.measure("rocksdb", 20_000, 400, dir);

        assertThat(r.path("accepted").asLong()).isEqualTo(20_000);
        assertThat(r.path("ledgerEntries").asLong())
                .isEqualTo(50_000)
                .isEqualTo(r.path("expectedLedgerEntries").asLong());
        assertThat(r.path("maxHeapAfterGcBytes").asLong()).isPositive();
    }
}
