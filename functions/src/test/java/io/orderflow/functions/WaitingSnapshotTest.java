package io.orderflow.functions;

import static io.orderflow.functions.Fixtures.at;
import static io.orderflow.functions.Fixtures.received;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.KeyGroupStatePartitionStreamProvider;
import org.junit.jupiter.api.Test;

class WaitingSnapshotTest {

    @Test
    void aKeyGroupNotWrittenByTheLedgerIsSkippedAndLeavesNothingWaiting() throws IOException {
        WaitingEntries waiting = new WaitingEntries();
        byte[] legacyTimers = ints(2, 1, 0, 7); // a timer service's version and counts

        WaitingSnapshot.read(group(legacyTimers), waiting);
        WaitingSnapshot.read(group(new byte[0]), waiting);

        assertThat(waiting.size()).isZero();
    }

    @Test
    void aKeyGroupOfALaterFormatIsRefusedNamingBothFormats() throws IOException {
        byte[] later = ints(WaitingSnapshot.MAGIC, WaitingSnapshot.FORMAT + 1, 0);

        assertThatThrownBy(() -> WaitingSnapshot.read(group(later), new WaitingEntries()))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "the ledger's waiting entries are in format 3, this version reads 1 and 2");
    }

    @Test
    void anEmptyKeyGroupOfTheLedgerAddsNothing() throws IOException {
        WaitingEntries waiting = new WaitingEntries();
        waiting.add(received("r1", "A", 1, 100));

        WaitingSnapshot.read(
                group(ints(WaitingSnapshot.MAGIC, WaitingSnapshot.FORMAT, 0)), waiting);

        assertThat(waiting.size()).isEqualTo(1);
        assertThat(waiting.nextTime("A")).isEqualTo(at(100));
    }

    @Test
    void aKeyGroupWrittenIsReadBackWithEveryBucketAndEntry() throws IOException {
        WaitingEntries waiting = new WaitingEntries();
        waiting.add(received("r1", "A", 1, 100));
        waiting.add(received("r2", "A", 2, 100));
        waiting.add(received("r3", "A", 3, 200));
        waiting.add(received("r4", "B", 4, 150));

        WaitingEntries restored = new WaitingEntries();
        WaitingSnapshot.read(group(written(waiting)), restored);

        assertThat(restored.size()).isEqualTo(4);
        assertThat(restored.take("A", at(100)))
                .containsExactly(received("r1", "A", 1, 100), received("r2", "A", 2, 100));
        assertThat(restored.take("A", at(200))).containsExactly(received("r3", "A", 3, 200));
        assertThat(restored.take("B", at(150))).containsExactly(received("r4", "B", 4, 150));
    }

    @Test
    void aBucketThatChangedSinceTheLastCheckpointIsWrittenWithItsNewEntries() throws IOException {
        WaitingEntries waiting = new WaitingEntries();
        waiting.add(received("r1", "A", 1, 100));
        waiting.add(received("r2", "B", 2, 100));
        written(waiting); // the buckets' bytes are kept from here
        waiting.add(received("r3", "A", 3, 100));
        waiting.addAll("B", at(100), List.of(received("r4", "B", 4, 100)));

        WaitingEntries restored = new WaitingEntries();
        WaitingSnapshot.read(group(written(waiting)), restored);

        assertThat(restored.take("A", at(100)))
                .containsExactly(received("r1", "A", 1, 100), received("r3", "A", 3, 100));
        assertThat(restored.take("B", at(100)))
                .containsExactly(received("r2", "B", 2, 100), received("r4", "B", 4, 100));
    }

    /** Every bucket of {@code waiting} as one key group, the way a checkpoint writes it. */
    private static byte[] written(WaitingEntries waiting) throws IOException {
        List<WaitingEntries.Bucket> buckets = new ArrayList<>();
        waiting.forEachBucket(buckets::add);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WaitingSnapshot.writeGroup(buckets, bytes, new DataOutputSerializer(16));
        return bytes.toByteArray();
    }

    private static KeyGroupStatePartitionStreamProvider group(byte[] bytes) {
        return new KeyGroupStatePartitionStreamProvider(new ByteArrayInputStream(bytes), 3);
    }

    private static byte[] ints(int... values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (int v : values) {
                out.writeInt(v);
            }
        }
        return bytes.toByteArray();
    }
}
