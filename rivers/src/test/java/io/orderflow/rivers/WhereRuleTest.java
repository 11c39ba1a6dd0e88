package io.orderflow.rivers;

import static io.orderflow.rivers.Json.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WhereRuleTest {

    // ---------------------------------------------------------------- reading rules

    @Test
    void readsPathOperatorAndLiteral() {
        WhereRule rule = WhereRule.parse("amount >= 10000");
        assertThat(rule.path()).hasToString("amount");
        assertThat(rule.op()).isEqualTo(WhereRule.Op.GE);
        assertThat(rule.literals()).containsExactly(Literal.number(new BigDecimal("10000")));
    }

    @Test
    void readsEveryOperator() {
        assertThat(WhereRule.parse("a == 1").op()).isEqualTo(WhereRule.Op.EQ);
        assertThat(WhereRule.parse("a != 1").op()).isEqualTo(WhereRule.Op.NE);
        assertThat(WhereRule.parse("a < 1").op()).isEqualTo(WhereRule.Op.LT);
        assertThat(WhereRule.parse("a <= 1").op()).isEqualTo(WhereRule.Op.LE);
        assertThat(WhereRule.parse("a > 1").op()).isEqualTo(WhereRule.Op.GT);
        assertThat(WhereRule.parse("a >= 1").op()).isEqualTo(WhereRule.Op.GE);
        assertThat(WhereRule.parse("a in [1]").op()).isEqualTo(WhereRule.Op.IN);
        assertThat(WhereRule.parse("a not in [1]").op()).isEqualTo(WhereRule.Op.NOT_IN);
        assertThat(WhereRule.parse("a>=1").op()).isEqualTo(WhereRule.Op.GE);
    }

    @Test
    void trueAndFalseAreBooleans() {
        assertThat(WhereRule.parse("paid == true").literals()).containsExactly(Literal.bool(true));
        assertThat(WhereRule.parse("paid != false").literals())
                .containsExactly(Literal.bool(false));
    }

    @Test
    void quotedLiteralsAreJsonStrings() {
        assertThat(WhereRule.parse("reason == \"OUT OF STOCK\"").literals())
                .containsExactly(Literal.string("OUT OF STOCK"));
        assertThat(WhereRule.parse("reason == \"true\"").literals())
                .containsExactly(Literal.string("true"));
        assertThat(WhereRule.parse("reason == \"10\"").literals())
                .containsExactly(Literal.string("10"));
        assertThat(WhereRule.parse("reason == \"a\\\"b\\u00e9\"").literals())
                .containsExactly(Literal.string("a\"bé"));
    }

    @Test
    void otherBareWordsAreStrings() {
        assertThat(WhereRule.parse("reason != CANCELLED").literals())
                .containsExactly(Literal.string("CANCELLED"));
        assertThat(WhereRule.parse("flag == True").literals())
                .containsExactly(Literal.string("True"));
        assertThat(WhereRule.parse("currency in [EUR, USD]").literals())
                .containsExactly(Literal.string("EUR"), Literal.string("USD"));
    }

    @Test
    void bareLiteralsStartingWithDigitSignOrDotAreJsonNumbers() {
        assertThat(WhereRule.parse("a == -1.5e3").literals())
                .containsExactly(Literal.number(new BigDecimal("-1500")));
        assertThat(WhereRule.parse("a == 0.1").literals().get(0))
                .isEqualTo(Literal.number(new BigDecimal("0.1")));
        assertThat(WhereRule.parse("a in [1, 2.5, x, true, \"y\"]").literals())
                .containsExactly(
                        Literal.number(BigDecimal.ONE),
                        Literal.number(new BigDecimal("2.5")),
                        Literal.string("x"),
                        Literal.bool(true),
                        Literal.string("y"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "amount >= .5|\".5\" is not a JSON number",
                "amount >= 01|\"01\" is not a JSON number",
                "amount >= +1|\"+1\" is not a JSON number",
                "amount >= 1.|\"1.\" is not a JSON number",
                "amount >= 1e|\"1e\" is not a JSON number",
                "amount >= -|\"-\" is not a JSON number",
                "amount >= 12abc|\"12abc\" is not a JSON number",
                "reason == null|null is not a literal (a null value breaks every rule)",
                "amount >= abc|>= compares numbers only, but \"abc\" is a string",
                "amount < \"10\"|< compares numbers only, but \"10\" is a string",
                "paid > true|> compares numbers only, but true is a boolean",
                "amount >=|a literal is missing",
                "currency in []|the list is empty",
                "currency in [ ]|the list is empty",
                "currency in [EUR, USD|the list has no closing ]",
                "currency in [EUR USD]|expected , or ] in the list, found \"USD]\"",
                "currency in EUR|expected a list [a, b, ...], found \"EUR\"",
                "currency in [EUR, null]|null is not a literal (a null value breaks every rule)",
                "currency in [EUR,]|a literal is missing before \"]\"",
                "amount|expected an operator (== != < <= > >= in, not in) after the path, found the"
                        + " end",
                "amount = 5|expected an operator (== != < <= > >= in, not in) after the path, found"
                        + " \"= 5\"",
                "amount => 5|expected an operator (== != < <= > >= in, not in) after the path,"
                        + " found \"=> 5\"",
                "currency not [EUR]|expected in after not, found \"[EUR]\"",
                ">= 5|it must start with a path",
                "reason == OUT OF STOCK|unexpected \"OF STOCK\" after the literal",
                "reason == \"open|a string literal has no closing quote",
                "reason == \"a\\x\"|\"a\\x\" is not a JSON string",
                "a..b == 1|path \"a..b\" has an empty segment",
            })
    void mistakesAreRefusedWithTheReason(String rule, String reason) {
        assertThatThrownBy(() -> WhereRule.parse(rule))
                .isInstanceOf(RiverSpecException.class)
                .hasMessage("where rule \"" + rule + "\" does not parse: " + reason);
    }

    @Test
    void anEmptyRuleIsRefused() {
        assertThatThrownBy(() -> WhereRule.parse("  "))
                .hasMessage("where rule \"\" does not parse: the rule is empty");
    }

    // ---------------------------------------------------------------- keeping and breaking rules

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "{'reason': null}",
                "{'reason': 5}",
                "{'reason': true}",
                "{'reason': ['OUT_OF_STOCK']}",
                "{'reason': {'code': 'OUT_OF_STOCK'}}"
            })
    void notEqualIsBrokenByMissingNullAndOtherKinds(String json) {
        assertThat(WhereRule.parse("reason != CANCELLED").holds(record(json))).isFalse();
    }

    @Test
    void notEqualHoldsForAnotherValueOfTheSameKind() {
        WhereRule rule = WhereRule.parse("reason != CANCELLED");
        assertThat(rule.holds(record("{'reason': 'OUT_OF_STOCK'}"))).isTrue();
        assertThat(rule.holds(record("{'reason': 'CANCELLED'}"))).isFalse();
        assertThat(rule.holds(record("{'reason': 'cancelled'}"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1.0", "1e0", "10e-1", "0.1e1", "1.000000000000000000000000"})
    void numbersCompareByExactDecimalValue(String number) {
        assertThat(WhereRule.parse("a == 1").holds(record("{'a': " + number + "}"))).isTrue();
        assertThat(WhereRule.parse("a == 1.0").holds(record("{'a': " + number + "}"))).isTrue();
        assertThat(WhereRule.parse("a == 1e0").holds(record("{'a': " + number + "}"))).isTrue();
    }

    @Test
    void numbersNeverCompareAsDoubles() {
        // 9999.99999999999999999 and 10000 are one double; as decimals they differ.
        assertThat(
                        WhereRule.parse("amount >= 10000")
                                .holds(record("{'amount': 9999.99999999999999999}")))
                .isFalse();
        assertThat(WhereRule.parse("x == 0.3").holds(record("{'x': 0.30000000000000004}")))
                .isFalse();
        assertThat(
                        WhereRule.parse("x == 0.1")
                                .holds(record("{'x': 0.1000000000000000055511151231257827}")))
                .isFalse();
        assertThat(
                        WhereRule.parse("big == 9007199254740993")
                                .holds(record("{'big': 9007199254740992}")))
                .isFalse();
    }

    @Test
    void orderingOperatorsCompareNumbersOnly() {
        assertThat(WhereRule.parse("amount >= 10000").holds(record("{'amount': 10000}"))).isTrue();
        assertThat(WhereRule.parse("amount >= 10000").holds(record("{'amount': 1e4}"))).isTrue();
        assertThat(WhereRule.parse("amount > 10000").holds(record("{'amount': 10000.0}")))
                .isFalse();
        assertThat(WhereRule.parse("amount < 10000").holds(record("{'amount': -5}"))).isTrue();
        assertThat(WhereRule.parse("amount <= -5").holds(record("{'amount': -5.00}"))).isTrue();
        assertThat(WhereRule.parse("amount >= 10000").holds(record("{'amount': '20000'}")))
                .isFalse();
        assertThat(WhereRule.parse("amount >= 10000").holds(record("{}"))).isFalse();
    }

    @Test
    void stringsCompareByExactCharacters() {
        WhereRule rule = WhereRule.parse("city == \"Zürich\"");
        assertThat(rule.holds(record("{'city': 'Zürich'}"))).isTrue();
        assertThat(rule.holds(record("{'city': 'Zu\u0308rich'}"))).isFalse(); // decomposed ü
        assertThat(rule.holds(record("{'city': 'zürich'}"))).isFalse();
        assertThat(rule.holds(record("{'city': 'Zürich '}"))).isFalse();
    }

    @Test
    void booleansCompareAsBooleans() {
        assertThat(WhereRule.parse("paid == true").holds(record("{'paid': true}"))).isTrue();
        assertThat(WhereRule.parse("paid == true").holds(record("{'paid': 'true'}"))).isFalse();
        assertThat(WhereRule.parse("paid == true").holds(record("{'paid': 1}"))).isFalse();
        assertThat(WhereRule.parse("paid != false").holds(record("{'paid': true}"))).isTrue();
    }

    @Test
    void inNeedsAnEqualElement() {
        WhereRule rule = WhereRule.parse("currency in [EUR, USD]");
        assertThat(rule.holds(record("{'currency': 'EUR'}"))).isTrue();
        assertThat(rule.holds(record("{'currency': 'GBP'}"))).isFalse();
        assertThat(rule.holds(record("{}"))).isFalse();
        assertThat(rule.holds(record("{'currency': null}"))).isFalse();
        assertThat(WhereRule.parse("n in [1, 2]").holds(record("{'n': 2.0}"))).isTrue();
    }

    @Test
    void notInNeedsAValueOfTheKindOfSomeElement() {
        WhereRule numbers = WhereRule.parse("n not in [1, 2]");
        assertThat(numbers.holds(record("{'n': 3}"))).isTrue();
        assertThat(numbers.holds(record("{'n': 2.00}"))).isFalse();
        assertThat(numbers.holds(record("{'n': '3'}"))).isFalse();
        assertThat(numbers.holds(record("{}"))).isFalse();
        assertThat(numbers.holds(record("{'n': null}"))).isFalse();
        WhereRule mixed = WhereRule.parse("n not in [1, a]");
        assertThat(mixed.holds(record("{'n': 'b'}"))).isTrue();
        assertThat(mixed.holds(record("{'n': 2}"))).isTrue();
        assertThat(mixed.holds(record("{'n': false}"))).isFalse();
    }

    @Test
    void rulesFollowPathsIntoListsAndObjects() {
        assertThat(WhereRule.parse("lines.0.sku == a").holds(record("{'lines': [{'sku': 'a'}]}")))
                .isTrue();
        assertThat(
                        WhereRule.parse("customer.address.city == Oslo")
                                .holds(record("{'customer': {'address': {'city': 'Oslo'}}}")))
                .isTrue();
    }

    // ---------------------------------------------------------------- sentences

    @Test
    void aBrokenRuleIsOneSentenceNamingThePathAndTheRule() {
        assertThat(WhereRule.parse("amount >= 10000").brokenBy(record("{'amount': 500}")))
                .isEqualTo("amount is 500, which breaks where rule \"amount >= 10000\"");
        assertThat(WhereRule.parse("reason != CANCELLED").brokenBy(record("{}")))
                .isEqualTo("reason is missing, which breaks where rule \"reason != CANCELLED\"");
        assertThat(
                        WhereRule.parse("currency in [EUR, USD]")
                                .brokenBy(record("{'currency': 'GBP'}")))
                .isEqualTo(
                        "currency is \"GBP\", which breaks where rule \"currency in [EUR, USD]\"");
        assertThat(WhereRule.parse("reason != CANCELLED").brokenBy(record("{'reason': null}")))
                .isEqualTo("reason is null, which breaks where rule \"reason != CANCELLED\"");
    }

    @Test
    void aKeptRuleGivesNoSentence() {
        assertThat(WhereRule.parse("amount >= 10000").brokenBy(record("{'amount': 10000}")))
                .isNull();
    }

    @Test
    void longValuesAreDescribedNotEchoed() {
        String sentence =
                WhereRule.parse("note == x")
                        .brokenBy(record("{'note': '" + "y".repeat(100) + "'}"));
        assertThat(sentence)
                .isEqualTo(
                        "note is a string of 100 characters, which breaks where rule \"note =="
                                + " x\"");
        assertThat(List.of(sentence)).allSatisfy(s -> assertThat(s).doesNotContain("\n"));
    }
}
