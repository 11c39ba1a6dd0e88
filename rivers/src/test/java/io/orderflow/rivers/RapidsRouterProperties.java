package io.orderflow.rivers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.schemas.json.Utf8;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Routing from the bytes ({@link RapidsRouter}, the job's way) gives exactly what routing the tree
 * gives: the same dead letters, problems and river records in the same order, each river record the
 * same JSON value; and {@link JsonIndex} indexes only what Jackson reads, as Jackson reads it.
 */
class RapidsRouterProperties {

    private static final RecordSource SOURCE =
            new RecordSource("rapids", 3, 41L, 1_795_687_200_100L);

    private static final Rivers RIVERS =
            Rivers.of(
                    "rapids",
                    River.of("a").precondition("type", "A"),
                    River.of("a-projected")
                            .precondition("type", "A")
                            .interestedIn("n", "@river", "@source", "inner.x", "lines.1"),
                    River.of("any"),
                    River.of("numbered-type").precondition("type", 1L),
                    River.of("big")
                            .precondition("type", "B", "D")
                            .require("amount")
                            .where("amount >= 10000")
                            .interestedIn("amount", "inner.x", "lines.0", "@id"),
                    River.of("currency")
                            .precondition("type", "B")
                            .where("currency in [EUR, USD]", "currency != GBP")
                            .interestedIn("currency", "inner", "inner.y"),
                    River.of("flagged").precondition("flag", true).forbid("inner.y"),
                    River.of("numbers")
                            .precondition("type", "C")
                            .where("n not in [1, 2]", "n < 5", "n > -1", "n <= 4", "flag == false")
                            .interestedIn("n", "flag"),
                    River.of("lines")
                            .precondition("lines.0.sku", "s1", "a\"b")
                            .require("lines.1")
                            .interestedIn("lines", "inner.x.0", "type"),
                    River.of("unicode").precondition("currency", "é", "😀", "A/B"));

    @Property(tries = 3000)
    void routingTheBytesGivesWhatRoutingTheTreeGives(@ForAll("records") String text) {
        boolean all = routesAlike(RIVERS, text);
        // Without a whole-record river, a record with a field a river replaces stays on the index.
        boolean projected = routesAlike(PROJECTED, text);
        Statistics.label("routed on the index: all rivers, projections only")
                .collect(all, projected);
    }

    /** Whether the record was routed on its index, having checked it routes as its tree does. */
    private static boolean routesAlike(Rivers rivers, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<Object> fromBytes = new ArrayList<>();
        RapidsRouter router = new RapidsRouter(rivers, 1 << 20);
        router.route(bytes, SOURCE, collect(fromBytes));
        List<Object> fromTree = new ArrayList<>();
        treeRoute(rivers, bytes, collect(fromTree));
        assertThat(fromBytes).as(text).hasSameSizeAs(fromTree);
        for (int i = 0; i < fromTree.size(); i++) {
            Object expected = fromTree.get(i);
            Object actual = fromBytes.get(i);
            if (expected instanceof Written written) {
                assertThat(actual).as(text).isInstanceOf(Written.class);
                assertThat(((Written) actual).id()).isEqualTo(written.id());
                assertThat(
                                ((Written) actual)
                                        .value()
                                        .equals(Json.NUMBERS_BY_VALUE, written.value()))
                        .as("%s: %s is %s", text, ((Written) actual).value(), written.value())
                        .isTrue();
            } else {
                assertThat(actual).as(text).isEqualTo(expected);
            }
        }
        return router.treeReads() == 0;
    }

    @Property(tries = 3000)
    void theIndexTakesOnlyWhatJacksonReadsAndReadsItTheSame(@ForAll("records") String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        JsonIndex index = new JsonIndex();
        if (Utf8.firstInvalid(bytes) >= 0 || !index.index(bytes)) {
            return;
        }
        JsonNode jackson = RapidsJson.read(text);
        assertThat(tree(index, 0).equals(Json.NUMBERS_BY_VALUE, jackson)).as(text).isTrue();
        assertThat(index.end(0) - 1).isEqualTo(RiverRecordBytes.closingBrace(bytes));
    }

    @Property(tries = 3000)
    void preconditionsRulesAndProblemsReadTheIndexAsTheyReadTheTree(
            @ForAll("records") String text) {
        Indexed indexed = Indexed.of(text);
        if (indexed == null) {
            return;
        }
        JsonIndex index = indexed.index();
        for (River river : RIVERS.rivers()) {
            assertThat(Rivers.preconditionHolds(river, RapidsRouter.values(index)))
                    .as("%s: precondition of %s", text, river)
                    .isEqualTo(Rivers.preconditionHolds(river, indexed.tree()));
            assertThat(Rivers.problems(river, RapidsRouter.values(index)))
                    .as("%s: problems of %s", text, river)
                    .isEqualTo(Rivers.problems(river, indexed.tree()));
            assertThat(Rivers.rulesHold(river, RapidsRouter.values(index)))
                    .as("%s: rules of %s", text, river)
                    .isEqualTo(Rivers.problems(river, indexed.tree()).isEmpty());
        }
    }

    /** Rivers that all project: none of them makes a record with a river's field need its tree. */
    private static final Rivers PROJECTED =
            Rivers.of(
                    "rapids", RIVERS.rivers().stream().filter(r -> r.interests() != null).toList());

    private static final List<RiverPath> PATHS =
            RiverPath.parseAll(
                    "type",
                    "n",
                    "amount",
                    "currency",
                    "flag",
                    "inner",
                    "inner.x",
                    "inner.y",
                    "inner.x.0",
                    "inner.x.1",
                    "lines.0",
                    "lines.1",
                    "lines.2",
                    "lines.0.sku",
                    "x",
                    "y",
                    "0",
                    "é",
                    "n.0",
                    "@river");

    private static final List<Literal> LITERALS =
            List.of(
                    Literal.string("A"),
                    Literal.string("EUR"),
                    Literal.string("s1"),
                    Literal.string("a\"b"),
                    Literal.string("A/B"),
                    Literal.string("é"),
                    Literal.string("😀"),
                    Literal.string("tab\tand\nline"),
                    Literal.jsonNumber("0"),
                    Literal.jsonNumber("1"),
                    Literal.jsonNumber("-3"),
                    Literal.jsonNumber("2.5"),
                    Literal.jsonNumber("10000"),
                    Literal.jsonNumber("1e400"),
                    Literal.jsonNumber("123456789012345678901234567890"),
                    Literal.bool(true),
                    Literal.bool(false));

    @Property(tries = 2000)
    void everyValueOfTheIndexIsWhatTheTreeHoldsForEveryLiteral(@ForAll("records") String text) {
        Indexed record = Indexed.of(text);
        if (record == null) {
            return;
        }
        JsonIndex index = record.index();
        for (RiverPath path : PATHS) {
            RecordValue indexed = RapidsRouter.values(index).apply(path);
            RecordValue tree = RecordValue.of(path.resolve(record.tree()));
            assertThat(indexed.absent()).as("%s: %s absent", text, path).isEqualTo(tree.absent());
            for (Literal literal : LITERALS) {
                assertThat(indexed.sameKind(literal))
                        .as("%s: %s of the kind of %s", text, path, literal)
                        .isEqualTo(tree.sameKind(literal));
                assertThat(indexed.matches(literal))
                        .as("%s: %s matches %s", text, path, literal)
                        .isEqualTo(tree.matches(literal));
                assertThat(indexed.describe()).isEqualTo(tree.describe());
                if (tree.sameKind(literal) && literal.kind() == Literal.Kind.NUMBER) {
                    assertThat(indexed.decimal()).isEqualByComparingTo(tree.decimal());
                }
            }
        }
    }

    /** A record the index takes and Jackson reads as an event: its index and its tree. */
    private record Indexed(JsonIndex index, ObjectNode tree) {

        /** The record's index and tree, or null when either way does not take it. */
        static Indexed of(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            JsonIndex index = new JsonIndex();
            if (Utf8.firstInvalid(bytes) >= 0
                    || !index.index(bytes)
                    || !(RapidsJson.decode(bytes, 1 << 20) instanceof RapidsInput.Event event)) {
                return null;
            }
            return new Indexed(index, event.record());
        }
    }

    /** The route of the tree, as the job took it before {@link RapidsRouter}. */
    private static void treeRoute(Rivers rivers, byte[] bytes, RapidsRouter.Outputs out) {
        RapidsInput input = RapidsJson.decode(bytes, 1 << 20);
        if (input instanceof RapidsInput.Rejected rejected) {
            out.deadLetter(rejected);
            return;
        }
        for (RiverOutcome outcome :
                rivers.routeMatching(((RapidsInput.Event) input).record(), SOURCE)) {
            if (outcome instanceof RiverOutcome.RiverRecord record) {
                out.riverRecord(
                        record.river(), record.source(), RiverRecordBytes.of(record, bytes));
            } else if (outcome instanceof RiverOutcome.Problems problems) {
                out.problems(problems.river(), problems.id(), problems.problems());
            }
        }
    }

    private record Written(String id, JsonNode value) {}

    private static RapidsRouter.Outputs collect(List<Object> outputs) {
        return new RapidsRouter.Outputs() {
            @Override
            public void deadLetter(RapidsInput.Rejected rejected) {
                outputs.add(rejected);
            }

            @Override
            public void riverRecord(River river, RecordSource source, byte[] value) {
                outputs.add(
                        new Written(
                                source.idIn(river.name()),
                                RapidsJson.read(new String(value, StandardCharsets.UTF_8))));
            }

            @Override
            public void problems(River river, String id, List<String> problems) {
                outputs.add(List.of(river.name(), id, problems));
            }
        };
    }

    /** The tree the index describes, built from the index alone. */
    private static JsonNode tree(JsonIndex index, int value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (index.kind(value)) {
            case JsonIndex.OBJECT -> {
                ObjectNode object = nodes.objectNode();
                for (int m = value + 1; m < index.after(value); m = index.after(m)) {
                    int from = index.nameStart(m) + 1;
                    String name =
                            new String(
                                    index.text(),
                                    from,
                                    index.nameEnd(m) - 1 - from,
                                    StandardCharsets.UTF_8);
                    object.set(name, tree(index, m));
                }
                return object;
            }
            case JsonIndex.ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                for (int e = value + 1; e < index.after(value); e = index.after(e)) {
                    array.add(tree(index, e));
                }
                return array;
            }
            case JsonIndex.STRING -> {
                return nodes.textNode(IndexedValue.string(index, value));
            }
            case JsonIndex.NUMBER -> {
                return nodes.numberNode(IndexedValue.decimal(index, value));
            }
            case JsonIndex.TRUE -> {
                return nodes.booleanNode(true);
            }
            case JsonIndex.FALSE -> {
                return nodes.booleanNode(false);
            }
            default -> {
                return nodes.nullNode();
            }
        }
    }

    @Provide
    Arbitrary<String> records() {
        return RapidsTexts.records();
    }

    @Property(tries = 200)
    void aNumberRuleComparesTheExactValueOfTheIndexedText(@ForAll("decimals") BigDecimal n) {
        Rivers rivers =
                Rivers.of("rapids", River.of("small").precondition("type", "A").where("n < 0.5"));
        String text = "{\"type\":\"A\",\"n\":" + n + "}";
        List<Object> out = new ArrayList<>();
        new RapidsRouter(rivers, 1 << 20)
                .route(text.getBytes(StandardCharsets.UTF_8), SOURCE, collect(out));
        assertThat(out.get(0) instanceof Written)
                .as(text)
                .isEqualTo(n.compareTo(new BigDecimal("0.5")) < 0);
    }

    @Provide
    Arbitrary<BigDecimal> decimals() {
        return Arbitraries.bigDecimals()
                .between(new BigDecimal("-2"), new BigDecimal("2"))
                .ofScale(4)
                .edgeCases(c -> c.add(new BigDecimal("0.5"), new BigDecimal("0.4999")));
    }
}
