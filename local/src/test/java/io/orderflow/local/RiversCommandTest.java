package io.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.jobs.options.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RiversCommandTest {

    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int check(String yaml) throws Exception {
        Path file = dir.resolve("rivers.yaml");
        Files.writeString(file, yaml);
        return RiversCommand.run(
                List.of("check", file.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aGoodSpecListsEachRiverAndItsTopic() throws Exception {
        int code =
                check(
                        "rivers:\n"
                                + "  - name: big-refunds\n"
                                + "    precondition:\n"
                                + "      type: [RefundIssued]\n"
                                + "  - name: all\n"
                                + "    topic: everything\n");

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("2 river(s), reading rapids")
                .contains("big-refunds -> river.big-refunds")
                .contains("all -> everything");
    }

    @Test
    void aMistakeIsOneLineWithTheLineAndTheRiverAndExitsOne() throws Exception {
        int code =
                check(
                        "rivers:\n"
                                + "  - name: big-refunds\n"
                                + "    validate:\n"
                                + "      where: [\"amount >=\"]\n");

        assertThat(code).isEqualTo(RiversCommand.SPEC_MISTAKE);
        String line = err.toString(StandardCharsets.UTF_8).strip();
        assertThat(line)
                .doesNotContain("\n")
                .contains("line 4")
                .contains("river big-refunds")
                .contains("amount >=");
    }

    @Test
    void aRiverWritingToTheRapidsIsRefused() throws Exception {
        int code = check("rivers:\n  - name: loop\n    topic: rapids\n");

        assertThat(code).isEqualTo(RiversCommand.SPEC_MISTAKE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("river loop");
    }

    @Test
    void aMissingFileIsAUsageMistake() {
        assertThatThrownBy(
                        () ->
                                RiversCommand.run(
                                        List.of("check", dir.resolve("none.yaml").toString()),
                                        System.out,
                                        System.err))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("cannot read the rivers spec");
    }
}
