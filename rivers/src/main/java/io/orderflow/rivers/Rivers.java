package io.orderflow.rivers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The rivers of one spec, checked together, and the routing of a rapids record to each of them
 * (contract section 8).
 */
public final class Rivers {

    /** The fields a river record's own fields replace. */
    static final List<String> RIVER_FIELDS = List.of("@river", "@id", "@source");

    private static final RiverPath TYPE = RiverPath.parse("type");

    private final String rapidsTopic;
    private final List<River> rivers;

    /**
     * For each type some river's precondition names: the rivers a record of that type may meet, in
     * spec order.
     */
    private final Map<String, int[]> candidatesByType = new HashMap<>();

    /**
     * The rivers a record of any other type may meet: those whose precondition does not restrict
     * the type to strings.
     */
    private final int[] anyType;

    /**
     * {@link #candidatesByType} by each type's UTF-8 bytes, so that a record's type is looked up
     * where it lies in the record's text: open addressing, at most half full.
     */
    private final byte[][] typeKeys;

    private final int[][] typeCandidates;

    private Rivers(String rapidsTopic, List<River> rivers) {
        this.rapidsTopic = rapidsTopic;
        this.rivers = List.copyOf(rivers);
        Map<String, Set<Integer>> byType = new HashMap<>();
        Set<Integer> any = new TreeSet<>();
        for (int i = 0; i < this.rivers.size(); i++) {
            List<Literal> types = this.rivers.get(i).precondition().get(TYPE);
            if (types == null || types.stream().anyMatch(t -> t.kind() != Literal.Kind.STRING)) {
                any.add(i);
                continue;
            }
            for (Literal type : types) {
                byType.computeIfAbsent(type.text(), k -> new TreeSet<>()).add(i);
            }
        }
        anyType = any.stream().mapToInt(Integer::intValue).toArray();
        byType.forEach(
                (type, indexes) -> {
                    indexes.addAll(any);
                    candidatesByType.put(
                            type, indexes.stream().mapToInt(Integer::intValue).toArray());
                });
        int slots = Integer.highestOneBit(Math.max(1, candidatesByType.size()) * 2) * 2;
        typeKeys = new byte[slots][];
        typeCandidates = new int[slots][];
        candidatesByType.forEach(
                (type, candidates) -> {
                    byte[] key = Literal.string(type).utf8();
                    int slot = slot(key, 0, key.length);
                    while (typeKeys[slot] != null) {
                        slot = (slot + 1) & (slots - 1);
                    }
                    typeKeys[slot] = key;
                    typeCandidates[slot] = candidates;
                });
    }

    /**
     * The rivers, refused when one has a name used before it or writes to the rapids topic itself.
     */
    public static Rivers of(String rapidsTopic, List<River> rivers) {
        if (rivers.isEmpty()) {
            throw new RiverSpecException("rivers is an empty list");
        }
        for (int i = 0; i < rivers.size(); i++) {
            String mistake = conflict(rivers.get(i), rivers.subList(0, i), rapidsTopic);
            if (mistake != null) {
                throw RiverSpecException.inRiver(rivers.get(i).name(), mistake);
            }
        }
        return new Rivers(rapidsTopic, rivers);
    }

    public static Rivers of(String rapidsTopic, River... rivers) {
        return of(rapidsTopic, List.of(rivers));
    }

    /** Why a river cannot join the rivers before it, or null when it can. */
    static String conflict(River river, List<River> earlier, String rapidsTopic) {
        String name = nameConflict(river, earlier);
        return name != null ? name : topicConflict(river, rapidsTopic);
    }

    /** Why the river's name is taken, or null. */
    static String nameConflict(River river, List<River> earlier) {
        for (River other : earlier) {
            if (other.name().equals(river.name())) {
                return "name " + river.name() + " is used by an earlier river";
            }
        }
        return null;
    }

    /** Why the river cannot write to its topic, or null: the job reads the rapids topic. */
    static String topicConflict(River river, String rapidsTopic) {
        if (river.topic().equals(rapidsTopic)) {
            return "topic " + river.topic() + " is the rapids topic, which the river reads";
        }
        return null;
    }

    public List<River> rivers() {
        return rivers;
    }

    public String rapidsTopic() {
        return rapidsTopic;
    }

    /**
     * What the record means for each river, in spec order. The record must be an object with a
     * string {@code type} ({@link RapidsJson#decode} says so for raw bytes); its numbers are exact
     * when it was read by {@link RapidsJson}.
     */
    public List<RiverOutcome> route(JsonNode record, RecordSource source) {
        String notEvent = RapidsJson.schemaViolation(record);
        if (notEvent != null) {
            throw new IllegalArgumentException("not a rapids event: " + notEvent);
        }
        List<RiverOutcome> outcomes = new ArrayList<>(rivers.size());
        for (River river : rivers) {
            outcomes.add(route(river, (ObjectNode) record, source));
        }
        return outcomes;
    }

