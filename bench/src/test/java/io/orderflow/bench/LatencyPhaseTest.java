package io.orderflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class LatencyPhaseTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void checkpointFiguresCountOnlyCheckpointsTriggeredInTheMeasuredWindow() {
        ObjectNode result = JSON.createObjectNode();
        ArrayNode history = result.putObject("checkpoints").putArray("history");
        history.addObject().put("triggeredAt", 999).put("durationMs", 5_000); // warm-up
        history.addObject().put("triggeredAt", 1_000).put("durationMs", 300);
        history.addObject().put("triggeredAt", 2_000).put("durationMs", 100);
        history.addObject().put("triggeredAt", 3_000).put("durationMs", 200);
        history.addObject().put("triggeredAt", 4_000).put("durationMs", 9_000); // after the window

        Figures f = new Figures();
        LatencyPhase.checkpointsIn(result, 1_000, 4_000, f);

        assertThat(f.checkpointMedianMs).isEqualTo(200);
        assertThat(f.checkpointMaxMs).isEqualTo(300);
    }

    @Test
    void noCheckpointFiguresWhenTheVariantReportsNone() {
        Figures f = new Figures();
        LatencyPhase.checkpointsIn(JSON.createObjectNode(), 1_000, 4_000, f);

        assertThat(f.checkpointMedianMs).isNull();
        assertThat(f.checkpointMaxMs).isNull();
    }
}
