package io.orderflow.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link Utf8#firstInvalid} names the byte where the JDK's strict decoder first fails, wherever it
 * falls against the eight-byte steps it takes over ASCII.
 */
class Utf8Properties {

    @Property(tries = 5000)
    void firstInvalidIsWhereTheJdkDecoderFirstFails(@ForAll("asciiRunsAndPieces") byte[] bytes) {
        assertThat(Utf8.firstInvalid(bytes)).isEqualTo(jdkFirstInvalid(bytes));
    }

    @Property(tries = 500)
    void oneBadByteAnywhereInAsciiIsFoundWhereItIs(
            @ForAll("lengths") int length, @ForAll("lengths") int at, @ForAll("bad") byte bad) {
        byte[] bytes = new byte[length + 1];
        java.util.Arrays.fill(bytes, (byte) 'a');
        int position = at % bytes.length;
        bytes[position] = bad;
        assertThat(Utf8.firstInvalid(bytes)).isEqualTo(position);
    }

    /** The index of the first byte of the first sequence the JDK refuses, or -1. */
    private static int jdkFirstInvalid(byte[] bytes) {
        CharsetDecoder decoder =
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult result = decoder.decode(in, CharBuffer.allocate(bytes.length + 1), true);
        return result.isError() ? in.position() : -1;
    }

    @Provide
    Arbitrary<Integer> lengths() {
        return Arbitraries.integers().between(0, 40);
    }

    @Provide
    Arbitrary<Byte> bad() {
        // A continuation byte alone, bytes that never start a sequence, a lead at the end.
        return Arbitraries.of(
                (byte) 0x80, (byte) 0xBF, (byte) 0xC0, (byte) 0xF5, (byte) 0xFF, (byte) 0xE2);
    }

    @Provide
    Arbitrary<byte[]> asciiRunsAndPieces() {
        Arbitrary<byte[]> ascii =
                Arbitraries.bytes()
                        .between((byte) 0x00, (byte) 0x7F)
                        .array(byte[].class)
                        .ofMaxSize(20);
        Arbitrary<byte[]> valid =
                Arbitraries.of("é", "€", "😀", "ß", "中文", "\u07FF", "\uFFFD", "\uD7FF", "\uE000")
                        .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> odd =
                Arbitraries.of(
                        new byte[] {(byte) 0xC0, (byte) 0x80},
                        new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                        new byte[] {(byte) 0xF0, (byte) 0x9F},
                        new byte[] {(byte) 0xE2, (byte) 0x82},
                        new byte[] {(byte) 0xBF},
                        new byte[] {(byte) 0xFF});
        Arbitrary<byte[]> piece =
                Arbitraries.frequencyOf(
                        List.of(Tuple.of(6, ascii), Tuple.of(3, valid), Tuple.of(1, odd)));
        return piece.list()
                .ofMaxSize(8)
                .map(
                        pieces -> {
                            ByteArrayOutputStream out = new ByteArrayOutputStream();
                            pieces.forEach(out::writeBytes);
                            return out.toByteArray();
                        });
    }
}
