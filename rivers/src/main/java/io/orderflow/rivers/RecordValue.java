package io.orderflow.rivers;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * One value of a record as preconditions and rules see it (contract section 8): missing, a JSON
 * null, or a value that a literal may match. Trees ({@link #of(JsonNode)}) and indexed text ({@link
 * JsonIndex}) answer alike, so the rules are written once.
 */
interface RecordValue {

    /** Missing or a JSON null: no literal matches it, and a rule on it is broken. */
    boolean absent();

    /** Whether the value is of the literal's kind (string, exact number, boolean). */
    boolean sameKind(Literal literal);

    /** Whether the value equals the literal as JSON values. */
    boolean matches(Literal literal);

    /** The exact value of a value of kind NUMBER. */
    BigDecimal decimal();

    /** What the value is, for a sentence ({@link Values#describe}). */
    String describe();

    /** A tree's value, which may be null (missing). */
    static RecordValue of(JsonNode node) {
        return new RecordValue() {
            @Override
            public boolean absent() {
                return node == null || node.isNull();
            }

            @Override
            public boolean sameKind(Literal literal) {
                return literal.sameKind(node);
            }

            @Override
            public boolean matches(Literal literal) {
                return literal.matches(node);
            }

            @Override
            public BigDecimal decimal() {
                return Values.decimal(node);
            }

            @Override
            public String describe() {
                return Values.describe(node);
            }
        };
    }
}
