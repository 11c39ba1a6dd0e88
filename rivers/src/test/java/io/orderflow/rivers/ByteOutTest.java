package io.orderflow.rivers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Digits and repeats as a river record's fields write them. */
class ByteOutTest {

    private static String decimal(long value) {
        ByteOut out = new ByteOut(16);
        out.write('x');
        out.decimal(value);
        return new String(out.toByteArray(), StandardCharsets.US_ASCII).substring(1);
    }

    @Test
    void aDecimalIsTheLongsDigitsAtEveryNumberOfDigits() {
        for (long power = 1; power > 0 && power <= Long.MAX_VALUE / 10 * 10; power *= 10) {
            for (long value : new long[] {power - 1, power, power + 1, power * 9 + 9}) {
                if (value >= 0) {
                    assertThat(decimal(value)).isEqualTo(Long.toString(value));
                    assertThat(decimal(-value)).isEqualTo(Long.toString(-value));
                }
            }
            if (power > Long.MAX_VALUE / 10) {
                break;
            }
        }
        assertThat(decimal(0)).isEqualTo("0");
        assertThat(decimal(Long.MAX_VALUE)).isEqualTo(Long.toString(Long.MAX_VALUE));
        assertThat(decimal(Long.MIN_VALUE)).isEqualTo(Long.toString(Long.MIN_VALUE));
        assertThat(ByteOut.decimalLength(Long.MIN_VALUE)).isEqualTo(20);
        assertThat(ByteOut.decimalLength(0)).isEqualTo(1);
    }

    @Property(tries = 2000)
    void anyLongsDecimalIsItsToStringAndHasTheLengthSaidBeforeIt(@ForAll long value) {
        assertThat(decimal(value)).isEqualTo(Long.toString(value));
        assertThat(ByteOut.decimalLength(value)).isEqualTo(Long.toString(value).length());
    }

    @Test
    void anExactlySizedBufferIsHandedOutWithoutACopyAndAnyOtherIsCopied() {
        ByteOut exact = new ByteOut(20);
        exact.write("{\"a\":12345678901234}".getBytes(StandardCharsets.US_ASCII));
        byte[] taken = exact.toExactArray();
        assertThat(new String(taken, StandardCharsets.US_ASCII))
                .isEqualTo("{\"a\":12345678901234}");
        ByteOut roomy = new ByteOut(64);
        roomy.write('x');
        assertThat(roomy.toExactArray()).containsExactly('x');
    }

    @Test
    void repeatWritesTheBytesFromAMarkAgainAndGrowsTheBufferForThem() {
        ByteOut out = new ByteOut(16);
        out.write("{\"id\":".getBytes(StandardCharsets.US_ASCII));
        int from = out.size();
        out.decimal(123_456_789_012L);
        int length = out.size() - from;
        out.write(',');
        out.repeat(from, length);
        out.repeat(from, length);
        assertThat(new String(out.toByteArray(), StandardCharsets.US_ASCII))
                .isEqualTo("{\"id\":123456789012,123456789012123456789012");
    }

    @Test
    void aStringIsQuotedAsJacksonsGeneratorQuotesIt() {
        for (String text :
                new String[] {
                    "plain",
                    "quote \" back \\ slash",
                    "tab\t nul\u0000 del\u007f",
                    "\b\f\n\r\u001f\u0008",
                    "\u0080\u07ff\u0800\uffff\ud7ff\ue000",
                    "x".repeat(40) + "\"" + "é".repeat(40),
                    "é €",
                    "pair \uD83D\uDE00 end",
                    "\uD800",
                    "lone \uDC00 low"
                }) {
            ByteOut out = new ByteOut(16);
            out.quoted(text);
            assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8))
                    .as(text)
                    .isEqualTo(generated(text));
        }
    }

    private static String generated(String text) {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var generator = new com.fasterxml.jackson.core.JsonFactory().createGenerator(bytes)) {
            generator.writeString(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
