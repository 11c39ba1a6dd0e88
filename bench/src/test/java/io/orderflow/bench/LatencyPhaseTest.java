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
    void checkpointTasksGiveEachPartsMedianInTheWindowAndTheLongestCheckpointsParts() {
        ObjectNode result = JSON.createObjectNode();
        ArrayNode history = result.putObject("checkpoints").putArray("history");
        withDecider(history.addObject(), 999, 5_000, 4_000); // warm-up
        withDecider(history.addObject(), 1_000, 300, 250);
        withDecider(history.addObject(), 2_000, 100, 50);
        withDecider(history.addObject(), 3_000, 200, 150);

        Figures f = new Figures();
        LatencyPhase.checkpointsIn(result, 1_000, 4_000, f);

        assertThat(f.checkpointTasksMedianMs.get("OrderDecider"))
                .containsEntry("sync", 150L)
                .containsEntry("ack", 200L)
                .containsEntry("startDelay", 10L);
        assertThat(f.checkpointTasksLongestMs.get("OrderDecider"))
                .containsEntry("sync", 250L)
                .containsEntry("ack", 300L);
        assertThat(CheckpointTasks.describe(f.checkpointTasksLongestMs))
                .isEqualTo(
                        "OrderDecider ack 300 (start delay 10, alignment 20, flush 3, sync 250,"
                                + " async 5)");
    }

    private static void withDecider(ObjectNode checkpoint, long at, long duration, long sync) {
        checkpoint.put("triggeredAt", at).put("durationMs", duration);
        checkpoint
                .putObject("tasks")
                .putObject("OrderDecider")
                .put("startDelay", 10)
                .put("alignment", 20)
                .put("flush", 3)
                .put("sync", sync)
                .put("async", 5)
                .put("ack", duration);
    }

    @Test
    void aTaskIsNamedByItsFirstOperator() {
        assertThat(CheckpointTasks.shortName("OrderDecider -> encode decisions -> outputs: Writer"))
                .isEqualTo("OrderDecider");
        assertThat(CheckpointTasks.shortName("StockLedger")).isEqualTo("StockLedger");
    }

    @Test
    void noCheckpointFiguresWhenTheVariantReportsNone() {
        Figures f = new Figures();
        LatencyPhase.checkpointsIn(JSON.createObjectNode(), 1_000, 4_000, f);

        assertThat(f.checkpointMedianMs).isNull();
        assertThat(f.checkpointMaxMs).isNull();
        assertThat(f.checkpointTasksMedianMs).isNull();
    }
}
