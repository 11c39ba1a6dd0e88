package io.orderflow.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One worked example of ../shared/CONTRACT.md: inputs in send order, job options, the expected
 * outputs per topic and the record counts.
 */
public record ContractExample(
        String name,
        String description,
        List<String> options,
        List<Input> inputs,
        JsonNode expected,
        JsonNode counts) {

    public record Input(String topic, String key, String value) {}

    /**
     * Worked examples 01 to 21 beside CONTRACT.md: fewer found means a folder or file went missing,
     * not a pass.
     */
    public static final int COUNT = 21;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The examples folder: shared/ sits beside the repository, as it does for CI. */
    public static Path folder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("contract-examples");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "contract examples not found: expected shared/contract-examples beside the"
                        + " repository");
    }

    /** Every example, in file order; fails unless all {@value #COUNT} are there. */
    public static List<ContractExample> all() {
        List<ContractExample> all;
        try (Stream<Path> files = Files.list(folder())) {
            all =
                    files.filter(p -> p.toString().endsWith(".json"))
                            .sorted()
                            .map(ContractExample::read)
                            .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (all.size() != COUNT) {
            throw new IllegalStateException(
                    COUNT
                            + " contract examples expected in "
                            + folder()
                            + ", found "
                            + all.size()
                            + ": "
                            + all);
        }
        return all;
    }

    static ContractExample read(Path file) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            List<String> options = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.get("options").fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> option = it.next();
                options.add(option.getKey());
                options.add(option.getValue().asText());
            }
            List<Input> inputs = new ArrayList<>();
            for (JsonNode in : root.get("inputs")) {
                inputs.add(
                        new Input(
                                in.get("topic").asText(),
                                in.get("key").isNull() ? null : in.get("key").asText(),
                                in.get("value").asText()));
            }
            String name = file.getFileName().toString().replace(".json", "");
            return new ContractExample(
                    name,
                    root.get("description").asText(),
                    options,
                    inputs,
                    root.get("expected"),
                    root.get("counts"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
