package io.orderflow.rivers;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generated rapids records as JSON text, for the properties of routing from bytes. */
final class RapidsTexts {

    private RapidsTexts() {}

    /**
     * Rapids records as text: mostly objects with a type among other members at several depths,
     * some cut short, some odd (not JSON, or JSON the index leaves to Jackson).
     */
    static Arbitrary<String> records() {
        Arbitrary<String> whole =
                Combinators.combine(members(2), spaces())
                        .as((members, ws) -> ws + "{" + members + "}" + ws);
        Arbitrary<String> cut =
                Combinators.combine(whole, Arbitraries.doubles().between(0, 1))
                        .as((t, f) -> t.substring(0, (int) (t.length() * f)));
        Arbitrary<String> odd =
                Arbitraries.of(
                        "\uFEFF{\"type\":\"A\"}",
                        "{\"type\":\"A\",}",
                        "{\"type\":\"A\"}x",
                        "{\"type\":\"A\",\"n\":01}",
                        "{\"type\":\"A\",\"n\":1.}",
                        "{\"type\":\"A\",\"n\":-}",
                        "{\"type\":\"A\",\"n\":.5}",
                        "{\"type\":\"A\",\"n\":+1}",
                        "{\"type\":\"A\",\"n\":tru}",
                        "{\"type\":\"A\",\"n\":truex}",
                        "{\"type\":\"A\",\"n\":NaN}",
                        "{\"type\":\"A\",\"n\":[1,]}",
                        "{\"type\":\"A\",\"n\":\"a\tb\"}",
                        "{\"type\":\"A\",\"n\":\"\\x\"}",
                        "{\"type\":\"A\",\"n\":\"\\u00G0\"}",
                        "{\"type\":\"A\" \"n\":1}",
                        "{\"type\":\"A\",\"type\":\"A\"}",
                        "{\"type\":\"A\",\"t\\u0079pe\":\"A\"}",
                        "{'type':'A'}",
                        "{\"type\":\"A\"}\u000B",
                        "[{\"type\":\"A\"}]",
                        "{\"type\":1}",
                        "{\"n\":1}",
                        "{\"type\":\"A\",\"n\":1e99999999999}",
                        "{\"type\":\"A\",\"n\":" + "9".repeat(80) + "}",
                        "{\"type\":\"A\",\"inner\":" + "[".repeat(70) + "]".repeat(70) + "}",
                        "{\"type\":\"A\",\"" + "k".repeat(1100) + "\":1}");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, whole),
                net.jqwik.api.Tuple.of(1, cut),
                net.jqwik.api.Tuple.of(1, odd));
    }

    /**
     * An object's members: {@code type} somewhere among others with distinct names (the odd records
     * have names given twice).
     */
    private static Arbitrary<String> members(int depth) {
        Arbitrary<String> type =
                Arbitraries.of(
                        "\"type\":\"A\"",
                        "\"type\":\"B\"",
                        "\"type\":\"C\"",
                        "\"type\":\"D\"",
                        "\"type\":\"A\"",
                        "\"type\":\"\\u0041\"",
                        "\"type\":1",
                        "\"type\":1.0",
                        "\"type\":null");
        return Combinators.combine(plainMembers(depth, 6), type, Arbitraries.integers())
                .as(
                        (others, t, at) -> {
                            List<String> all = new ArrayList<>(others);
                            all.add(Math.floorMod(at, all.size() + 1), t);
                            return String.join(",", all);
                        });
    }

    /** Up to {@code max} members with distinct names ({@code \\u006e} and {@code n} differ). */
    private static Arbitrary<List<String>> plainMembers(int depth, int max) {
        return Combinators.combine(names(), spaces(), values(depth))
                .as((name, ws, value) -> List.of(name, name + ws + ":" + ws + value))
                .list()
                .uniqueElements(member -> member.get(0))
                .ofMaxSize(max)
                .map(members -> members.stream().map(member -> member.get(1)).toList());
    }

    private static Arbitrary<String> names() {
        return Arbitraries.of(
                "\"n\"",
                "\"amount\"",
                "\"currency\"",
                "\"flag\"",
                "\"inner\"",
                "\"x\"",
                "\"y\"",
                "\"0\"",
                "\"lines\"",
                "\"sku\"",
                "\"@river\"",
                "\"@id\"",
                "\"@source\"",
                "\"\\u006e\"",
                "\"é\"");
    }

    private static Arbitrary<String> values(int depth) {
        Arbitrary<String> scalars =
                Arbitraries.of(
                        "\"A\"",
                        "\"EUR\"",
                        "\"GBP\"",
                        "\"s1\"",
                        "\"a\\\"b\"",
                        "\"A\\/B\"",
                        "\"\\u00e9\"",
                        "\"é\"",
                        "\"\\ud83d\\ude00\"",
                        "\"😀\"",
                        "\"\\ud800\"",
                        "\"tab\\tand\\nline\"",
                        "0",
                        "1",
                        "-0",
                        "1.0",
                        "1e0",
                        "2.50",
                        "-3",
                        "1E+2",
                        "4.99999",
                        "10000",
                        "9999.99",
                        "1e4",
                        "123456789012345678901234567890",
                        "1e400",
                        "true",
                        "false",
                        "null");
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<String> objects = members(depth - 1).map(m -> "{" + m + "}");
        Arbitrary<String> plainObjects =
                plainMembers(depth - 1, 4).map(m -> "{" + String.join(",", m) + "}");
        Arbitrary<String> lists =
                Combinators.combine(values(depth - 1).list().ofMaxSize(3), spaces())
                        .as((elements, ws) -> "[" + ws + String.join("," + ws, elements) + "]");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, scalars),
                net.jqwik.api.Tuple.of(1, objects),
                net.jqwik.api.Tuple.of(2, plainObjects),
                net.jqwik.api.Tuple.of(2, lists));
    }

    private static Arbitrary<String> spaces() {
        return Arbitraries.of("", "", "", " ", "\n\t ", "\r\n");
    }
}
