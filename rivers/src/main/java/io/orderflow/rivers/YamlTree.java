package io.orderflow.rivers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A YAML file read into mappings, sequences and scalars that know their line. Scalars keep their
 * text and the kind YAML 1.1 gives them ({@code yes} is a boolean, {@code 0.1} a number), so that a
 * number's exact decimal is taken from its text, never through a double.
 */
final class YamlTree {

    sealed interface Node {
        int line();
    }

    /** A scalar: its token (string, number, boolean or null) and its text as written. */
    record Scalar(JsonToken token, String text, int line) implements Node {}

    record Sequence(List<Node> items, int line) implements Node {}

    record Entry(String key, int line, Node value) {}

    record Mapping(Map<String, Entry> entries, int line) implements Node {}

    /** A file that is not YAML as this reader takes it; {@code partial} is what was read before. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        final int line;
        final String mistake;
        final transient Node partial;
        final boolean duplicateKey;

        Failure(int line, String mistake, Node partial, boolean duplicateKey) {
            super(mistake, null, false, false);
            this.line = line;
            this.mistake = mistake;
            this.partial = partial;
            this.duplicateKey = duplicateKey;
        }
    }

    private static final YAMLFactory STRICT =
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final YAMLFactory LENIENT = YAMLFactory.builder().build();

    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");

    /** SnakeYAML's marks in a message, the last one being where the problem is. */
    private static final Pattern MARK = Pattern.compile(" in '[^']*', line (\\d+), column \\d+");

    private final YAMLParser parser;
    private Node root;

    private YamlTree(YAMLParser parser) {
        this.parser = parser;
    }

    /**
     * Reads one YAML document. A key given twice in one mapping is a failure; with {@code strict}
     * false it is read anyway (the later value wins), so that a failure can still be placed.
     */
    static Node read(String yaml, boolean strict) throws Failure {
        YamlTree tree = null;
        try (YAMLParser parser = (strict ? STRICT : LENIENT).createParser(yaml)) {
            tree = new YamlTree(parser);
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new Failure(1, "the file is empty; it must hold rivers:", null, false);
            }
            tree.value(first, node -> {});
            if (parser.nextToken() != null) {
                throw new Failure(
                        line(parser), "the file holds more than one YAML document", null, false);
            }
            return tree.root;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
            Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
            if (duplicate.matches()) {
                return failWith(line, "key " + duplicate.group(1) + " is given twice", tree, true);
            }
            return failWith(problemLine(e, line), "not valid YAML: " + yamlProblem(e), tree, false);
        } catch (IOException e) {
            throw new Failure(1, "could not be read: " + e.getMessage(), null, false);
        }
    }

    private static Node failWith(int line, String mistake, YamlTree tree, boolean duplicate)
            throws Failure {
        throw new Failure(line, mistake, tree == null ? null : tree.root, duplicate);
    }

    /** Reads the value that starts at {@code token}, attaching it before its children are read. */
    private Node value(JsonToken token, Consumer<Node> attach) throws IOException, Failure {
        int line = line(parser);
        if (parser.isCurrentAlias()) {
            throw new Failure(
                    line, "aliases (*" + parser.getText() + ") are not supported", root, false);
        }
        Node node;
        switch (token) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                node = attached(new Mapping(entries, line), attach);
                JsonToken next;
                while ((next = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = line(parser);
                    value(parser.nextToken(), v -> entries.put(key, new Entry(key, keyLine, v)));
                }
                expect(next, JsonToken.END_OBJECT);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                node = attached(new Sequence(items, line), attach);
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (next == null) {
                        throw new IllegalStateException("YAML parser ended inside a sequence");
                    }
                    value(next, items::add);
                }
            }
            default -> node = attached(new Scalar(token, parser.getText(), line), attach);
        }
        return node;
    }

    private Node attached(Node node, Consumer<Node> attach) {
        if (root == null) {
            root = node;
        }
        attach.accept(node);
        return node;
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalStateException("YAML parser gave " + actual + ", not " + expected);
        }
    }

    private static int line(JsonParser parser) {
        return Math.max(1, parser.currentTokenLocation().getLineNr());
    }

    /**
     * The line SnakeYAML names for the problem (1-based in its messages); Jackson's own location is
     * where its parser stood, which can be a line earlier.
     */
    private static int problemLine(JsonProcessingException e, int parserLine) {
        Matcher mark = MARK.matcher(String.valueOf(e.getOriginalMessage()));
        int line = parserLine;
        while (mark.find()) {
            line = Integer.parseInt(mark.group(1));
        }
        return line;
    }

    /**
     * SnakeYAML's message on one line: its own lines that name the context and the problem, without
     * the lines that quote the file and point at a column.
     */
    private static String yamlProblem(JsonProcessingException e) {
        StringBuilder problem = new StringBuilder();
        for (String line : String.valueOf(e.getOriginalMessage()).split("\n")) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                problem.append(problem.length() == 0 ? "" : ": ").append(line.strip());
            }
        }
        return RapidsJson.clip(problem.toString());
    }
}
