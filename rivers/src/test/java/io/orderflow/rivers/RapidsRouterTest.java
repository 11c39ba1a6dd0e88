package io.orderflow.rivers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rivers job's routing from bytes, on examples. */
class RapidsRouterTest {

    private static final RecordSource SOURCE = new RecordSource("rapids", 2, 41L, 1_000L);

    private static final Rivers RIVERS =
            Rivers.of(
                    "rapids",
                    River.of("whole").precondition("type", "A"),
                    River.of("projected")
                            .precondition("type", "A")
                            .where("n >= 1")
                            .interestedIn("n", "c.city", "missing.path"));

    private final List<String> outputs = new ArrayList<>();

    private final RapidsRouter.Outputs collect =
            new RapidsRouter.Outputs() {
                @Override
                public void deadLetter(RapidsInput.Rejected rejected) {
                    outputs.add(rejected.reason() + ": " + rejected.detail());
                }

                @Override
                public void riverRecord(River river, RecordSource source, byte[] value) {
                    outputs.add(
                            source.idIn(river.name())
                                    + " "
                                    + new String(value, StandardCharsets.UTF_8));
                }

                @Override
                public void problems(River river, String id, List<String> problems) {
                    outputs.add(id + " " + problems);
                }
            };

    private final RapidsRouter router = new RapidsRouter(RIVERS, 1 << 20);

    private List<String> route(String text) {
        router.route(text.getBytes(StandardCharsets.UTF_8), SOURCE, collect);
        return outputs;
    }

    @Test
    void riverRecordsKeepTheInputsTextOfEachValueTheyKeep() {
        assertThat(route("{\"type\":\"A\",\"n\":1e2,\"c\":{\"zip\":1, \"city\" : \"K\\u00f6ln\"}}"))
                .containsExactly(
                        "whole/rapids/2/41 {\"type\":\"A\",\"n\":1e2,\"c\":{\"zip\":1, \"city\" :"
                            + " \"K\\u00f6ln\"},\"@river\":\"whole\",\"@id\":\"whole/rapids/2/41\","
                            + "\"@source\":{\"topic\":\"rapids\",\"partition\":2,\"offset\":41,"
                            + "\"timestamp\":1000}}",
                        "projected/rapids/2/41 {\"n\":1e2,\"c\":{\"city\":\"K\\u00f6ln\"},"
                                + "\"@river\":\"projected\",\"@id\":\"projected/rapids/2/41\","
                                + "\"@source\":{\"topic\":\"rapids\",\"partition\":2,\"offset\":41,"
                                + "\"timestamp\":1000}}");
    }

    @Test
    void aProjectionThatKeepsNothingIsTheRiversFieldsAlone() {
        Rivers rivers =
                Rivers.of("rapids", River.of("none").precondition("type", "A").interestedIn("x.y"));
        new RapidsRouter(rivers, 1 << 20)
                .route(
                        "{\"type\":\"A\",\"x\":{\"z\":1}}".getBytes(StandardCharsets.UTF_8),
                        SOURCE,
                        collect);
        assertThat(outputs)
                .containsExactly(
                        "none/rapids/2/41 {\"@river\":\"none\",\"@id\":\"none/rapids/2/41\","
                                + "\"@source\":{\"topic\":\"rapids\",\"partition\":2,\"offset\":41,"
                                + "\"timestamp\":1000}}");
    }

    @Test
    void aParentObjectThatKeepsNothingIsLeftOut() {
        assertThat(route("{\"type\":\"A\",\"n\":1,\"c\":{\"zip\":1},\"missing\":{\"x\":2}}").get(1))
                .startsWith("projected/rapids/2/41 {\"n\":1,\"@river\":\"projected\"");
    }

    @Test
    void aRecordWithAProblemIsToldWithItsOtherRiverRecordInSpecOrderWithoutATree() {
        assertThat(route("{\"type\":\"A\",\"n\":0.5}"))
                .containsExactly(
                        "whole/rapids/2/41 {\"type\":\"A\",\"n\":0.5,\"@river\":\"whole\","
                                + "\"@id\":\"whole/rapids/2/41\",\"@source\":{\"topic\":\"rapids\","
                                + "\"partition\":2,\"offset\":41,\"timestamp\":1000}}",
                        "projected/rapids/2/41 [n is 0.5, which breaks where rule \"n >= 1\"]");
        assertThat(router.treeReads()).isZero();
    }

    @Test
    void aRecordThatIsNotAnEventIsTheDeadLetterJacksonsReadingNames() {
        assertThat(route("{\"type\":\"A\",\"type\":\"B\"}")).hasSize(1);
        assertThat(outputs.get(0)).startsWith("MALFORMED_JSON: value is not valid JSON: Duplicate");
        assertThat(router.treeReads()).isEqualTo(1);
        outputs.clear();
        assertThat(route("{\"type\":5}"))
                .containsExactly(
                        "SCHEMA_VIOLATION: type must be a string naming the event type, was 5");
    }

