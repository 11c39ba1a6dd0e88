package io.orderflow.rivers;

import static io.orderflow.rivers.Json.record;
import static io.orderflow.rivers.Json.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RiversTest {

    private static final RecordSource SOURCE =
            new RecordSource("rapids", 3, 42L, 1_764_000_000_123L);

    /** The contract's example river of section 8. */
    private static final River BIG_REFUNDS =
            River.of("big-refunds")
                    .precondition("type", "RefundIssued")
                    .forbid("test")
                    .require("orderId", "amount", "currency", "lines.0.sku")
                    .where("amount >= 10000", "currency in [EUR, USD]", "reason != CANCELLED")
                    .interestedIn(
                            "orderId", "amount", "currency", "reason", "customer.address.city");

    private static final River ALL_REFUNDS =
            River.of("all-refunds").precondition("type", "RefundIssued");

    private static final ObjectNode BIG_REFUND =
            record(
                    "{'type': 'RefundIssued', 'eventId': 'o-1/refund/out-of-stock', 'orderId':"
                        + " 'o-1', 'amount': 12000, 'currency': 'EUR', 'reason': 'OUT_OF_STOCK',"
                        + " 'customer': {'id': 'c-1', 'address': {'city': 'Oslo'}}, 'lines':"
                        + " [{'sku': 'a', 'quantity': 1, 'unitPrice': 12000}]}");

    private static RiverOutcome only(River river, ObjectNode record) {
        List<RiverOutcome> outcomes = Rivers.of("rapids", river).route(record, SOURCE);
        assertThat(outcomes).hasSize(1);
        return outcomes.get(0);
    }

    @Test
    void aRiverRecordIsTheProjectionPlusRiverIdAndSource() {
        RiverOutcome outcome = only(BIG_REFUNDS, BIG_REFUND);
        assertThat(outcome).isInstanceOf(RiverOutcome.RiverRecord.class);
        RiverOutcome.RiverRecord river = (RiverOutcome.RiverRecord) outcome;
        assertThat(river.topic()).isEqualTo("river.big-refunds");
        assertThat(river.id()).isEqualTo("big-refunds/rapids/3/42");
        assertThat(Json.reread(river.value()))
                .isEqualTo(
                        tree(
                                "{'orderId': 'o-1', 'amount': 12000, 'currency': 'EUR', 'reason':"
                                    + " 'OUT_OF_STOCK', 'customer': {'address': {'city': 'Oslo'}},"
                                    + " '@river': 'big-refunds', '@id': 'big-refunds/rapids/3/42',"
                                    + " '@source': {'topic': 'rapids', 'partition': 3, 'offset':"
                                    + " 42, 'timestamp': 1764000000123}}"));
    }

    @Test
    void withoutInterestedInTheRiverRecordIsTheWholeRecord() {
        ObjectNode value = ((RiverOutcome.RiverRecord) only(ALL_REFUNDS, BIG_REFUND)).value();
        ObjectNode expected = BIG_REFUND.deepCopy();
        expected.put("@river", "all-refunds");
        expected.put("@id", "all-refunds/rapids/3/42");
        expected.set("@source", SOURCE.toJson());
        assertThat(Json.reread(value)).isEqualTo(Json.reread(expected));
        assertThat(BIG_REFUND.has("@river")).isFalse();
    }

    @Test
    void inputFieldsNamedLikeTheRiverFieldsAreReplaced() {
        ObjectNode record =
                record(
                        "{'type': 'RefundIssued', '@river': 'other', '@id': 'forged',"
                                + " '@source': {'topic': 'elsewhere'}}");
        ObjectNode value = ((RiverOutcome.RiverRecord) only(ALL_REFUNDS, record)).value();
        assertThat(value.get("@river").textValue()).isEqualTo("all-refunds");
        assertThat(value.get("@id").textValue()).isEqualTo("all-refunds/rapids/3/42");
        assertThat(Json.reread(value.get("@source"))).isEqualTo(Json.reread(SOURCE.toJson()));
        River projecting = River.of("ids").interestedIn("@id", "type");
        ObjectNode projected = ((RiverOutcome.RiverRecord) only(projecting, record)).value();
        assertThat(projected.get("@id").textValue()).isEqualTo("ids/rapids/3/42");
    }

    @Test
    void aRecordGoesToEveryRiverWhosePreconditionAndRulesItMeets() {
        River orders = River.of("orders").precondition("type", "OrderPlaced");
        Rivers rivers = Rivers.of("rapids", BIG_REFUNDS, orders, ALL_REFUNDS);
        List<RiverOutcome> outcomes = rivers.route(BIG_REFUND, SOURCE);
        assertThat(outcomes).hasSize(3);
        assertThat(outcomes.get(0)).isInstanceOf(RiverOutcome.RiverRecord.class);
        assertThat(outcomes.get(1)).isEqualTo(new RiverOutcome.NotForRiver(orders));
        assertThat(outcomes.get(2)).isInstanceOf(RiverOutcome.RiverRecord.class);
        assertThat(outcomes.stream().map(RiverOutcome::river).toList())
                .containsExactly(BIG_REFUNDS, orders, ALL_REFUNDS);
    }

    @Test
    void aRecordNotMeetingThePreconditionIsNotForTheRiver() {
        ObjectNode placed = record("{'type': 'OrderPlaced', 'amount': 5}");
        assertThat(only(BIG_REFUNDS, placed)).isInstanceOf(RiverOutcome.NotForRiver.class);
    }

    @Test
    void aForbiddenPathMustBeAbsentOrNull() {
        ObjectNode test = BIG_REFUND.deepCopy().put("test", true);
        assertThat(only(BIG_REFUNDS, test)).isInstanceOf(RiverOutcome.NotForRiver.class);
        ObjectNode testFalse = BIG_REFUND.deepCopy().put("test", false);
        assertThat(only(BIG_REFUNDS, testFalse)).isInstanceOf(RiverOutcome.NotForRiver.class);
        ObjectNode testNull = BIG_REFUND.deepCopy().putNull("test");
        assertThat(only(BIG_REFUNDS, testNull)).isInstanceOf(RiverOutcome.RiverRecord.class);
    }

    @Test
    void aPreconditionValueNeverMatchesAMissingPathOrANull() {
        River nullable = River.of("r").precondition("status", "null", "", false, 0);
        assertThat(only(nullable, record("{'type': 'T'}")))
                .isInstanceOf(RiverOutcome.NotForRiver.class);
        assertThat(only(nullable, record("{'type': 'T', 'status': null}")))
                .isInstanceOf(RiverOutcome.NotForRiver.class);
        assertThat(only(nullable, record("{'type': 'T', 'status': ''}")))
                .isInstanceOf(RiverOutcome.RiverRecord.class);
    }

    @Test
    void preconditionValuesCompareAsJsonValues() {
        River one = River.of("one").precondition("n", 1);
        for (String n : List.of("1", "1.0", "1e0", "100e-2")) {
            assertThat(only(one, record("{'type': 'T', 'n': " + n + "}")))
                    .isInstanceOf(RiverOutcome.RiverRecord.class);
        }
        assertThat(only(one, record("{'type': 'T', 'n': '1'}")))
                .isInstanceOf(RiverOutcome.NotForRiver.class);
        assertThat(only(one, record("{'type': 'T', 'n': true}")))
                .isInstanceOf(RiverOutcome.NotForRiver.class);
        River yes = River.of("yes").precondition("flag", true);
        assertThat(only(yes, record("{'type': 'T', 'flag': 'true'}")))
                .isInstanceOf(RiverOutcome.NotForRiver.class);
        River tenth = River.of("tenth").precondition("x", new BigDecimal("0.1"));
        assertThat(only(tenth, record("{'type': 'T', 'x': 0.1000000000000000055511151231257827}")))
                .isInstanceOf(RiverOutcome.NotForRiver.class);
    }

    @Test
    void everyPathOfThePreconditionMustMatch() {
        River river =
                River.of("r").precondition("type", "T").precondition("currency", "EUR", "USD");
        assertThat(only(river, record("{'type': 'T', 'currency': 'USD'}")))
                .isInstanceOf(RiverOutcome.RiverRecord.class);
        assertThat(only(river, record("{'type': 'T', 'currency': 'GBP'}")))
                .isInstanceOf(RiverOutcome.NotForRiver.class);
        assertThat(only(river, record("{'type': 'U', 'currency': 'EUR'}")))
                .isInstanceOf(RiverOutcome.NotForRiver.class);
    }

    @Test
    void brokenRulesGiveOneProblemWithASentencePerRuleInSpecOrder() {
        ObjectNode small =
                record(
                        "{'type': 'RefundIssued', 'orderId': null, 'amount': 500,"
                                + " 'currency': 'GBP', 'lines': []}");
        RiverOutcome outcome = only(BIG_REFUNDS, small);
        assertThat(outcome)
                .isEqualTo(
                        new RiverOutcome.Problems(
                                BIG_REFUNDS,
                                "big-refunds/rapids/3/42",
                                List.of(
                                        "orderId is null, which breaks require rule \"orderId\"",
                                        "lines.0.sku is missing, which breaks require rule"
                                                + " \"lines.0.sku\"",
                                        "amount is 500, which breaks where rule \"amount >="
                                                + " 10000\"",
                                        "currency is \"GBP\", which breaks where rule"
                                                + " \"currency in [EUR, USD]\"",
                                        "reason is missing, which breaks where rule"
                                                + " \"reason != CANCELLED\"")));
    }

    @Test
    void aCancelledRefundBreaksOnlyTheReasonRule() {
        ObjectNode cancelled = BIG_REFUND.deepCopy().put("reason", "CANCELLED");
        assertThat(((RiverOutcome.Problems) only(BIG_REFUNDS, cancelled)).problems())
                .containsExactly(
                        "reason is \"CANCELLED\", which breaks where rule \"reason != CANCELLED\"");
    }

    @Test
    void numbersKeepTheirExactValueInTheRiverRecord() {
        String input =
                "{\"type\": \"T\", \"tenth\": 0.1, \"hundred\": 1e2, \"price\": 12.50,"
                        + " \"long\": 123456789012345678901234567890.123456789012345678901,"
                        + " \"huge\": 98765432109876543210987654321}";
        ObjectNode record =
                ((RapidsInput.Event)
                                RapidsJson.decode(input.getBytes(StandardCharsets.UTF_8), 1 << 20))
                        .record();
        ObjectNode value = ((RiverOutcome.RiverRecord) only(River.of("all"), record)).value();
        JsonNode written =
                RapidsJson.read(new String(RapidsJson.write(value), StandardCharsets.UTF_8));
        assertThat(written.get("tenth").decimalValue()).isEqualByComparingTo("0.1");
        assertThat(written.get("hundred").decimalValue()).isEqualByComparingTo("100");
        assertThat(written.get("price").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(written.get("long").decimalValue())
                .isEqualByComparingTo("123456789012345678901234567890.123456789012345678901");
        assertThat(written.get("huge").bigIntegerValue())
                .isEqualTo(new java.math.BigInteger("98765432109876543210987654321"));
        String text = new String(RapidsJson.write(value), StandardCharsets.UTF_8);
        assertThat(text).contains("\"tenth\":0.1,").contains("\"price\":12.50,");
    }

    @Test
    void routingRefusesWhatIsNotARapidsEvent() {
        Rivers rivers = Rivers.of("rapids", ALL_REFUNDS);
        assertThatThrownBy(() -> rivers.route(tree("[1]"), SOURCE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rivers.route(tree("{'type': 5}"), SOURCE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void riversRefuseADuplicateNameAndTheRapidsTopic() {
        assertThatThrownBy(() -> Rivers.of("rapids", ALL_REFUNDS, River.of("all-refunds")))
                .hasMessage("river all-refunds: name all-refunds is used by an earlier river");
        assertThatThrownBy(() -> Rivers.of("rapids", River.of("x").topic("rapids")))
                .hasMessage("river x: topic rapids is the rapids topic, which the river reads");
        assertThatThrownBy(() -> Rivers.of("river.x", River.of("x")))
                .hasMessage("river x: topic river.x is the rapids topic, which the river reads");
    }
}
