package io.orderflow.rivers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One river of contract section 8: its name and topic, the precondition that says whether a rapids
 * record is for it, the rules a record for it must keep, and the paths it is interested in. The
 * YAML spec ({@link RiverSpec}) and code build the same immutable value:
 *
 * <pre>{@code
 * River.of("big-refunds")
 *         .precondition("type", "RefundIssued")
 *         .forbid("test")
 *         .require("orderId", "amount")
 *         .where("amount >= 10000")
 *         .interestedIn("orderId", "amount");
 * }</pre>
 *
 * Each method returns a new river; a mistake throws {@link RiverSpecException} naming the river.
 */
public final class River {

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,64}");

    /** The characters and length Kafka accepts in a topic name. */
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private final String name;
    private final String topic;
    private final Map<RiverPath, List<Literal>> precondition;
    private final List<RiverPath> forbid;
    private final List<RiverPath> require;
    private final List<WhereRule> where;
    private final List<RiverPath> interestedIn; // null: the whole record
    private final Projection projection;

    // The precondition and rules as arrays, in their order: they are checked for every record of
    // the type, and a loop over an array makes no iterator.
    private final RiverPath[] preconditionPaths;
    private final Literal[][] preconditionValues;
    private final RiverPath[] forbiddenPaths;
    private final RiverPath[] requiredPaths;
    private final WhereRule[] whereRules;

    private River(
            String name,
            String topic,
            Map<RiverPath, List<Literal>> precondition,
            List<RiverPath> forbid,
            List<RiverPath> require,
            List<WhereRule> where,
            List<RiverPath> interestedIn) {
        this.name = name;
        this.topic = topic;
        this.precondition = Collections.unmodifiableMap(new LinkedHashMap<>(precondition));
        this.preconditionPaths = this.precondition.keySet().toArray(RiverPath[]::new);
        this.preconditionValues =
                this.precondition.values().stream()
                        .map(values -> values.toArray(Literal[]::new))
                        .toArray(Literal[][]::new);
        this.forbid = List.copyOf(forbid);
        this.require = List.copyOf(require);
        this.where = List.copyOf(where);
        this.forbiddenPaths = this.forbid.toArray(RiverPath[]::new);
        this.requiredPaths = this.require.toArray(RiverPath[]::new);
        this.whereRules = this.where.toArray(WhereRule[]::new);
        this.interestedIn = interestedIn == null ? null : List.copyOf(interestedIn);
        this.projection = interestedIn == null ? null : new Projection(this.interestedIn);
    }

    /** A river that takes every record whole, until its precondition and rules say otherwise. */
    public static River of(String name) {
        String mistake = nameMistake(name);
        if (mistake != null) {
            throw new RiverSpecException(mistake);
        }
        return new River(name, null, Map.of(), List.of(), List.of(), List.of(), null);
    }

    /** Why a river name is refused, or null when it is a good one. */
    static String nameMistake(String name) {
        if (name == null) {
            return "name is missing";
        }
        if (!NAME.matcher(name).matches()) {
            return "name " + Values.quote(name) + " must be 1 to 64 characters of a-z, 0-9 and -";
        }
        return null;
    }

    /** The river's records go to this topic instead of {@code river.<name>}. */
    public River topic(String topic) {
        if (topic == null
                || !TOPIC.matcher(topic).matches()
                || topic.equals(".")
                || topic.equals("..")) {
            throw mistake(
                    "topic "
                            + (topic == null ? "null" : Values.quote(topic))
                            + " is not a Kafka topic name (1 to 249 characters of a-z, A-Z, 0-9,"
                            + " '.', '_' and '-')");
        }
        return new River(name, topic, precondition, forbid, require, where, interestedIn);
    }

    /**
     * The record is for this river only when the value at {@code path} is one of {@code accepted}
     * (Strings, Booleans, exact numbers: see {@link Literal#of}); a missing path or a null never
     * matches.
     */
    public River precondition(String path, Object... accepted) {
        List<Literal> literals = new ArrayList<>();
        for (Object value : nonEmpty("precondition " + path, accepted)) {
            literals.add(guard(() -> Literal.of(value)));
        }
        return withPrecondition(path, literals);
    }

    River withPrecondition(String path, List<Literal> accepted) {
        RiverPath parsed = guard(() -> RiverPath.parse(path));
        if ("forbid".equals(path)) {
            throw mistake("precondition path forbid is taken by the list of forbidden paths");
        }
        if (precondition.containsKey(parsed)) {
            throw mistake("precondition on " + path + " is given twice");
        }
        if (accepted.isEmpty()) {
            throw mistake("precondition " + path + " is an empty list");
        }
        Map<RiverPath, List<Literal>> more = new LinkedHashMap<>(precondition);
        more.put(parsed, List.copyOf(accepted));
        return new River(name, topic, more, forbid, require, where, interestedIn);
    }

    /** The record is for this river only when each of these paths is absent or null. */
    public River forbid(String... paths) {
        List<RiverPath> more = new ArrayList<>(forbid);
        more.addAll(paths("forbid", paths));
        return new River(name, topic, precondition, more, require, where, interestedIn);
    }

    /** Each path must be present and not null, else the record is a problem. */
    public River require(String... paths) {
        List<RiverPath> more = new ArrayList<>(require);
        more.addAll(paths("require", paths));
        return new River(name, topic, precondition, forbid, more, where, interestedIn);
    }

    /** Each rule ({@link WhereRule}) must hold, else the record is a problem. */
    public River where(String... rules) {
        List<WhereRule> more = new ArrayList<>(where);
        for (String rule : nonEmpty("where", rules)) {
            more.add(guard(() -> WhereRule.parse(rule)));
        }
        return new River(name, topic, precondition, forbid, require, more, interestedIn);
    }

    /** The river record keeps only these paths, each with its parent objects. */
    public River interestedIn(String... paths) {
        List<RiverPath> more = new ArrayList<>(interestedIn == null ? List.of() : interestedIn);
        more.addAll(paths("interestedIn", paths));
        return new River(name, topic, precondition, forbid, require, where, more);
    }

    public String name() {
        return name;
    }

    /** The output topic: {@code river.<name>} unless {@link #topic(String)} said another. */
    public String topic() {
        return topic == null ? "river." + name : topic;
    }

    public Map<RiverPath, List<Literal>> precondition() {
        return precondition;
    }

    /** The paths of {@link #precondition()}, in its order. */
    RiverPath[] preconditionPaths() {
        return preconditionPaths;
    }

    /** The accepted values of each of {@link #preconditionPaths()}. */
    Literal[][] preconditionValues() {
        return preconditionValues;
    }

    public List<RiverPath> forbidden() {
        return forbid;
    }

    /** {@link #forbidden()} as an array. */
    RiverPath[] forbiddenPaths() {
        return forbiddenPaths;
    }

    /** {@link #required()} as an array. */
    RiverPath[] requiredPaths() {
        return requiredPaths;
    }

    /** {@link #rules()} as an array. */
    WhereRule[] whereRules() {
        return whereRules;
    }

    public List<RiverPath> required() {
        return require;
    }

    public List<WhereRule> rules() {
        return where;
    }

    /** The paths kept in a river record, or null when it keeps the whole record. */
    public List<RiverPath> interests() {
        return interestedIn;
    }

    Projection projection() {
        return projection;
    }

    private List<RiverPath> paths(String key, String[] paths) {
        List<RiverPath> parsed = new ArrayList<>();
        for (String path : nonEmpty(key, paths)) {
            parsed.add(guard(() -> RiverPath.parse(path)));
        }
        return parsed;
    }

    private <T> List<T> nonEmpty(String key, T[] values) {
        if (values == null || values.length == 0) {
            throw mistake(key + " is an empty list");
        }
        return Arrays.asList(values);
    }

    /** Runs a parse, placing its mistake in this river. */
    private <T> T guard(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (RiverSpecException e) {
            throw mistake(e.mistake());
        }
    }

    private RiverSpecException mistake(String mistake) {
        return RiverSpecException.inRiver(name, mistake);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof River river
                && river.name.equals(name)
                && Objects.equals(river.topic, topic)
                && river.precondition.equals(precondition)
                && river.forbid.equals(forbid)
                && river.require.equals(require)
                && river.where.equals(where)
                && Objects.equals(river.interestedIn, interestedIn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, topic, precondition, forbid, require, where, interestedIn);
    }

    @Override
    public String toString() {
        return "river " + name;
    }
}