    @Test
    void aFieldThatAProjectionKeepsAndTheRiverReplacesIsReplacedOnce() {
        Rivers rivers =
                Rivers.of(
                        "rapids",
                        River.of("p").precondition("type", "A").interestedIn("@id", "@river", "n"));
        new RapidsRouter(rivers, 1 << 20)
                .route(
                        "{\"type\":\"A\",\"@id\":\"old\",\"n\":1}".getBytes(StandardCharsets.UTF_8),
                        SOURCE,
                        collect);
        assertThat(outputs)
                .containsExactly(
                        "p/rapids/2/41 {\"n\":1,\"@river\":\"p\",\"@id\":\"p/rapids/2/41\","
                                + "\"@source\":{\"topic\":\"rapids\",\"partition\":2,"
                                + "\"offset\":41,\"timestamp\":1000}}");
    }

    @Test
    void aFieldThatTheWholeRecordRiverReplacesIsReplaced() {
        assertThat(route("{\"type\":\"A\",\"@river\":\"old\",\"n\":0}").get(0))
                .startsWith("whole/rapids/2/41 {\"type\":\"A\",\"n\":0,\"@river\":\"whole\"");
    }

    @Test
    void eachRiverRecordNamesTheTopicItsInputCameFromWhenTheTopicChanges() {
        byte[] record = "{\"type\":\"A\",\"n\":1}".getBytes(StandardCharsets.UTF_8);
        for (RecordSource source :
                List.of(
                        SOURCE,
                        new RecordSource("rapids.eu", 0, 7L, 2_000L),
                        new RecordSource("rapids", 3, 1234567890123L, 3_000L))) {
            router.route(record, source, collect);
        }
        assertThat(outputs)
                .filteredOn(output -> output.startsWith("whole/"))
                .containsExactly(
                        "whole/rapids/2/41 {\"type\":\"A\",\"n\":1,\"@river\":\"whole\","
                                + "\"@id\":\"whole/rapids/2/41\",\"@source\":{\"topic\":\"rapids\","
                                + "\"partition\":2,\"offset\":41,\"timestamp\":1000}}",
                        "whole/rapids.eu/0/7 {\"type\":\"A\",\"n\":1,\"@river\":\"whole\","
                                + "\"@id\":\"whole/rapids.eu/0/7\",\"@source\":{\"topic\":"
                                + "\"rapids.eu\",\"partition\":0,\"offset\":7,\"timestamp\":2000}}",
                        "whole/rapids/3/1234567890123 {\"type\":\"A\",\"n\":1,\"@river\":"
                                + "\"whole\",\"@id\":\"whole/rapids/3/1234567890123\",\"@source\":"
                                + "{\"topic\":\"rapids\",\"partition\":3,\"offset\":1234567890123,"
                                + "\"timestamp\":3000}}");
    }

    @Test
    void aRecordWithAnAtNameThatNoRiverReplacesIsRoutedOnItsIndex() {
        assertThat(route("{\"type\":\"A\",\"@other\":1,\"n\":0,\"c\":{\"@river\":2}}").get(0))
                .isEqualTo(
                        "whole/rapids/2/41 {\"type\":\"A\",\"@other\":1,\"n\":0,"
                                + "\"c\":{\"@river\":2},\"@river\":\"whole\",\"@id\":"
                                + "\"whole/rapids/2/41\",\"@source\":{\"topic\":\"rapids\","
                                + "\"partition\":2,\"offset\":41,\"timestamp\":1000}}");
        assertThat(router.treeReads()).isZero();
    }

    /**
     * No rapids value holds an unpaired surrogate (such a record is a dead letter), so a literal
     * with one meets no record: on the index as on the tree, where its UTF-8 encoding would
     * otherwise read as a question mark.
     */
    @Test
    void aLiteralWithAnUnpairedSurrogateMeetsNoRecordOnTheIndexAsOnTheTree() {
        Rivers rivers =
                Rivers.of(
                        "rapids",
                        River.of("lone-surrogate").precondition("type", "\uD800"),
                        River.of("lone-in-rule").where("s == \"a\uDC00\""));
        RapidsRouter lone = new RapidsRouter(rivers, 1 << 20);
        for (String text :
                List.of("{\"type\":\"?\",\"s\":\"a?\"}", "{\"type\":\"\\u0000?\",\"s\":\"a?\"}")) {
            outputs.clear();
            lone.route(text.getBytes(StandardCharsets.UTF_8), SOURCE, collect);
            assertThat(outputs).as(text).hasSize(1).allMatch(o -> o.contains("breaks where rule"));
            var tree =
                    (RapidsInput.Event)
                            RapidsJson.decode(text.getBytes(StandardCharsets.UTF_8), 1 << 20);
            assertThat(rivers.routeMatching(tree.record(), SOURCE)).hasSize(1);
        }
    }
}
