package io.orderflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.json.EventCodec;
import io.orderflow.testkit.generate.GeneratedRecord;
import io.orderflow.testkit.generate.GeneratorSettings;
import io.orderflow.testkit.generate.OrderStream;
import io.orderflow.testkit.generate.RecordIntent;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LatencyRunTest {

    @Test
    void onlyAnOrdersFirstPlacementIsMeasuredNeverAResendOrAConflictingReplacement() {
        EventCodec codec = new EventCodec();
        OrderStream stream = new OrderStream(GeneratorSettings.defaults(20_000));
        Set<String> placed = new HashSet<>();
        int placedAgain = 0;
        while (stream.hasNext()) {
            GeneratedRecord g = stream.next();
            InputRecord decoded =
                    codec.decode(
                            g.topicKind(), new RecordOrigin("t", 0, 0, 0L, g.key(), g.value()));
            String measured = LatencyRun.firstPlacement(g, decoded);
            if (decoded.orderPlaced() == null) {
                assertThat(measured).as("%s", g).isNull();
                continue;
            }
            String orderId = decoded.orderPlaced().orderId();
            if (placed.contains(orderId)) {
                placedAgain++;
                assertThat(measured).as("placed again: %s", g).isNull();
            } else if (measured != null) {
                assertThat(g.intent()).isEqualTo(RecordIntent.APPLY);
                placed.add(orderId);
            }
        }
        assertThat(placed).hasSizeGreaterThan(19_000);
        // The generator's resends and re-placements (5 % of orders) were met and left out.
        assertThat(placedAgain).isGreaterThan(500);
    }
}
