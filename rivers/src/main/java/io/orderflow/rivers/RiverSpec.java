package io.orderflow.rivers;

import com.fasterxml.jackson.core.JsonToken;
import io.orderflow.rivers.YamlTree.Entry;
import io.orderflow.rivers.YamlTree.Mapping;
import io.orderflow.rivers.YamlTree.Node;
import io.orderflow.rivers.YamlTree.Scalar;
import io.orderflow.rivers.YamlTree.Sequence;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the rivers YAML file of contract section 8 ({@code --rivers FILE}) into {@link Rivers},
 * through the same {@link River} methods that code uses. Every mistake is refused with one line
 * naming the file's line, the river and the mistake.
 */
public final class RiverSpec {

    /**
     * The decimal forms a YAML number is read from: sign, digits, fraction, exponent. YAML 1.1 also
     * reads {@code 0x1F}, {@code 010} (octal), {@code 1_000} and {@code 1:30} as numbers: those are
     * refused rather than guessed.
     */
    private static final Pattern YAML_DECIMAL =
            Pattern.compile("[-+]?((0|[1-9][0-9]*)(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");

    private final String source;
    private final String rapidsTopic;

    private RiverSpec(String source, String rapidsTopic) {
        this.source = source;
        this.rapidsTopic = rapidsTopic;
    }

