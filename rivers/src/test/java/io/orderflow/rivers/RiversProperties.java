package io.orderflow.rivers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Preconditions never match what is missing or null; projections keep exactly what is named. */
class RiversProperties {

    private static final RecordSource SOURCE = new RecordSource("rapids", 0, 7L, 1L);

    @Property(tries = 500)
    void aPreconditionValueNeverMatchesAMissingPathOrANull(
            @ForAll("literals") Object accepted, @ForAll("absentOrNull") String record) {
        River river = River.of("r").precondition("a.b", accepted);
        RiverOutcome outcome = Rivers.route(river, Json.record(record), SOURCE);
        assertThat(outcome).isEqualTo(new RiverOutcome.NotForRiver(river));
    }

    @Property(tries = 1000)
    void aProjectionKeepsANamedPathWithItsParentsOrNothing(
            @ForAll("records") ObjectNode record, @ForAll("paths") List<String> segments) {
        RiverPath path = RiverPath.parse(String.join(".", segments));
        ObjectNode projected = new Projection(List.of(path)).apply(record);
        assertThat(projected).isEqualTo(expectedProjection(record, segments));
    }

    @Property(tries = 500)
    void aRecordMeetingSeveralRiversGoesToEachWithItsOwnFields(
            @ForAll("records") ObjectNode record) {
        record.put("type", "T");
        Rivers rivers =
                Rivers.of(
                        "rapids",
                        River.of("one"),
                        River.of("two").precondition("type", "T"),
                        River.of("three").forbid("nowhere.at.all"));
        for (RiverOutcome outcome : rivers.route(record, SOURCE)) {
            ObjectNode value = ((RiverOutcome.RiverRecord) outcome).value();
            String name = outcome.river().name();
            assertThat(value.get("@river").textValue()).isEqualTo(name);
            assertThat(value.get("@id").textValue()).isEqualTo(name + "/rapids/0/7");
            ObjectNode withoutRiverFields = value.deepCopy();
            withoutRiverFields.remove(Rivers.RIVER_FIELDS);
            assertThat(withoutRiverFields).isEqualTo(record);
        }
    }

    /** What the contract says a projection of one path keeps, built independently. */
    private static ObjectNode expectedProjection(ObjectNode record, List<String> segments) {
        JsonNode node = record;
        for (String segment : segments) {
            if (!node.isObject() || !node.has(segment)) {
                return JsonNodeFactory.instance
                        .objectNode(); // missing, or a list met before the end
            }
            node = node.get(segment);
        }
        JsonNode kept = node;
        for (int i = segments.size() - 1; i >= 0; i--) {
            ObjectNode parent = JsonNodeFactory.instance.objectNode();
            parent.set(segments.get(i), kept);
            kept = parent;
        }
        return (ObjectNode) kept;
    }

    @Provide
    Arbitrary<Object> literals() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(5).map(s -> (Object) s),
                Arbitraries.of("", "null", "0").map(s -> (Object) s),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.bigDecimals()
                        .between(new BigDecimal("-1000"), new BigDecimal("1000"))
                        .ofScale(3)
                        .map(d -> (Object) d),
                Arbitraries.of(BigDecimal.ZERO).map(d -> (Object) d));
    }

    @Provide
    Arbitrary<String> absentOrNull() {
        return Arbitraries.of(
                "{'type': 'T'}",
                "{'type': 'T', 'a': null}",
                "{'type': 'T', 'a': {}}",
                "{'type': 'T', 'a': {'b': null}}",
                "{'type': 'T', 'a': {'c': 1}}",
                "{'type': 'T', 'a': 5}",
                "{'type': 'T', 'a': [{'b': 1}]}");
    }

    @Provide
    Arbitrary<List<String>> paths() {
        return Arbitraries.of("a", "b", "0", "1").list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<ObjectNode> records() {
        return values(3).map(v -> v.isObject() ? (ObjectNode) v : wrap(v));
    }

    private static ObjectNode wrap(JsonNode value) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        object.set("a", value);
        return object;
    }

    /** Nested values whose keys are the ones paths use, so that paths often lead somewhere. */
    private static Arbitrary<JsonNode> values(int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Arbitrary<JsonNode> scalars =
                Arbitraries.of(
                        f.nullNode(),
                        f.textNode("x"),
                        f.numberNode(new BigDecimal("1.50")),
                        f.booleanNode(true));
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<JsonNode> objects =
                Arbitraries.maps(Arbitraries.of("a", "b", "0", "1"), values(depth - 1))
                        .ofMaxSize(4)
                        .map(
                                fields -> {
                                    ObjectNode object = f.objectNode();
                                    fields.forEach(object::set);
                                    return object;
                                });
        Arbitrary<JsonNode> lists =
                values(depth - 1)
                        .list()
                        .ofMaxSize(3)
                        .map(items -> (JsonNode) f.arrayNode().addAll(items));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, scalars),
                net.jqwik.api.Tuple.of(3, objects),
                net.jqwik.api.Tuple.of(1, lists));
    }
}
