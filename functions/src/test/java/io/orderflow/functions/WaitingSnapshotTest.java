package io.orderflow.functions;

import static io.orderflow.functions.Fixtures.at;
import static io.orderflow.functions.Fixtures.received;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
                .hasMessage("the ledger's waiting entries are in format 2, this version reads 1");
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
