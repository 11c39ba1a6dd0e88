package io.orderflow.local.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.Fulfilment;
import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.OrderConfirmed;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.RefundIssued;
import io.orderflow.schemas.Topics;
import io.orderflow.schemas.json.EventCodec;

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
 * One worked example of the contract, as records the checker takes: inputs with coordinates (topic,
 * partition 0, offset = index within its topic), and the expected outputs, dead letters synthesized
 * from the coordinates of the input whose value they carry.
 */
record ContractExample(
        String name,
        Fulfilment defaultFulfilment,
        List<Input> inputs,
        List<OrderConfirmed> confirmations,
        List<RefundIssued> refunds,
        List<DeadLetter> deadLetters,
        Map<String, Long> counts) {

    /** The module directory is the working directory under surefire. */
    static final Path DIRECTORY = Path.of("..", "..", "shared", "contract-examples");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventCodec CODEC = new EventCodec();

    record Input(InputKind kind, RecordOrigin origin) {}

    /** Every example, in file order; fails unless all of them are there (a missing folder is no pass). */
    static List<ContractExample> all() {
        List<ContractExample> all;
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            all = files.filter(p -> p.toString().endsWith(".json"))
                    .sorted()
                    .map(ContractExample::load)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int expected = io.orderflow.jobs.ContractExample.COUNT;
        if (all.size() != expected) {
            throw new IllegalStateException(expected + " contract examples expected in " + DIRECTORY.toAbsolutePath().normalize() + ", found " + all.size());
        }
        return all;
    }

    static ContractExample named(String prefix) {
        return all().stream()
                .filter(e -> e.name().startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no example " + prefix));
    }

    static ContractExample load(Path file) {
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
            InputKind kind =
                    topic.equals(Topics.ORDERS.name()) ? InputKind.ORDERS : InputKind.INVENTORY;
            long offset = offsets.merge(topic, 1L, Long::sum) - 1;
            String key = input.get("key").isNull() ? null : input.get("key").asText();
            byte[] value = input.get("value").asText().getBytes(StandardCharsets.UTF_8);
            long timestamp = 1_795_000_000_000L + inputs.size();
            inputs.add(new Input(kind, new RecordOrigin(topic, 0, offset, timestamp, key, value)));
        }
        JsonNode expected = root.get("expected");
        List<OrderConfirmed> confirmations = new ArrayList<>();
        for (JsonNode node : expected.get(Topics.CONFIRMATIONS.name())) {
            confirmations.add(CODEC.decodeConfirmation(bytes(node)));
        }
        List<RefundIssued> refunds = new ArrayList<>();
        for (JsonNode node : expected.get(Topics.REFUNDS.name())) {
            refunds.add(CODEC.decodeRefund(bytes(node)));
        }
        List<DeadLetter> deadLetters = new ArrayList<>();
        Set<Input> used = new HashSet<>();
        for (JsonNode node : expected.get(Topics.DEAD_LETTERS.name())) {
            Input input = inputWithValue(inputs, used, node.get("value").asText());
            deadLetters.add(
                    DeadLetter.of(reason(node.get("reason"), input), "example", input.origin()));
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
                List.copyOf(confirmations),
                List.copyOf(refunds),
                List.copyOf(deadLetters),
                Map.copyOf(counts));
    }

    /** Where the example allows two reasons, the one the codec gives (it must be one of them). */
    private static DeadLetterReason reason(JsonNode reason, Input input) {
        if (!reason.isArray()) {
            return DeadLetterReason.valueOf(reason.asText());
        }
        InputRecord decoded = CODEC.decode(input.kind(), input.origin());
        for (JsonNode allowed : reason) {
            DeadLetterReason r = DeadLetterReason.valueOf(allowed.asText());
            if (decoded.isDeadLetter() && decoded.deadLetter().reason() == r) {
                return r;
            }
        }
        return DeadLetterReason.valueOf(reason.get(0).asText());
    }

    private static Input inputWithValue(List<Input> inputs, Set<Input> used, String value) {
        byte[] wanted = value.getBytes(StandardCharsets.UTF_8);
        for (Input input : inputs) {
            if (!used.contains(input) && Arrays.equals(input.origin().value(), wanted)) {
                used.add(input);
                return input;
            }
        }
        throw new IllegalStateException("no input carries the dead letter's value " + value);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy with other outputs, for mutations. */
    ContractExample withOutputs(
            UnaryOperator<List<OrderConfirmed>> confirmationChange,
            UnaryOperator<List<RefundIssued>> refundChange,
            UnaryOperator<List<DeadLetter>> deadLetterChange) {
        return new ContractExample(
                name,
                defaultFulfilment,
                inputs,
                confirmationChange.apply(new ArrayList<>(confirmations)),
                refundChange.apply(new ArrayList<>(refunds)),
                deadLetterChange.apply(new ArrayList<>(deadLetters)),
                counts);
    }

    /** Inputs first, in send order, then the outputs, each with the key and timestamp Kafka has. */
    Report check() {
        InvariantChecker checker =
                new InvariantChecker(defaultFulfilment, EventCodec.DEFAULT_MAX_RECORD_BYTES);
        for (Input input : inputs) {
            checker.acceptInput(input.kind(), input.origin());
        }
        for (OrderConfirmed c : confirmations) {
            checker.acceptConfirmation(c, c.orderId(), c.occurredAt());
        }
        for (RefundIssued r : refunds) {
            checker.acceptRefund(r, r.orderId(), r.occurredAt());
        }
        for (DeadLetter d : deadLetters) {
            checker.acceptDeadLetter(d, d.key(), d.occurredAt());
        }
        return checker.check();
    }

    boolean usesBackorder() {
        return inputs.stream()
                .anyMatch(
                        i ->
                                new String(i.origin().value(), StandardCharsets.UTF_8)
                                        .contains("BACKORDER"));
    }

    @Override
    public String toString() {
        return name;
    }
}
