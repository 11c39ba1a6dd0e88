package io.orderflow.rivers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RapidsJsonTest {

    private static final int LIMIT = 900 * 1024;

    private static RapidsInput decode(String json) {
        return RapidsJson.decode(json.getBytes(StandardCharsets.UTF_8), LIMIT);
    }

    private static RapidsInput.Rejected rejected(RapidsInput input) {
        assertThat(input).isInstanceOf(RapidsInput.Rejected.class);
        RapidsInput.Rejected rejected = (RapidsInput.Rejected) input;
        assertThat(rejected.detail()).isNotBlank().doesNotContain("\n");
        return rejected;
    }

    @Test
    void anObjectWithAStringTypeIsAnEvent() {
        RapidsInput input = decode("{\"type\": \"Anything\", \"n\": 0.1}");
        assertThat(input).isInstanceOf(RapidsInput.Event.class);
        assertThat(((RapidsInput.Event) input).record().get("n").isBigDecimal()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[1]",
                "\"RefundIssued\"",
                "5",
                "true",
                "null",
                "{}",
                "{\"type\": 5}",
                "{\"type\": null}",
                "{\"type\": [\"T\"]}",
                "{\"kind\": \"T\"}"
            })
    void validJsonThatIsNotAnObjectWithAStringTypeIsASchemaViolation(String json) {
        assertThat(rejected(decode(json)).reason()).isEqualTo(RapidsInput.Reason.SCHEMA_VIOLATION);
    }

    @Test
    void schemaViolationsNameTheField() {
        assertThat(rejected(decode("{\"type\": 5}")).detail())
                .isEqualTo("type must be a string naming the event type, was 5");
        assertThat(rejected(decode("{}")).detail())
                .isEqualTo("type is missing; it must be a string naming the event type");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "{",
                "{\"type\": \"T\"",
                "{\"type\": \"T\"} {}",
                "{type: \"T\"}",
                "{\"type\": \"T\", }",
                "{\"type\": 'T'}",
                "{\"type\": \"T\", \"n\": NaN}",
                "{\"type\": \"T\", \"n\": 01}"
            })
    void textThatIsNotJsonIsMalformed(String text) {
        assertThat(rejected(decode(text)).reason()).isEqualTo(RapidsInput.Reason.MALFORMED_JSON);
    }

    @Test
    void duplicateNamesAreMalformedAtAnyDepth() {
        assertThat(rejected(decode("{\"type\": \"T\", \"type\": \"U\"}")).reason())
                .isEqualTo(RapidsInput.Reason.MALFORMED_JSON);
        assertThat(rejected(decode("{\"type\": \"T\", \"a\": [{\"b\": 1, \"b\": 1}]}")).reason())
                .isEqualTo(RapidsInput.Reason.MALFORMED_JSON);
    }

    @Test
    void unpairedSurrogateEscapesAreMalformedInValuesAndNames() {
        assertThat(rejected(decode("{\"type\": \"T\", \"a\": \"x\\ud800\"}")).reason())
                .isEqualTo(RapidsInput.Reason.MALFORMED_JSON);
        assertThat(rejected(decode("{\"type\": \"T\", \"a\": [\"\\udc00x\"]}")).reason())
                .isEqualTo(RapidsInput.Reason.MALFORMED_JSON);
        assertThat(rejected(decode("{\"type\": \"T\", \"\\ud83d\": 1}")).reason())
                .isEqualTo(RapidsInput.Reason.MALFORMED_JSON);
        assertThat(rejected(decode("{\"type\": \"T\", \"a\": \"\\uDBFF\"}")).reason())
                .as("an upper-case escape")
                .isEqualTo(RapidsInput.Reason.MALFORMED_JSON);
        assertThat(rejected(decode("{\"type\": \"T\", \"a\": \"\\\\\\udc00\"}")).reason())
                .as("an escaped backslash before a surrogate escape")
                .isEqualTo(RapidsInput.Reason.MALFORMED_JSON);
        assertThat(decode("{\"type\": \"T\", \"smile\": \"\\ud83d\\ude00\"}"))
                .isInstanceOf(RapidsInput.Event.class);
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] value = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, '"', '}'};
        RapidsInput.Rejected rejected = rejected(RapidsJson.decode(value, LIMIT));
        assertThat(rejected.reason()).isEqualTo(RapidsInput.Reason.MALFORMED_JSON);
        assertThat(rejected.detail())
                .isEqualTo(
                        "value is not valid UTF-8: byte 0xC3 at offset 9 starts no valid sequence");
        // An encoded surrogate, ED A0 80, is not UTF-8 even though its bytes are well formed.
        byte[] prefix = "{\"type\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] encoded = java.util.Arrays.copyOf(prefix, prefix.length + 5);
        encoded[prefix.length] = (byte) 0xED;
        encoded[prefix.length + 1] = (byte) 0xA0;
        encoded[prefix.length + 2] = (byte) 0x80;
        encoded[prefix.length + 3] = '"';
        encoded[prefix.length + 4] = '}';
        assertThat(rejected(RapidsJson.decode(encoded, LIMIT)).reason())
                .isEqualTo(RapidsInput.Reason.MALFORMED_JSON);
    }

    @Test
    void aNumberWhoseExponentNoExactDecimalHoldsIsMalformedNotAnError() {
        RapidsInput.Rejected rejected = rejected(decode("{\"type\": \"T\", \"n\": 1e2147483648}"));
        assertThat(rejected.reason()).isEqualTo(RapidsInput.Reason.MALFORMED_JSON);
        assertThat(rejected.detail())
                .startsWith("value has a number no exact decimal holds")
                .contains("1e2147483648");
        assertThat(decode("{\"type\": \"T\", \"n\": 1e2147483647}"))
                .isInstanceOf(RapidsInput.Event.class);
    }

    @Test
    void aTombstoneIsMalformed() {
        assertThat(rejected(RapidsJson.decode(null, LIMIT)).reason())
                .isEqualTo(RapidsInput.Reason.MALFORMED_JSON);
    }

    @Test
    void aValueOverTheLimitIsTooLarge() {
        RapidsInput.Rejected rejected =
                rejected(
                        RapidsJson.decode("{\"type\": \"T\"}".getBytes(StandardCharsets.UTF_8), 5));
        assertThat(rejected.reason()).isEqualTo(RapidsInput.Reason.TOO_LARGE);
        assertThat(rejected.detail())
                .isEqualTo("value is 13 bytes, more than the limit of 5 bytes");
    }

    @Test
    void longNumbersAreValidJsonAndKeptExactly() {
        String digits = "9".repeat(5000);
        RapidsInput input = decode("{\"type\": \"T\", \"n\": " + digits + ".5}");
        assertThat(input).isInstanceOf(RapidsInput.Event.class);
        assertThat(((RapidsInput.Event) input).record().get("n").decimalValue())
                .isEqualByComparingTo(digits + ".5");
    }
}
