package io.orderflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyPartsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checkpoints completed at 1,200, 2,300 and 3,100. */
    private static ArrayNode history() {
        ArrayNode history = JSON.createArrayNode();
        history.addObject().put("triggeredAt", 2_000).put("durationMs", 300);
        history.addObject().put("triggeredAt", 1_000).put("durationMs", 200);
        history.addObject().put("triggeredAt", 3_000).put("durationMs", 100);
        return history;
    }

    private static LatencyParts samples() {
        LatencyParts parts = new LatencyParts();
        parts.add(500, 700, 1_230); // committed at 1,200: 200 + 300 + 200 + 30
        parts.add(1_100, 1_300, 2_350); // at 2,300: 200 + 700 + 300 + 50
        // Written after the trigger at 2,000 and the barrier, seen after the completion at
        // 3,100: 150 + 950 + 100 + 20.
        parts.add(1_900, 2_050, 3_120);
        // Written after the trigger at 2,000 but before the barrier: 210 - 10 + 300 + 20.
        parts.add(1_800, 2_010, 2_320);
        parts.add(100, 200, 900); // seen before any checkpoint completed: not split
        return parts;
    }

    @Test
    void eachDecisionIsSplitByTheLastCheckpointCompletedBeforeItWasSeen() {
        LatencyParts.Split split = samples().split(history(), 25);

        assertThat(split.decisions()).isEqualTo(4);
        assertThat(split.medians())
                .containsExactly(
                        entry("toDecision", 200),
                        entry("toTrigger", 300),
                        entry("checkpoint", 200),
                        entry("completion", 0),
                        entry("toVisible", 20));
        // The slowest quarter is the decision seen at 2,350 (1,250 ms).
        assertThat(split.tailMeans())
                .containsExactly(
                        entry("toDecision", 200),
                        entry("toTrigger", 700),
                        entry("checkpoint", 300),
                        entry("completion", 0),
                        entry("toVisible", 50));
    }

    @Test
    void theSlowestPartsAreMeansThatAddUpToTheirMeanLatency() {
        LatencyParts.Split split = samples().split(history(), 50);

        // The two slowest: 1,250 and 1,220 ms.
        assertThat(split.tailMeans())
                .containsExactly(
                        entry("toDecision", 175),
                        entry("toTrigger", 825),
                        entry("checkpoint", 200),
                        entry("completion", 0),
                        entry("toVisible", 35));
        assertThat(split.tailMeans().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo((1_250 + 1_220) / 2);
    }

    @Test
    void nothingIsSplitWithoutCompletedCheckpoints() {
        LatencyParts.Split split = samples().split(JSON.createArrayNode(), 1);

        assertThat(split.decisions()).isZero();
        assertThat(split.medians()).isEmpty();
        assertThat(split.tailMeans()).isEmpty();
    }

    @Test
    void thePartsAreDescribedInWordsInTheOrderTheyAddUp() {
        assertThat(LatencyPhase.describe(samples().split(history(), 25)))
                .isEqualTo(
                        "to decision 200 / 200 ms, to trigger 300 / 700 ms, checkpoint 200 / 300"
                                + " ms, completion 0 / 0 ms, to visible 20 / 50 ms");
    }

    @Test
    void theJobManagersCompletionAfterTheLastAcknowledgementIsAPartOfItsOwn() {
        ArrayNode history = JSON.createArrayNode();
        // Acknowledged at 1,200 and 2,300, completed at 1,260 and 2,340.
        history.addObject()
                .put("triggeredAt", 1_000)
                .put("durationMs", 200)
                .put("completedAt", 1_260);
        history.addObject()
                .put("triggeredAt", 2_000)
                .put("durationMs", 300)
                .put("completedAt", 2_340);
        LatencyParts parts = new LatencyParts();
        parts.add(500, 700, 1_290); // 200 + 300 + 200 + 60 + 30
        // Seen after the last acknowledgement at 2,300 but before the completion at 2,340: its
        // checkpoint is the first one: 200 + 200 + 200 + 60 + 1,070.
        parts.add(600, 800, 2_330);

        LatencyParts.Split split = parts.split(history, 50);

        assertThat(split.decisions()).isEqualTo(2);
        assertThat(split.tailMeans())
                .containsExactly(
                        entry("toDecision", 200),
                        entry("toTrigger", 200),
                        entry("checkpoint", 200),
                        entry("completion", 60),
                        entry("toVisible", 1_070));
        assertThat(split.medians())
                .containsExactly(
                        entry("toDecision", 200),
                        entry("toTrigger", 200),
                        entry("checkpoint", 200),
                        entry("completion", 60),
                        entry("toVisible", 30));
    }

    private static Map.Entry<String, Long> entry(String name, long value) {
        return Map.entry(name, value);
    }
}