    /**
     * What the record means for each river whose precondition it meets, in spec order: the same
     * outcomes as {@link #route(JsonNode, RecordSource)} without the {@link
     * RiverOutcome.NotForRiver} ones, found without checking the rivers whose precondition names
     * another type.
     */
    public List<RiverOutcome> routeMatching(JsonNode record, RecordSource source) {
        String notEvent = RapidsJson.schemaViolation(record);
        if (notEvent != null) {
            throw new IllegalArgumentException("not a rapids event: " + notEvent);
        }
        int[] candidates = candidates(record.get("type").textValue());
        List<RiverOutcome> outcomes = new ArrayList<>(2);
        for (int i : candidates) {
            RiverOutcome outcome = route(rivers.get(i), (ObjectNode) record, source);
            if (!(outcome instanceof RiverOutcome.NotForRiver)) {
                outcomes.add(outcome);
            }
        }
        return outcomes;
    }

    /** What the record means for one river. */
    public static RiverOutcome route(River river, ObjectNode record, RecordSource source) {
        if (!preconditionHolds(river, record)) {
            return new RiverOutcome.NotForRiver(river);
        }
        String id = source.idIn(river.name());
        List<String> problems = problems(river, record);
        if (!problems.isEmpty()) {
            return new RiverOutcome.Problems(river, id, problems);
        }
        return new RiverOutcome.RiverRecord(river, id, record, source);
    }

    /** The rivers a record of this type may meet, in spec order (see {@link #routeMatching}). */
    int[] candidates(String type) {
        return candidatesByType.getOrDefault(type, anyType);
    }

    /**
     * {@link #candidates(String)} of the type whose UTF-8 bytes are {@code text} from {@code from}
     * to {@code to}, without decoding them: the bytes of an unescaped JSON string.
     */
    int[] candidates(byte[] text, int from, int to) {
        for (int slot = slot(text, from, to); ; slot = (slot + 1) & (typeKeys.length - 1)) {
            byte[] key = typeKeys[slot];
            if (key == null) {
                return anyType;
            }
            if (Arrays.equals(key, 0, key.length, text, from, to)) {
                return typeCandidates[slot];
            }
        }
    }

    private int slot(byte[] text, int from, int to) {
        int hash = to - from;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + text[i];
        }
        return (hash ^ (hash >>> 16)) & (typeKeys.length - 1);
    }

    static boolean preconditionHolds(River river, JsonNode record) {
        return preconditionHolds(river, path -> RecordValue.of(path.resolve(record)));
    }

    /**
     * Each precondition path holds one of its values, and each forbidden path is absent or null.
     */
    static boolean preconditionHolds(River river, Function<RiverPath, RecordValue> record) {
        RiverPath[] paths = river.preconditionPaths();
        Literal[][] accepted = river.preconditionValues();
        for (int i = 0; i < paths.length; i++) {
            if (!anyMatches(accepted[i], record.apply(paths[i]))) {
                return false;
            }
        }
        for (RiverPath forbidden : river.forbiddenPaths()) {
            if (!record.apply(forbidden).absent()) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyMatches(Literal[] accepted, RecordValue value) {
        for (Literal literal : accepted) {
            if (value.matches(literal)) {
                return true;
            }
        }
        return false;
    }

    static List<String> problems(River river, JsonNode record) {
        return problems(river, path -> RecordValue.of(path.resolve(record)));
    }

    /**
     * Whether the record keeps every rule of the river: exactly when {@link #problems} has none,
     * found without writing a sentence, as most records keep the rules.
     */
    static boolean rulesHold(River river, Function<RiverPath, RecordValue> record) {
        for (RiverPath required : river.requiredPaths()) {
            if (record.apply(required).absent()) {
                return false;
            }
        }
        for (WhereRule rule : river.whereRules()) {
            if (!rule.holdsFor(record.apply(rule.path()))) {
                return false;
            }
        }
        return true;
    }

    /** One sentence per broken rule: {@code require} in list order, then {@code where}. */
    static List<String> problems(River river, Function<RiverPath, RecordValue> record) {
        List<String> problems = new ArrayList<>();
        for (RiverPath required : river.required()) {
            RecordValue value = record.apply(required);
            if (value.absent()) {
                problems.add(
                        required
                                + " is "
                                + value.describe()
                                + ", which breaks require rule \""
                                + required
                                + "\"");
            }
        }
        for (WhereRule rule : river.rules()) {
            String broken = rule.brokenBy(record.apply(rule.path()));
            if (broken != null) {
                problems.add(broken);
            }
        }
        return problems;
    }

    /**
     * A new top-level object over the same field values: the river's fields go in the copy only.
     */
    static ObjectNode shallowCopy(ObjectNode record) {
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = record.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            copy.set(field.getKey(), field.getValue());
        }
        return copy;
    }
}
