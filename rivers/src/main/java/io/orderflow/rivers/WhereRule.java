package io.orderflow.rivers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One {@code where} rule, {@code path op literal} (contract section 8). A missing path, a null, or
 * a value of another kind than the literal breaks it; for {@code in} and {@code not in} the value
 * must be of the kind of some element.
 */
public final class WhereRule {

    /** The operators, with the text they are written as. */
    public enum Op {
        EQ("=="),
        NE("!="),
        LT("<"),
        LE("<="),
        GT(">"),
        GE(">="),
        IN("in"),
        NOT_IN("not in");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        boolean orders() {
            return this == LT || this == LE || this == GT || this == GE;
        }
    }

    private final String text;
    private final RiverPath path;
    private final Op op;
    private final List<Literal> literals;
    // The literals again, for the loops every record of the river's type runs: no iterator.
    private final Literal[] literalArray;

    WhereRule(String text, RiverPath path, Op op, List<Literal> literals) {
        this.text = text;
        this.path = path;
        this.op = op;
        this.literals = List.copyOf(literals);
        this.literalArray = this.literals.toArray(Literal[]::new);
    }

    /** Parses a rule; a rule that does not parse is refused with the reason. */
    public static WhereRule parse(String text) {
        return WhereParser.parse(text);
    }

    /** The rule as written (without surrounding blanks). */
    public String text() {
        return text;
    }

    public RiverPath path() {
        return path;
    }

    public Op op() {
        return op;
    }

    /** One literal for comparisons; the list's elements for {@code in} and {@code not in}. */
    public List<Literal> literals() {
        return literals;
    }

    /** Whether the record keeps the rule. */
    public boolean holds(JsonNode record) {
        return holdsFor(RecordValue.of(path.resolve(record)));
    }

    /** The sentence naming the path and the rule when the record breaks it, else null. */
    public String brokenBy(JsonNode record) {
        return brokenBy(RecordValue.of(path.resolve(record)));
    }

    /** The sentence naming the path and the rule when the value at the path breaks it, or null. */
    String brokenBy(RecordValue value) {
        if (holdsFor(value)) {
            return null;
        }
        return path + " is " + value.describe() + ", which breaks where rule \"" + text + "\"";
    }

    /** Whether the value keeps the rule; a missing value or a null breaks it. */
    boolean holdsFor(RecordValue value) {
        if (value.absent()) {
            return false;
        }
        Literal literal = literalArray[0];
        switch (op) {
            case EQ:
                return value.matches(literal);
            case NE:
                return value.sameKind(literal) && !value.matches(literal);
            case IN:
                return matchesAny(value);
            case NOT_IN:
                return sameKindAsAny(value) && !matchesAny(value);
            default:
                return value.sameKind(literal)
                        && ordered(value.decimal().compareTo(literal.number()));
        }
    }

    // Loops, not streams: a rule is tried on every record of its river's type.
    private boolean matchesAny(RecordValue value) {
        for (Literal literal : literalArray) {
            if (value.matches(literal)) {
                return true;
            }
        }
        return false;
    }

    private boolean sameKindAsAny(RecordValue value) {
        for (Literal literal : literalArray) {
            if (value.sameKind(literal)) {
                return true;
            }
        }
        return false;
    }

    private boolean ordered(int comparison) {
        return switch (op) {
            case LT -> comparison < 0;
            case LE -> comparison <= 0;
            case GT -> comparison > 0;
            case GE -> comparison >= 0;
            default -> throw new IllegalStateException("not an ordering operator: " + op);
        };
    }

    /** Rules are equal when written alike: the text decides path, operator and literals. */
    @Override
    public boolean equals(Object other) {
        return other instanceof WhereRule rule && rule.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
