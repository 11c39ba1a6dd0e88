package io.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.testkit.Repository;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.AutoComplete;

/**
 * docs/orderflow-completion.bash is the bash completion picocli generates from the declared
 * commands and options: this test fails when a declaration changed and the file did not. Regenerate
 * it with {@value #REGENERATE}.
 */
class CompletionScriptTest {

    static final String FILE = "docs/orderflow-completion.bash";
    static final String UPDATE_PROPERTY = "orderflow.update-completion";
    static final String REGENERATE =
            "mvn -B -q test -pl local -am -Dtest=CompletionScriptTest"
                    + " -Dsurefire.failIfNoSpecifiedTests=false -D"
                    + UPDATE_PROPERTY
                    + "=true";

    static String generated() {
        PrintStream quiet =
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return AutoComplete.bash("orderflow", Cli.commandLine(quiet, quiet));
    }

    @Test
    void theCompletionScriptInDocsIsCurrent() throws Exception {
        Path file = Repository.root().resolve(FILE);
        String generated = generated();
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.writeString(file, generated, StandardCharsets.UTF_8);
        }

        assertThat(file).as("%s: generate it with %s", FILE, REGENERATE).exists();
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as(
                        "%s is out of date with the commands' declarations: regenerate it with %s",
                        FILE, REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    void itCompletesEveryCommand() {
        String script = generated();

        assertThat(script).contains("complete -F _complete_orderflow", "orderflow");
        for (String command : CliTest.COMMANDS) {
            assertThat(script).as("completes %s", command).containsPattern("\\b" + command + "\\b");
        }
    }
}
