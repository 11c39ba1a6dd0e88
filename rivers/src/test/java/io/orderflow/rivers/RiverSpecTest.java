package io.orderflow.rivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RiverSpecTest {

    /** Section 8's example, comments and all. */
    private static final String EXAMPLE =
            String.join(
                    "\n",
                    "rivers:",
                    "  - name: big-refunds                 # [a-z0-9-]{1,64}, unique",
                    "    precondition:                     # not met: skipped silently",
                    "      type: [RefundIssued]            # path: list of accepted values",
                    "      forbid: [test]                  # paths that must be absent or null",
                    "    validate:",
                    "      require: [orderId, amount, currency, lines.0.sku]   # present, not null",
                    "      where: [\"amount >= 10000\", \"currency in [EUR, USD]\", \"reason !="
                            + " CANCELLED\"]",
                    "    interestedIn: [orderId, amount, currency, reason, customer.address.city]",
                    "");

    private static Rivers parse(String yaml) {
        return RiverSpec.parse(yaml, "rivers.yaml", "rapids");
    }

    private static River only(String yaml) {
        List<River> rivers = parse(yaml).rivers();
        assertThat(rivers).hasSize(1);
        return rivers.get(0);
    }

    private static void refused(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(RiverSpecException.class)
                .hasMessage(message);
    }

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    // ---------------------------------------------------------------- reading

    @Test
    void theContractsExampleReadsAsTheSameRiverAsCodeBuilds() {
        River expected =
                River.of("big-refunds")
                        .precondition("type", "RefundIssued")
                        .forbid("test")
                        .require("orderId", "amount", "currency", "lines.0.sku")
                        .where("amount >= 10000", "currency in [EUR, USD]", "reason != CANCELLED")
                        .interestedIn(
                                "orderId", "amount", "currency", "reason", "customer.address.city");
        River river = only(EXAMPLE);
        assertThat(river).isEqualTo(expected);
        assertThat(river.topic()).isEqualTo("river.big-refunds");
        assertThat(river.rules().get(1).literals())
                .containsExactly(Literal.string("EUR"), Literal.string("USD"));
    }

    @Test
    void everyPartButTheNameIsOptional() {
        River river = only(lines("rivers:", "  - name: everything"));
        assertThat(river).isEqualTo(River.of("everything"));
        assertThat(river.interests()).isNull();
        assertThat(river.precondition()).isEmpty();
    }

    @Test
    void topicNamesTheOutputTopic() {
        assertThat(only(lines("rivers:", "  - name: a", "    topic: refunds.big")).topic())
                .isEqualTo("refunds.big");
    }

    @Test
    void riversKeepTheirOrder() {
        Rivers rivers = parse(lines("rivers:", "  - name: b", "  - name: a", "  - name: c"));
        assertThat(rivers.rivers().stream().map(River::name).toList())
                .containsExactly("b", "a", "c");
        assertThat(rivers.rapidsTopic()).isEqualTo("rapids");
    }

    @Test
    void numbersAreTheExactDecimalOfTheirText() {
        River river =
                only(
                        lines(
                                "rivers:",
                                "  - name: n",
                                "    precondition:",
                                "      amount: [0.1, 1e2, .5, +5, -0.000000000000000000001,"
                                        + " 12345678901234567890123]"));
        assertThat(river.precondition().get(RiverPath.parse("amount")))
                .containsExactly(
                        Literal.number(new BigDecimal("0.1")),
                        Literal.number(new BigDecimal("100")),
                        Literal.number(new BigDecimal("0.5")),
                        Literal.number(new BigDecimal("5")),
                        Literal.number(new BigDecimal("-1e-21")),
                        Literal.number(new BigDecimal("12345678901234567890123")));
        // Exactly 0.1: the double nearest 0.1 is another number.
        assertThat(river.precondition().get(RiverPath.parse("amount")).get(0))
                .isNotEqualTo(Literal.number(new BigDecimal(0.1)));
    }

    @Test
    void yaml11BooleanWordsAreBooleansAndQuotedOnesStrings() {
        River river =
                only(
                        lines(
                                "rivers:",
                                "  - name: b",
                                "    precondition:",
                                "      paid: [yes, on, true, True]",
                                "      test: [no, off, false]",
                                "      word: ['yes', \"off\", y, n]"));
        assertThat(river.precondition().get(RiverPath.parse("paid")))
                .containsOnly(Literal.bool(true));
        assertThat(river.precondition().get(RiverPath.parse("test")))
                .containsOnly(Literal.bool(false));
        assertThat(river.precondition().get(RiverPath.parse("word")))
                .containsExactly(
                        Literal.string("yes"),
                        Literal.string("off"),
                        Literal.string("y"),
                        Literal.string("n"));
    }

    @Test
    void aFileIsReadAsUtf8AndNamedByItsPath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rivers.yaml");
        Files.writeString(file, lines("rivers:", "  - name: Bad"), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RiverSpec.parse(file, "rapids"))
                .hasMessage(
                        file
                                + " line 2, river #1: name \"Bad\" must be 1 to 64 characters of"
                                + " a-z, 0-9 and -");
        Files.write(file, new byte[] {'r', (byte) 0xFF});
        assertThatThrownBy(() -> RiverSpec.parse(file, "rapids"))
                .hasMessage(file + ": the file is not UTF-8 text");
        Files.writeString(file, EXAMPLE, StandardCharsets.UTF_8);
        assertThat(RiverSpec.parse(file, "rapids").rivers()).hasSize(1);
    }

    // ---------------------------------------------------------------- mistakes

    @Test
    void aWhereRuleThatDoesNotParseIsRefusedAtItsLine() {
        refused(
                EXAMPLE.replace("[\"amount >= 10000\",", "[\"amount >=\","),
                "rivers.yaml line 8, river big-refunds: where rule \"amount >=\" does not parse:"
                        + " a literal is missing");
        refused(
                lines(
                        "rivers:",
                        "  - name: big-refunds",
                        "    validate:",
                        "      where:",
                        "        - amount >= 10000",
                        "        - currency in [EUR, USD]",
                        "        - amount >="),
                "rivers.yaml line 7, river big-refunds: where rule \"amount >=\" does not parse:"
                        + " a literal is missing");
    }

    @Test
    void badYamlIsRefusedAtItsLineInItsRiver() {
        assertThatThrownBy(
                        () ->
                                parse(
                                        lines(
                                                "rivers:",
                                                "  - name: a",
                                                "    interestedIn: [x",
                                                "  - name: b")))
                .isInstanceOf(RiverSpecException.class)
                .hasMessageStartingWith("rivers.yaml line 4, river a: not valid YAML: ")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> parse(lines("rivers:", "  - name: a", "\ttopic: x")))
                .hasMessageStartingWith("rivers.yaml line 3, river a: not valid YAML: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void unknownKeysAreRefused() {
        refused(
                lines("river:", "  - name: a"),
                "rivers.yaml line 1: unknown key river (the file holds rivers:)");
        refused(
                lines("rivers:", "  - name: a", "    filter: [x]"),
                "rivers.yaml line 3, river a: unknown key filter (a river takes name, topic,"
                        + " precondition, validate, interestedIn)");
        refused(
                lines("rivers:", "  - name: a", "    validate:", "      when: [x]"),
                "rivers.yaml line 4, river a: unknown key when (validate takes require and where)");
    }

    @Test
    void badNamesAreRefused() {
        refused(
                lines("rivers:", "  - name: Big_Refunds"),
                "rivers.yaml line 2, river #1: name \"Big_Refunds\" must be 1 to 64 characters of"
                        + " a-z, 0-9 and -");
        refused(
                lines("rivers:", "  - name: ok", "  - name: " + "a".repeat(65)),
                "rivers.yaml line 3, river #2: name a string of 65 characters must be 1 to 64"
                        + " characters of a-z, 0-9 and -");
        refused(
                lines("rivers:", "  - name: ''"),
                "rivers.yaml line 2, river #1: name \"\" must be 1 to 64 characters of a-z, 0-9"
                        + " and -");
        refused(lines("rivers:", "  - topic: x"), "rivers.yaml line 2, river #1: name is missing");
    }

    @Test
    void aMistakeBeforeABadNameIsToldFirst() {
        refused(
                lines("rivers:", "  - filter: x", "    name: Bad"),
                "rivers.yaml line 2, river #1: unknown key filter (a river takes name, topic,"
                        + " precondition, validate, interestedIn)");
    }

    @Test
    void aDuplicateNameIsRefusedAtTheLaterRiver() {
        refused(
                lines("rivers:", "  - name: a", "  - name: b", "  - name: a"),
                "rivers.yaml line 4, river a: name a is used by an earlier river");
    }

    @Test
    void aDuplicateKeyIsRefusedInItsRiverEvenBeforeTheName() {
        refused(
                lines(
                        "rivers:",
                        "  - name: first",
                        "  - precondition:",
                        "      type: [A]",
                        "      type: [B]",
                        "    name: dup-keys"),
                "rivers.yaml line 5, river dup-keys: key type is given twice");
        refused(
                lines("rivers:", "  - name: a", "rivers:", "  - name: b"),
                "rivers.yaml line 3: key rivers is given twice");
    }

    @Test
    void emptyListsAreRefused() {
        refused("rivers: []\n", "rivers.yaml line 1: rivers is an empty list");
        refused(
                lines("rivers:", "  - name: a", "    interestedIn: []"),
                "rivers.yaml line 3, river a: interestedIn is an empty list");
        refused(
                lines("rivers:", "  - name: a", "    validate:", "      require: []"),
                "rivers.yaml line 4, river a: require is an empty list");
        refused(
                lines("rivers:", "  - name: a", "    validate:", "      where: []"),
                "rivers.yaml line 4, river a: where is an empty list");
        refused(
                lines("rivers:", "  - name: a", "    precondition:", "      type: []"),
                "rivers.yaml line 4, river a: type is an empty list");
        refused(
                lines("rivers:", "  - name: a", "    precondition:", "      forbid: []"),
                "rivers.yaml line 4, river a: forbid is an empty list");
    }

    @Test
    void aRiverTopicEqualToTheRapidsTopicIsRefused() {
        refused(
                lines("rivers:", "  - name: a", "    topic: rapids"),
                "rivers.yaml line 3, river a: topic rapids is the rapids topic, which the river"
                        + " reads");
        assertThatThrownBy(
                        () -> RiverSpec.parse(lines("rivers:", "  - name: a"), "f.yaml", "river.a"))
                .hasMessage(
                        "f.yaml line 2, river a: topic river.a is the rapids topic, which the"
                                + " river reads");
    }

    @Test
    void badTopicNamesAreRefused() {
        refused(
                lines("rivers:", "  - name: a", "    topic: 'big refunds'"),
                "rivers.yaml line 3, river a: topic \"big refunds\" is not a Kafka topic name (1 to"
                        + " 249 characters of a-z, A-Z, 0-9, '.', '_' and '-')");
    }

    @Test
    void preconditionValuesMustBeStringsExactNumbersOrBooleans() {
        refused(
                lines("rivers:", "  - name: a", "    precondition:", "      type: [~]"),
                "rivers.yaml line 4, river a: null is not a precondition value (a null never"
                        + " matches; forbid lists the paths that must be absent or null)");
        refused(
                lines("rivers:", "  - name: a", "    precondition:", "      n: [1, 0x1F]"),
                "rivers.yaml line 4, river a: \"0x1F\" is a YAML number that is not written as a"
                        + " decimal; write the decimal, or quote it for a string");
        refused(
                lines("rivers:", "  - name: a", "    precondition:", "      n: [010]"),
                "rivers.yaml line 4, river a: \"010\" is a YAML number that is not written as a"
                        + " decimal; write the decimal, or quote it for a string");
        refused(
                lines("rivers:", "  - name: a", "    precondition:", "      type: RefundIssued"),
                "rivers.yaml line 4, river a: type must be a list, was \"RefundIssued\"");
        refused(
                lines("rivers:", "  - name: a", "    precondition:", "      type: [[A]]"),
                "rivers.yaml line 4, river a: a precondition value must be a string, number or"
                        + " boolean, not a list");
    }

    @Test
    void badPathsAreRefused() {
        refused(
                lines("rivers:", "  - name: a", "    validate:", "      require: [a..b]"),
                "rivers.yaml line 4, river a: require: path \"a..b\" has an empty segment");
        refused(
                lines("rivers:", "  - name: a", "    precondition:", "      forbid: [x.]"),
                "rivers.yaml line 4, river a: forbid: path \"x.\" has an empty segment");
    }

    @Test
    void wrongShapesAreRefused() {
        refused(
                lines("rivers:", "  - just-a-name"),
                "rivers.yaml line 2, river #1: a river must be a mapping, was \"just-a-name\"");
        refused(
                lines("rivers:", "  - name: a", "    validate:"),
                "rivers.yaml line 3, river a: validate must be a mapping, was empty");
        refused(
                lines("rivers:", "  - name: a", "    precondition: {}"),
                "rivers.yaml line 3, river a: precondition is an empty mapping");
        refused("- name: a\n", "rivers.yaml line 1: the file must be a mapping, was a list");
        refused("", "rivers.yaml line 1: the file is empty; it must hold rivers:");
        refused(
                lines("other: 1"),
                "rivers.yaml line 1: unknown key other (the file holds rivers:)");
        refused(
                lines("rivers:", "  - name: a", "---", "rivers: []"),
                "rivers.yaml line 4: the file holds more than one YAML document");
    }

    @Test
    void aliasesAreRefused() {
        refused(
                lines(
                        "rivers:",
                        "  - name: a",
                        "    interestedIn: &paths [x]",
                        "  - name: b",
                        "    interestedIn: *paths"),
                "rivers.yaml line 5, river b: aliases (*paths) are not supported");
    }

    @Test
    void everyMistakeIsOneLine() {
        for (String yaml :
                List.of("rivers: [", "rivers:\n  - name: a\n    where: {\n", "\"rivers\": \"x")) {
            assertThatThrownBy(() -> parse(yaml))
                    .isInstanceOf(RiverSpecException.class)
                    .hasMessageStartingWith("rivers.yaml line ")
                    .hasMessageNotContaining("\n");
        }
    }
}
