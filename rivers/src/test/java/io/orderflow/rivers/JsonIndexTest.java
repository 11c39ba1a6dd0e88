package io.orderflow.rivers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the index takes in place, and what it leaves to Jackson. */
class JsonIndexTest {

    private final JsonIndex index = new JsonIndex();

    private boolean indexes(String text) {
        return index.index(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anObjectIsIndexedWithEachValuesPlaceAndName() {
        String text = " {\"type\": \"A\", \"n\": [1, {\"x\": -2.5e3}], \"s\": \"a\\\"b\"} ";
        assertThat(indexes(text)).isTrue();
        int n = index.member(0, bytes("n"));
        assertThat(index.kind(n)).isEqualTo(JsonIndex.ARRAY);
        assertThat(text.substring(index.start(n), index.end(n))).isEqualTo("[1, {\"x\": -2.5e3}]");
        int x = IndexedValue.resolve(index, 0, RiverPath.parse("n.1.x"));
        assertThat(IndexedValue.decimal(index, x)).isEqualByComparingTo("-2500");
        assertThat(IndexedValue.string(index, IndexedValue.resolve(index, 0, RiverPath.parse("s"))))
                .isEqualTo("a\"b");
        assertThat(IndexedValue.resolve(index, 0, RiverPath.parse("n.2"))).isNegative();
        assertThat(IndexedValue.resolve(index, 0, RiverPath.parse("s.0"))).isNegative();
        assertThat(text.charAt(index.end(0) - 1)).isEqualTo('}');
    }

    @Test
    void escapesInStringValuesAreDecoded() {
        assertThat(indexes("{\"s\":\"\\u00e9\\/\\t\\\\x\"}")).isTrue();
        int s = index.member(0, bytes("s"));
        assertThat(IndexedValue.string(index, s)).isEqualTo("é/\t\\x");
        assertThat(IndexedValue.stringIs(index, s, bytes("é/\t\\x"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[1]",
                "\uFEFF{}",
                "{\"a\":1,}",
                "{\"a\":1}x",
                "{\"a\":01}",
                "{\"a\":1.}",
                "{\"a\":-}",
                "{\"a\":.5}",
                "{\"a\":1e}",
                "{\"a\":truex}",
                "{\"a\":\"tab\there\"}",
                "{\"a\":\"\\q\"}",
                "{\"a\":1",
                "{'a':1}",
                "{\"a\":1,\"a\":2}",
                "{\"a\":{\"b\":1,\"b\":1}}",
                "{\"ab\":1,\"x\":2,\"ba\":3,\"aab\":4,\"ab\":5}",
                "{\"\":1,\"y\":2,\"\":3}"
            })
    void textThatJacksonRefusesIsDeclined(String text) {
        assertThat(indexes(text)).as(text).isFalse();
    }

    /**
     * A record cut anywhere (inside a name, a string, an escape, a number, a word, between values)
     * is declined, however the cut falls: the index reads nothing past the end.
     */
    @Test
    void everyRecordCutShortIsDeclinedWhereverTheCutFalls() {
        String whole =
                "{\"type\" : \"OrderPlaced\", \"n\":-12.5e+3, \"ok\":true, \"no\":false,"
                        + " \"x\":null, \"s\":\"a\\\"b\\u00e9\\n\", \"lines\":[{\"q\":0}, []],"
                        + " \"o\":{}}";
        assertThat(indexes(whole)).isTrue();
        byte[] bytes = bytes(whole);
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThat(new JsonIndex().index(cut))
                    .as("cut after %d bytes: %s", length, new String(cut, StandardCharsets.UTF_8))
                    .isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"t\\u0079pe\":1}",
                "{\"a\":\"\\ud83d\\ude00\"}",
                "{\"a\":\"\\ud800\"}",
                "{\"a\":1e12345}",
            })
    void validTextThatTheIndexCannotBeSureOfIsLeftToJackson(String text) {
        assertThat(indexes(text)).as(text).isFalse();
    }

    @Test
    void deepOrWideOrLongValuesAreLeftToJackson() {
        assertThat(indexes("{\"a\":" + "[".repeat(64) + "]".repeat(64) + "}")).isFalse();
        assertThat(indexes("{\"a\":" + "[".repeat(63) + "]".repeat(63) + "}")).isTrue();
        StringBuilder wide = new StringBuilder("{\"k0\":0");
        for (int i = 1; i < JsonIndex.MAX_MEMBERS; i++) {
            wide.append(",\"k").append(i).append("\":0");
        }
        assertThat(indexes(wide + "}")).isTrue();
        assertThat(indexes(wide + ",\"more\":0}")).isFalse();
        assertThat(indexes("{\"" + "k".repeat(JsonIndex.MAX_NAME_BYTES + 1) + "\":1}")).isFalse();
        assertThat(indexes("{\"a\":" + "9".repeat(JsonTokens.MAX_NUMBER_CHARS + 1) + "}"))
                .isFalse();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A string ends at its first quote, goes on past a backslash's escape and is declined at a
     * control character or at bytes that are no UTF-8, wherever that byte falls against the eight
     * bytes the index reads at a time (leading spaces move it), after plain or multi-byte text of
     * any length.
     */
    /**
     * Sequences that are no UTF-8: a lone continuation byte, a lead byte cut short, an overlong
     * form, a surrogate, above U+10FFFF, a byte that never occurs.
     */
    private static final byte[][] NOT_UTF8 = {
        {(byte) 0x80},
        {(byte) 0xC3},
        {(byte) 0xE2, (byte) 0x82},
        {(byte) 0xC0, (byte) 0x80},
        {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        {(byte) 0xFF}
    };

    private static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void aStringStopsAtItsFirstQuoteBackslashControlCharacterOrNonUtf8WhereverItFalls() {
        for (int shift = 0; shift < 9; shift++) {
            for (int length = 0; length < 20; length++) {
                for (String filler : new String[] {"a", "é", "€"}) {
                    String pad = " ".repeat(shift);
                    String text = filler.repeat(length);
                    String plain = pad + "{\"s\":\"" + text + "\",\"t\":\"x\"}";
                    assertThat(indexes(plain)).as(plain).isTrue();
                    int s = index.member(0, bytes("s"));
                    assertThat(IndexedValue.string(index, s)).as(plain).isEqualTo(text);
                    assertThat(index.escaped(s)).isFalse();
                    assertThat(IndexedValue.string(index, index.member(0, bytes("t"))))
                            .isEqualTo("x");

                    String escaped = pad + "{\"s\":\"" + text + "\\\"" + text + "\"}";
                    assertThat(indexes(escaped)).as(escaped).isTrue();
                    s = index.member(0, bytes("s"));
                    assertThat(IndexedValue.string(index, s)).isEqualTo(text + "\"" + text);
                    assertThat(index.escaped(s)).isTrue();

                    for (char control : new char[] {'\u0000', '\n', '\u001f'}) {
                        String broken = pad + "{\"s\":\"" + text + control + "a\"}";
                        assertThat(indexes(broken)).as(broken).isFalse();
                    }

                    for (byte[] notUtf8 : NOT_UTF8) {
                        byte[] broken =
                                concat(bytes(pad + "{\"s\":\"" + text), notUtf8, bytes("a\"}"));
                        assertThat(index.index(broken)).as(pad + text).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void bytesThatAreNoUtf8AreDeclinedOutsideStringsToo() {
        for (byte[] notUtf8 : NOT_UTF8) {
            for (String[] around : new String[][] {{"", "{}"}, {"{", "}"}, {"{\"n\":1", "}"}}) {
                byte[] broken = concat(bytes(around[0]), notUtf8, bytes(around[1]));
                assertThat(index.index(broken)).isFalse();
            }
        }
    }
}
