package io.orderflow.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The worked examples beside CONTRACT.md, read from the shared folder next to the repository. */
final class ContractExamples {

    /** Surefire runs with the module folder as working directory. */
    static final Path DIR = Path.of("..", "..", "shared", "contract-examples");

    /** One example file: its name and parsed content. */
    record Example(String name, JsonNode root) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final int COUNT = 21;

    private ContractExamples() {}

    static List<Example> all() {
        assertThat(DIR)
                .as(
                        "contract examples folder %s (from %s)",
                        DIR.toAbsolutePath().normalize(), Path.of("").toAbsolutePath())
                .isDirectory();
        List<Example> examples = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                examples.add(
                        new Example(
                                file.getFileName().toString(),
                                JsonEdits.tree(Files.readAllBytes(file))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // All of them, 01 to 21: a file gone missing must fail, not shrink the tests that loop over
        // them.
        assertThat(examples).as("contract example files in %s", DIR).hasSize(COUNT);
        return examples;
    }
}
