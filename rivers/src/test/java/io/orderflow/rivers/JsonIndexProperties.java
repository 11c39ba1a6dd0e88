package io.orderflow.rivers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Strings of any length, with quotes, backslashes and control characters at any place the index
 * takes a string exactly when Jackson does, and reads it the same.
 */
class JsonIndexProperties {

    @Property(tries = 3000)
    void theIndexReadsAStringExactlyWhenJacksonDoes(@ForAll("strings") String content) {
        String text = "{\"type\":\"A\",\"s\":\"" + content + "\",\"n\":1}";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        JsonIndex index = new JsonIndex();
        boolean indexed = index.index(bytes);
        RapidsInput jackson = RapidsJson.decode(bytes, 1 << 20);
        assertThat(indexed).as(text).isEqualTo(jackson instanceof RapidsInput.Event);
        if (indexed) {
            int s = index.member(0, "s".getBytes(StandardCharsets.UTF_8));
            String expected = ((RapidsInput.Event) jackson).record().get("s").textValue();
            assertThat(IndexedValue.string(index, s)).isEqualTo(expected);
            assertThat(IndexedValue.stringIs(index, s, expected.getBytes(StandardCharsets.UTF_8)))
                    .isTrue();
            assertThat(index.kind(index.after(s))).isEqualTo(JsonIndex.NUMBER);
        }
    }

    @Provide
    Arbitrary<String> strings() {
        List<String> pieces =
                List.of(
                        "a",
                        "b",
                        "0",
                        " ",
                        "é",
                        "😀",
                        "\u0080",
                        "\u007f",
                        "\\\"",
                        "\\\\",
                        "\\/",
                        "\\n",
                        "\\u0041",
                        "\\u00e9",
                        "\"",
                        "\\",
                        "\t",
                        "\u0001",
                        "\\x",
                        "abcdefgh",
                        "01234567890");
        return Arbitraries.of(pieces).list().ofMaxSize(24).map(list -> String.join("", list));
    }

    /**
     * Bytes in a string that may be no UTF-8: the index takes the text exactly when RapidsJson does
     * (it refuses text that is no UTF-8 before Jackson reads it).
     */
    @Property(tries = 3000)
    void theIndexTakesAStringsBytesExactlyWhenRapidsJsonDoes(
            @ForAll("byteStrings") byte[] content) {
        var text = new java.io.ByteArrayOutputStream();
        text.writeBytes("{\"type\":\"A\",\"s\":\"".getBytes(StandardCharsets.UTF_8));
        text.writeBytes(content);
        text.writeBytes("\",\"n\":1}".getBytes(StandardCharsets.UTF_8));
        byte[] bytes = text.toByteArray();
        boolean indexed = new JsonIndex().index(bytes);
        RapidsInput read = RapidsJson.decode(bytes, 1 << 20);
        assertThat(indexed).isEqualTo(read instanceof RapidsInput.Event);
    }

    @Provide
    Arbitrary<byte[]> byteStrings() {
        List<byte[]> pieces =
                List.of(
                        bytes("a"),
                        bytes("abcdefgh"),
                        bytes("é"),
                        bytes("€"),
                        bytes("😀"),
                        bytes("\\\""),
                        new byte[] {(byte) 0x80},
                        new byte[] {(byte) 0xC3},
                        new byte[] {(byte) 0xC0, (byte) 0x80},
                        new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98},
                        new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                        new byte[] {(byte) 0xFF});
        return Arbitraries.of(pieces)
                .list()
                .ofMaxSize(16)
                .map(
                        list -> {
                            var out = new java.io.ByteArrayOutputStream();
                            list.forEach(out::writeBytes);
                            return out.toByteArray();
                        });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
