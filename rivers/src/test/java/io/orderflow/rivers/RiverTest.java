package io.orderflow.rivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class RiverTest {

    @Test
    void eachMethodReturnsANewRiverAndLeavesTheOldOne() {
        River bare = River.of("r");
        River typed = bare.precondition("type", "T");
        assertThat(bare.precondition()).isEmpty();
        assertThat(typed.precondition()).containsOnlyKeys(RiverPath.parse("type"));
        assertThat(typed).isNotEqualTo(bare);
    }

    @Test
    void repeatedCallsAddToTheLists() {
        River river = River.of("r").require("a").require("b").where("a == 1").where("b == 2");
        assertThat(river).isEqualTo(River.of("r").require("a", "b").where("a == 1", "b == 2"));
    }

    @Test
    void preconditionValuesMayBeStringsBooleansAndExactNumbers() {
        River river =
                River.of("r")
                        .precondition("v", "s", true, 7, 7L, new BigDecimal("0.1"), BigInteger.TEN);
        assertThat(river.precondition().get(RiverPath.parse("v")))
                .containsExactly(
                        Literal.string("s"),
                        Literal.bool(true),
                        Literal.number(new BigDecimal("7")),
                        Literal.number(new BigDecimal("7.0")),
                        Literal.number(new BigDecimal("0.1")),
                        Literal.number(BigDecimal.TEN));
    }

    @Test
    void mistakesNameTheRiver() {
        assertThatThrownBy(() -> River.of("big-refunds").where("amount >="))
                .isInstanceOf(RiverSpecException.class)
                .hasMessage(
                        "river big-refunds: where rule \"amount >=\" does not parse: a literal is"
                                + " missing");
        assertThatThrownBy(() -> River.of("r").require())
                .hasMessage("river r: require is an empty list");
        assertThatThrownBy(() -> River.of("r").interestedIn())
                .hasMessage("river r: interestedIn is an empty list");
        assertThatThrownBy(() -> River.of("r").precondition("type"))
                .hasMessage("river r: precondition type is an empty list");
        assertThatThrownBy(() -> River.of("r").precondition("x", 0.1))
                .hasMessage(
                        "river r: a value must be a String, Boolean, BigDecimal, BigInteger, Long"
                            + " or Integer, was a Double (binary floating point is not exact: use"
                            + " new BigDecimal(\"...\"))");
        assertThatThrownBy(() -> River.of("r").precondition("x", (Object) null))
                .hasMessage("river r: a value must not be null (there is no null literal)");
        assertThatThrownBy(() -> River.of("r").precondition("x", 1).precondition("x", 2))
                .hasMessage("river r: precondition on x is given twice");
        assertThatThrownBy(() -> River.of("r").precondition("forbid", "x"))
                .hasMessage(
                        "river r: precondition path forbid is taken by the list of forbidden"
                                + " paths");
        assertThatThrownBy(() -> River.of("r").forbid("a..b"))
                .hasMessage("river r: path \"a..b\" has an empty segment");
    }

    @Test
    void badNamesAreRefused() {
        assertThatThrownBy(() -> River.of("Big"))
                .hasMessage("name \"Big\" must be 1 to 64 characters of a-z, 0-9 and -");
        assertThatThrownBy(() -> River.of(null)).hasMessage("name is missing");
        assertThat(River.of("a".repeat(64)).name()).hasSize(64);
        assertThat(River.of("0-big-refunds-9").topic()).isEqualTo("river.0-big-refunds-9");
    }
}
