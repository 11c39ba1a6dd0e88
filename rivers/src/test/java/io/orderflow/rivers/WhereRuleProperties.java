package io.orderflow.rivers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Where rules over numbers agree with BigDecimal arithmetic whatever notation writes the numbers
 * (never through a double), and over strings with exact character equality.
 */
class WhereRuleProperties {

    // ---------------------------------------------------------------- numbers

    @Property(tries = 1000)
    void aDecimalEqualsItselfInEveryNotation(
            @ForAll("decimals") BigDecimal value,
            @ForAll("notations") Notation inRecord,
            @ForAll("notations") Notation inRule) {
        JsonNode record = record(inRecord.write(value));
        String literal = inRule.write(value);
        assertThat(WhereRule.parse("x == " + literal).holds(record)).isTrue();
        assertThat(WhereRule.parse("x != " + literal).holds(record)).isFalse();
        assertThat(WhereRule.parse("x <= " + literal).holds(record)).isTrue();
        assertThat(WhereRule.parse("x >= " + literal).holds(record)).isTrue();
        assertThat(WhereRule.parse("x < " + literal).holds(record)).isFalse();
        assertThat(WhereRule.parse("x > " + literal).holds(record)).isFalse();
        assertThat(WhereRule.parse("x in [" + literal + "]").holds(record)).isTrue();
        assertThat(WhereRule.parse("x not in [" + literal + "]").holds(record)).isFalse();
    }

    @Property(tries = 1000)
    void comparisonsAgreeWithBigDecimalCompareTo(
            @ForAll("decimals") BigDecimal a,
            @ForAll("decimals") BigDecimal b,
            @ForAll("notations") Notation inRecord,
            @ForAll("notations") Notation inRule) {
        JsonNode record = record(inRecord.write(a));
        String literal = inRule.write(b);
        int order = a.compareTo(b);
        assertThat(WhereRule.parse("x == " + literal).holds(record)).isEqualTo(order == 0);
        assertThat(WhereRule.parse("x != " + literal).holds(record)).isEqualTo(order != 0);
        assertThat(WhereRule.parse("x < " + literal).holds(record)).isEqualTo(order < 0);
        assertThat(WhereRule.parse("x <= " + literal).holds(record)).isEqualTo(order <= 0);
        assertThat(WhereRule.parse("x > " + literal).holds(record)).isEqualTo(order > 0);
        assertThat(WhereRule.parse("x >= " + literal).holds(record)).isEqualTo(order >= 0);
    }

    /** Neighbours a double cannot tell apart: one unit in the 30th decimal place. */
    @Property(tries = 500)
    void decimalsThatOneDoubleHoldsStayApart(
            @ForAll("decimals") BigDecimal a, @ForAll("notations") Notation notation) {
        BigDecimal next = a.add(new BigDecimal("1e-30"));
        JsonNode record = record(notation.write(next));
        assertThat(WhereRule.parse("x == " + notation.write(a)).holds(record)).isFalse();
        assertThat(WhereRule.parse("x > " + notation.write(a)).holds(record)).isTrue();
    }

    @Property(tries = 500)
    void inHoldsExactlyWhenSomeElementHasTheValue(
            @ForAll("decimals") BigDecimal value,
            @ForAll("decimalLists") List<BigDecimal> elements,
            @ForAll("notations") Notation notation) {
        JsonNode record = record(notation.write(value));
        String list =
                "[" + String.join(", ", elements.stream().map(notation::write).toList()) + "]";
        boolean member = elements.stream().anyMatch(e -> e.compareTo(value) == 0);
        assertThat(WhereRule.parse("x in " + list).holds(record)).isEqualTo(member);
        assertThat(WhereRule.parse("x not in " + list).holds(record)).isEqualTo(!member);
    }

    // ---------------------------------------------------------------- strings

    @Property(tries = 1000)
    void stringsAreEqualExactlyWhenTheirCharactersAre(
            @ForAll("texts") String a, @ForAll("texts") String b) {
        JsonNode record = RapidsJson.read("{\"x\": " + jsonString(a) + "}");
        assertThat(WhereRule.parse("x == " + jsonString(b)).holds(record)).isEqualTo(a.equals(b));
        assertThat(WhereRule.parse("x != " + jsonString(b)).holds(record)).isEqualTo(!a.equals(b));
        assertThat(
                        WhereRule.parse("x in [" + jsonString(b) + ", " + jsonString(a) + "]")
                                .holds(record))
                .isTrue();
    }

    @Property(tries = 500)
    void aStringNeverEqualsANumberOfTheSameText(@ForAll("decimals") BigDecimal value) {
        JsonNode record = RapidsJson.read("{\"x\": \"" + value.toPlainString() + "\"}");
        assertThat(WhereRule.parse("x == " + value.toPlainString()).holds(record)).isFalse();
        assertThat(WhereRule.parse("x != " + value.toPlainString()).holds(record)).isFalse();
        assertThat(WhereRule.parse("x == \"" + value.toPlainString() + "\"").holds(record))
                .isTrue();
    }

    // ---------------------------------------------------------------- generators

    /** Ways to write one decimal as a JSON number. */
    enum Notation {
        PLAIN {
            @Override
            String write(BigDecimal value) {
                return value.toPlainString();
            }
        },
        TRAILING_ZEROS {
            @Override
            String write(BigDecimal value) {
                String plain = value.toPlainString();
                return plain.contains(".") ? plain + "000" : plain + ".000";
            }
        },
        UNSCALED_WITH_EXPONENT {
            @Override
            String write(BigDecimal value) {
                return value.unscaledValue() + "e" + (-value.scale());
            }
        },
        SCIENTIFIC_UPPER_CASE {
            @Override
            String write(BigDecimal value) {
                // One digit before the point: d.ddddE+n, as BigDecimal writes it.
                BigInteger unscaled = value.unscaledValue().abs();
                String digits = unscaled.toString();
                int exponent = digits.length() - 1 - value.scale();
                String mantissa =
                        digits.length() == 1
                                ? digits
                                : digits.charAt(0) + "." + digits.substring(1);
                return (value.signum() < 0 ? "-" : "")
                        + mantissa
                        + "E"
                        + (exponent >= 0 ? "+" : "")
                        + exponent;
            }
        };

        abstract String write(BigDecimal value);
    }

    @Provide
    Arbitrary<Notation> notations() {
        return Arbitraries.of(Notation.class);
    }

    @Provide
    Arbitrary<BigDecimal> decimals() {
        Arbitrary<BigInteger> unscaled =
                Arbitraries.oneOf(
                        Arbitraries.bigIntegers()
                                .between(BigInteger.valueOf(-1000), BigInteger.valueOf(1000)),
                        Arbitraries.bigIntegers()
                                .between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40)));
        Arbitrary<Integer> scale = Arbitraries.integers().between(-20, 20);
        return Combinators.combine(unscaled, scale).as(BigDecimal::new);
    }

    @Provide
    Arbitrary<List<BigDecimal>> decimalLists() {
        return decimals().list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<String> texts() {
        // Letters that look alike, escapes, and characters beyond the BMP; no lone surrogates.
        Arbitrary<String> tricky =
                Arbitraries.of("a", "A", "é", "e\u0301", " ", "\"", "\\", "\n", "😀", "0");
        return Arbitraries.oneOf(
                        tricky, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(3))
                .list()
                .ofMaxSize(4)
                .map(parts -> String.join("", parts));
    }

    private static JsonNode record(String number) {
        return RapidsJson.read("{\"x\": " + number + "}");
    }

    private static String jsonString(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }
}
