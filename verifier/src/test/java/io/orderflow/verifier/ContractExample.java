package io.orderflow.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * One worked example of the contract (shared/contract-examples), as records the checker takes:
 * inputs with coordinates (topic, partition 0, offset = index within its topic), the expected
 * confirmations and refunds as the example gives them, and dead letters built from the input whose
 * value they carry, as section 4 describes them.
 */
record ContractExample(
        String name,
        Fulfilment defaultFulfilment,
        List<Input> inputs,
        List<ObjectNode> confirmations,
        List<ObjectNode> refunds,
        List<ObjectNode> deadLetters,
        List<ObjectNode> statuses,
        Map<String, Long> counts) {

    /** The number of worked examples beside the contract: fewer found is a failure, not a pass. */
    static final int COUNT = 21;

    static final ObjectMapper JSON = new ObjectMapper();

    /** Input records get Kafka timestamps from here on, one millisecond apart in send order. */
    private static final long FIRST_TIMESTAMP = 1_795_000_000_000L;

    record Input(InputTopic topic, KafkaRecord record) {}

    /** Every example, in file order. */
    static List<ContractExample> all() {
        Path folder = folder();
        List<ContractExample> all;
        try (Stream<Path> files = Files.list(folder)) {
            all =
                    files.filter(p -> p.toString().endsWith(".json"))
                            .sorted()
                            .map(ContractExample::load)
                            .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (all.size() != COUNT) {
            throw new IllegalStateException(
                    COUNT + " contract examples expected in " + folder + ", found " + all.size());
        }
        return all;
    }

    static ContractExample named(String prefix) {
        return all().stream()
                .filter(e -> e.name().startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no example " + prefix));
    }

    /** shared/contract-examples, found by walking up from the working directory. */
    private static Path folder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("contract-examples");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "contract examples not found: expected shared/contract-examples above "
                        + Path.of("").toAbsolutePath());
    }

    private static ContractExample load(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Input> inputs = new ArrayList<>();
        Map<String, Long> offsets = new HashMap<>();
        for (JsonNode input : root.get("inputs")) {
            String topic = input.get("topic").asText();
            long offset = offsets.merge(topic, 1L, Long::sum) - 1;
            String key = input.get("key").isNull() ? null : input.get("key").asText();
            byte[] value = input.get("value").asText().getBytes(StandardCharsets.UTF_8);
            inputs.add(
                    new Input(
                            topic.equals("orders") ? InputTopic.ORDERS : InputTopic.INVENTORY,
                            new KafkaRecord(
                                    topic,
                                    0,
                                    offset,
                                    FIRST_TIMESTAMP + inputs.size(),
                                    key,
                                    value)));
        }
        JsonNode expected = root.get("expected");
        List<ObjectNode> deadLetters = new ArrayList<>();
        Set<Input> used = new HashSet<>();
        for (JsonNode node : expected.get("dead-letters")) {
            Input input = inputWithValue(inputs, used, node.get("value").asText());
            deadLetters.add(
                    DeadLetters.of(
                            input.record(), reason(node.get("reason"), input), Integer.MAX_VALUE));
        }
        Map<String, Long> counts = new HashMap<>();
        root.get("counts")
                .fields()
                .forEachRemaining(f -> counts.put(f.getKey(), f.getValue().asLong()));
        JsonNode fulfilment = root.get("options").get("--default-fulfilment");
        return new ContractExample(
                file.getFileName().toString(),
                fulfilment == null ? Fulfilment.PARTIAL : Fulfilment.valueOf(fulfilment.asText()),
                List.copyOf(inputs),
                objects(expected.get("order-confirmations")),
                objects(expected.get("refunds")),
                List.copyOf(deadLetters),
                objects(expected.get("order-status")),
                Map.copyOf(counts));
    }

    private static List<ObjectNode> objects(JsonNode array) {
        List<ObjectNode> out = new ArrayList<>();
        array.forEach(node -> out.add((ObjectNode) node));
        return List.copyOf(out);
    }

    /** Where the example allows two reasons, the one the verifier's own rules give, if either. */
    private static String reason(JsonNode reason, Input input) {
        if (!reason.isArray()) {
            return reason.asText();
        }
        InputEvent event =
                new InputRules(InputRules.DEFAULT_MAX_RECORD_BYTES)
                        .read(input.topic(), input.record());
        for (JsonNode allowed : reason) {
            if (event instanceof InputEvent.Rejected rejected
                    && rejected.reason().name().equals(allowed.asText())) {
                return allowed.asText();
            }
        }
        return reason.get(0).asText();
    }

    private static Input inputWithValue(List<Input> inputs, Set<Input> used, String value) {
        byte[] wanted = value.getBytes(StandardCharsets.UTF_8);
        for (Input input : inputs) {
            if (!used.contains(input) && Arrays.equals(input.record().value(), wanted)) {
                used.add(input);
                return input;
            }
        }
        throw new IllegalStateException("no input carries the dead letter's value " + value);
    }

    /** A copy with other outputs, for mutations; the lists given to the changes are copies. */
    ContractExample withOutputs(
            UnaryOperator<List<ObjectNode>> confirmationChange,
            UnaryOperator<List<ObjectNode>> refundChange,
            UnaryOperator<List<ObjectNode>> deadLetterChange) {
        return new ContractExample(
                name,
                defaultFulfilment,
                inputs,
                confirmationChange.apply(deepCopies(confirmations)),
                refundChange.apply(deepCopies(refunds)),
                deadLetterChange.apply(deepCopies(deadLetters)),
                statuses,
                counts);
    }

    /** A copy with other status records, for mutations. */
    ContractExample withStatuses(UnaryOperator<List<ObjectNode>> statusChange) {
        return new ContractExample(
                name,
                defaultFulfilment,
                inputs,
                confirmations,
                refunds,
                deadLetters,
                statusChange.apply(deepCopies(statuses)),
                counts);
    }

    private static List<ObjectNode> deepCopies(List<ObjectNode> nodes) {
        List<ObjectNode> out = new ArrayList<>();
        nodes.forEach(n -> out.add(n.deepCopy()));
        return out;
    }

    /**
     * A checker fed the inputs in send order, then the outputs, each keyed and stamped by Kafka's
     * rules.
     */
    InvariantChecker feed() {
        InvariantChecker checker =
                new InvariantChecker(defaultFulfilment, InputRules.DEFAULT_MAX_RECORD_BYTES);
        for (Input input : inputs) {
            checker.acceptInput(input.topic(), input.record());
        }
        int offset = 0;
        for (ObjectNode c : confirmations) {
            checker.acceptConfirmation(
                    output("order-confirmations", offset++, c, c.get("orderId").asText()));
        }
        for (ObjectNode r : refunds) {
            checker.acceptRefund(output("refunds", offset++, r, r.get("orderId").asText()));
        }
        for (ObjectNode d : deadLetters) {
            String key = d.get("key").isNull() ? null : d.get("key").asText();
            checker.acceptDeadLetter(output("dead-letters", offset++, d, key));
        }
        for (ObjectNode st : statuses) {
            checker.acceptStatus(output("order-status", offset++, st, st.get("orderId").asText()));
        }
        return checker;
    }

    Report check() {
        return feed().check();
    }

    /** An output record as the job writes it: its Kafka timestamp is its occurredAt. */
    static KafkaRecord output(String topic, long offset, ObjectNode value, String key) {
        long timestamp = Instants.parse(value.get("occurredAt").asText());
        return new KafkaRecord(topic, 0, offset, timestamp, key, StrictJson.bytes(value));
    }

    boolean usesBackorder() {
        return inputs.stream()
                .anyMatch(
                        i ->
                                new String(i.record().value(), StandardCharsets.UTF_8)
                                        .contains("BACKORDER"));
    }

    @Override
    public String toString() {
        return name;
    }
}