    /** Reads a rivers file (UTF-8); its path names it in every mistake. */
    public static Rivers parse(Path file, String rapidsTopic) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String yaml;
        try {
            yaml =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes))
                            .toString();
        } catch (CharacterCodingException e) {
            throw new RiverSpecException(file + ": the file is not UTF-8 text");
        }
        return parse(yaml, file.toString(), rapidsTopic);
    }

    /** Reads rivers YAML; {@code source} names it in every mistake (a file name, say). */
    public static Rivers parse(String yaml, String source, String rapidsTopic) {
        try {
            return new RiverSpec(source, rapidsTopic).rivers(yaml);
        } catch (Located e) {
            throw e.exception;
        }
    }

    private Rivers rivers(String yaml) {
        Node root;
        try {
            root = YamlTree.read(yaml, true);
        } catch (YamlTree.Failure failure) {
            throw placed(failure, yaml);
        }
        Mapping file = mapping(root, "the file", null);
        Entry riversEntry = null;
        for (Entry entry : file.entries().values()) {
            if (!entry.key().equals("rivers")) {
                throw at(
                        entry.line(),
                        null,
                        "unknown key " + entry.key() + " (the file holds rivers:)");
            }
            riversEntry = entry;
        }
        if (riversEntry == null) {
            throw at(file.line(), null, "rivers is missing");
        }
        List<Node> items = list(riversEntry, null).items();
        List<River> rivers = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String label = label(item, i);
            River river = river(mapping(item, "a river", label), label);
            Map<String, Entry> entries = ((Mapping) item).entries();
            String nameTaken = Rivers.nameConflict(river, rivers);
            if (nameTaken != null) {
                throw at(entries.get("name").line(), label, nameTaken);
            }
            String topicTaken = Rivers.topicConflict(river, rapidsTopic);
            if (topicTaken != null) {
                // The default topic river.<name> is the name's doing.
                Entry blamed = entries.getOrDefault("topic", entries.get("name"));
                throw at(blamed.line(), label, topicTaken);
            }
            rivers.add(river);
        }
        return Rivers.of(rapidsTopic, rivers);
    }

    /** One river; its keys are read in file order, so the first mistake in the file is told. */
    private River river(Mapping body, String label) {
        Entry nameEntry = body.entries().get("name");
        if (nameEntry == null) {
            throw at(body.line(), label, "name is missing");
        }
        String name = text(nameEntry.value(), label);
        // A placeholder stands in until the bad name's own entry is reached and refused.
        River river = River.of(River.nameMistake(name) == null ? name : "unnamed");
        for (Entry entry : body.entries().values()) {
            try {
                river =
                        switch (entry.key()) {
                            case "name" -> named(entry, name, label, river);
                            case "topic" -> river.topic(text(entry.value(), label));
                            case "precondition" -> precondition(entry, label, river);
                            case "validate" -> validate(entry, label, river);
                            case "interestedIn" -> river.interestedIn(paths(entry, label));
                            default ->
                                    throw at(
                                            entry.line(),
                                            label,
                                            "unknown key "
                                                    + entry.key()
                                                    + " (a river takes name, topic, precondition,"
                                                    + " validate, interestedIn)");
                        };
            } catch (RiverSpecException e) {
                throw at(entry.line(), label, e.mistake());
            }
        }
        return river;
    }

    private River named(Entry entry, String name, String label, River river) {
        String mistake = River.nameMistake(name);
        if (mistake != null) {
            throw at(entry.line(), label, mistake);
        }
        return river;
    }

    private River precondition(Entry entry, String label, River river) {
        Mapping precondition = mapping(entry.value(), "precondition", label);
        for (Entry condition : precondition.entries().values()) {
            try {
                if (condition.key().equals("forbid")) {
                    river = river.forbid(paths(condition, label));
                } else {
                    List<Literal> accepted = new ArrayList<>();
                    for (Node value : list(condition, label).items()) {
                        accepted.add(literal(value, label));
                    }
                    river = river.withPrecondition(condition.key(), accepted);
                }
            } catch (RiverSpecException e) {
                throw at(condition.line(), label, e.mistake());
            }
        }
        return river;
    }

    private River validate(Entry entry, String label, River river) {
        Mapping validate = mapping(entry.value(), "validate", label);
        for (Entry rules : validate.entries().values()) {
            switch (rules.key()) {
                case "require" -> river = river.require(paths(rules, label));
                case "where" -> {
                    for (Node rule : list(rules, label).items()) {
                        try {
                            river = river.where(text(rule, label));
                        } catch (RiverSpecException e) {
                            throw at(rule.line(), label, e.mistake());
                        }
                    }
                }
                default ->
                        throw at(
                                rules.line(),
                                label,
                                "unknown key "
                                        + rules.key()
                                        + " (validate takes require and where)");
            }
        }
        return river;
    }

    private String[] paths(Entry entry, String label) {
        List<String> paths = new ArrayList<>();
        for (Node item : list(entry, label).items()) {
            String path = text(item, label);
            try {
                RiverPath.parse(path);
            } catch (RiverSpecException e) {
                throw at(item.line(), label, entry.key() + ": " + e.mistake());
            }
            paths.add(path);
        }
        return paths.toArray(new String[0]);
    }

    /** A precondition value: a string, a boolean (YAML 1.1: yes, no, on, off too) or a decimal. */
    private Literal literal(Node node, String label) {
        if (!(node instanceof Scalar scalar)) {
            throw at(
                    node.line(),
                    label,
                    "a precondition value must be a string, number or boolean,"
                            + " not a "
                            + (node instanceof Mapping ? "mapping" : "list"));
        }
        JsonToken token = scalar.token();
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            return Literal.bool(token == JsonToken.VALUE_TRUE);
        }
        if (token == JsonToken.VALUE_NULL) {
            throw at(
                    node.line(),
                    label,
                    "null is not a precondition value (a null never matches;"
                            + " forbid lists the paths that must be absent or null)");
        }
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            if (!YAML_DECIMAL.matcher(scalar.text()).matches()) {
                throw at(
                        node.line(),
                        label,
                        Values.quote(scalar.text())
                                + " is a YAML number that is not written as a decimal; write the"
                                + " decimal, or quote it for a string");
            }
            try {
                return Literal.number(Literal.exactDecimal(scalar.text()));
            } catch (RiverSpecException e) {
                throw at(node.line(), label, e.mistake());
            }
        }
        return Literal.string(scalar.text());
    }

    // ---------------------------------------------------------------- shapes

    private Mapping mapping(Node node, String what, String label) {
        if (node instanceof Mapping mapping) {
            if (mapping.entries().isEmpty()) {
                throw at(node.line(), label, what + " is an empty mapping");
            }
            return mapping;
        }
        throw at(node.line(), label, what + " must be a mapping, was " + shape(node));
    }

    private Sequence list(Entry entry, String label) {
        if (entry.value() instanceof Sequence sequence) {
            if (sequence.items().isEmpty()) {
                throw at(entry.line(), label, entry.key() + " is an empty list");
            }
            return sequence;
        }
        throw at(entry.line(), label, entry.key() + " must be a list, was " + shape(entry.value()));
    }

    /** The text of a scalar that names something (a name, topic, path or rule). */
    private String text(Node node, String label) {
        if (node instanceof Scalar scalar && scalar.token() != JsonToken.VALUE_NULL) {
            return scalar.text();
        }
        throw at(node.line(), label, "expected a text, was " + shape(node));
    }

    private static String shape(Node node) {
        if (node instanceof Mapping) {
            return "a mapping";
        }
        if (node instanceof Sequence) {
            return "a list";
        }
        Scalar scalar = (Scalar) node;
        if (scalar.token() == JsonToken.VALUE_NULL) {
            return "null";
        }
        return scalar.text().isEmpty() ? "empty" : Values.quote(scalar.text());
    }

    // ---------------------------------------------------------------- placing mistakes

    /** {@code name} for a river whose name is good, else its place: {@code #2}. */
    private static String label(Node river, int index) {
        if (river instanceof Mapping body
                && body.entries().get("name") != null
                && body.entries().get("name").value() instanceof Scalar name
                && River.nameMistake(name.text()) == null) {
            return name.text();
        }
        return "#" + (index + 1);
    }

    /**
     * Places a YAML failure in its river: the last river that starts at or before the failing line.
     * A duplicate key may come before the river's name, so the file is read once more, leniently,
     * to find the name.
     */
    private Located placed(YamlTree.Failure failure, String yaml) {
        Node tree = failure.partial;
        if (failure.duplicateKey) {
            try {
                tree = YamlTree.read(yaml, false);
            } catch (YamlTree.Failure another) {
                tree = failure.partial;
            }
        }
        String label = null;
        if (tree instanceof Mapping file
                && file.entries().get("rivers") != null
                && file.entries().get("rivers").value() instanceof Sequence rivers) {
            for (int i = 0; i < rivers.items().size(); i++) {
                if (rivers.items().get(i).line() <= failure.line) {
                    label = label(rivers.items().get(i), i);
                }
            }
        }
        return at(failure.line, label, failure.mistake);
    }

    private Located at(int line, String label, String mistake) {
        return new Located(RiverSpecException.at(source, line, label, mistake));
    }

    /**
     * A mistake already placed at its line, passed up through the handlers that would otherwise
     * place it again at their own, less precise line.
     */
    private static final class Located extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final RiverSpecException exception;

        Located(RiverSpecException exception) {
            super(exception.getMessage(), null, false, false);
            this.exception = exception;
        }
    }
}
