package io.orderflow.functions;

import static io.orderflow.functions.Fixtures.at;
import static io.orderflow.functions.Fixtures.cancelled;
import static io.orderflow.functions.Fixtures.line;
import static io.orderflow.functions.Fixtures.order;
import static io.orderflow.functions.Fixtures.placed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.schemas.InputRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.OperatorStateHandle;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class RunEndMarkerTest {

    private static OneInputStreamOperatorTestHarness<InputRecord, InputRecord> marker()
            throws Exception {
        return marker(true);
    }

    private static OneInputStreamOperatorTestHarness<InputRecord, InputRecord> marker(
            boolean bounded) throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new RunEndMarker(bounded));
    }

    private static void send(
            OneInputStreamOperatorTestHarness<InputRecord, InputRecord> h, InputRecord r)
            throws Exception {
        h.processElement(new StreamRecord<>(r, r.occurredAt()));
    }

    @Test
    void passesRecordsOnAndSendsTheLatestEventTimeBeforeTheFinalWatermark() throws Exception {
        try (var h = marker()) {
            h.open();
            send(h, placed(order("o1", 500, line("A", 1, 1))));
            send(h, cancelled("o1", 200));
            h.processWatermark(new Watermark(at(100)));
            assertThat(Fixtures.sideOutput(h, RunEndMarker.RUN_END))
                    .as("not before the input ends")
                    .isEmpty();

            h.processWatermark(new Watermark(Long.MAX_VALUE));

            assertThat(Fixtures.sideOutput(h, RunEndMarker.RUN_END)).containsExactly(at(500));
            assertThat(h.extractOutputValues()).hasSize(2);
            List<Object> order = new ArrayList<>(h.getOutput());
            assertThat(order.get(order.size() - 1))
                    .as(
                            "the final watermark leaves after the run end, so a ledger knows it in"
                                    + " time")
                    .isEqualTo(new Watermark(Long.MAX_VALUE));
        }
    }

    @Test
    void theLatestEventTimeReadBeforeARestoreStillCounts() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var h = marker()) {
            h.open();
            send(h, placed(order("o1", 900, line("A", 1, 1))));
            checkpoint = h.snapshot(1, 1);
        }
        try (var h = marker()) {
            h.initializeState(checkpoint);
            h.open();
            send(h, placed(order("o2", 300, line("A", 1, 1))));
            h.processWatermark(new Watermark(Long.MAX_VALUE));

            assertThat(Fixtures.sideOutput(h, RunEndMarker.RUN_END)).containsExactly(at(900));
        }
    }

    @Test
    void aCheckpointOfABoundedRunThatReadAllItsInputIsRefusedToARunWithoutAnEnd() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var h = marker(true)) {
            h.open();
            send(h, placed(order("o1", 900, line("A", 1, 1))));
            checkpoint = h.snapshot(1, 1);
        }
        try (var h = marker(false)) {
            assertThatThrownBy(() -> h.initializeState(checkpoint))
                    .isInstanceOf(BoundedRunResumedWithoutEnd.class)
                    .hasMessageContaining("resume it with the --stop-at it ran with");
        }
        try (var h = marker(true)) {
            h.initializeState(checkpoint);
            h.open();
        }
    }

    @Test
    void itsSnapshotHoldsNoUnionStateWhichAPartlyFinishedSourceTaskCouldNotCheckpoint()
            throws Exception {
        try (var h = marker()) {
            h.open();
            send(h, placed(order("o1", 900, line("A", 1, 1))));
            OperatorSubtaskState checkpoint = h.snapshot(1, 1);

            assertThat(checkpoint.getManagedOperatorState()).isNotEmpty();
            for (OperatorStateHandle handle : checkpoint.getManagedOperatorState()) {
                assertThat(handle.getStateNameToPartitionOffsets().values())
                        .extracting(OperatorStateHandle.StateMetaInfo::getDistributionMode)
                        .doesNotContain(OperatorStateHandle.Mode.UNION);
            }
        }
    }

    @Test
    void rescaledFromTwoReadersToThreeTheLatestTimeOfAllIsStillSent() throws Exception {
        List<OperatorSubtaskState> readers = new ArrayList<>();
        long[] latest = {900, 400};
        for (int i = 0; i < 2; i++) {
            try (var h =
                    new OneInputStreamOperatorTestHarness<>(new RunEndMarker(true), 128, 2, i)) {
                h.open();
                send(h, placed(order("o" + i, latest[i], line("A", 1, 1))));
                readers.add(h.snapshot(1, 1));
            }
        }
        OperatorSubtaskState merged =
                AbstractStreamOperatorTestHarness.repackageState(
                        readers.toArray(new OperatorSubtaskState[0]));
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            OperatorSubtaskState mine =
                    AbstractStreamOperatorTestHarness.repartitionOperatorState(
                            merged, 128, 2, 3, i);
            try (var h =
                    new OneInputStreamOperatorTestHarness<>(new RunEndMarker(true), 128, 3, i)) {
                h.initializeState(mine);
                h.open();
                h.processWatermark(new Watermark(Long.MAX_VALUE));
                sent.addAll(Fixtures.sideOutput(h, RunEndMarker.RUN_END));
            }
        }

        assertThat(sent).hasSize(3);
        assertThat(sent.stream().mapToLong(Long::longValue).max().orElseThrow())
                .as("what the ledgers take")
                .isEqualTo(at(900));
    }

    @Test
    void aSnapshotOfTheUnionLayoutStillCountsItsTimeAndStillRefusesARunWithoutAnEnd()
            throws Exception {
        OperatorSubtaskState legacy;
        try (var h = new OneInputStreamOperatorTestHarness<>(new LegacyUnionLayout(at(900)))) {
            h.open();
            legacy = h.snapshot(1, 1);
        }
        try (var h = marker(false)) {
            assertThatThrownBy(() -> h.initializeState(legacy))
                    .isInstanceOf(BoundedRunResumedWithoutEnd.class);
        }
        try (var h = marker(true)) {
            h.initializeState(legacy);
            h.open();
            send(h, placed(order("o2", 300, line("A", 1, 1))));
            h.processWatermark(new Watermark(Long.MAX_VALUE));

            assertThat(Fixtures.sideOutput(h, RunEndMarker.RUN_END)).containsExactly(at(900));
        }
    }

    /**
     * What the marker's snapshots held before: both numbers in union state, under the old names.
     */
    private static final class LegacyUnionLayout extends AbstractStreamOperator<InputRecord>
            implements OneInputStreamOperator<InputRecord, InputRecord> {
        private final long latest;

        LegacyUnionLayout(long latest) {
            this.latest = latest;
        }

        @Override
        public void initializeState(StateInitializationContext context) throws Exception {
            super.initializeState(context);
            CheckpointedLong.union(context, RunEndMarker.LEGACY_LATEST).set(latest);
            CheckpointedLong.union(context, RunEndMarker.LEGACY_BOUNDED).set(1);
        }

        @Override
        public void processElement(StreamRecord<InputRecord> element) {
            output.collect(element);
        }
    }
}
