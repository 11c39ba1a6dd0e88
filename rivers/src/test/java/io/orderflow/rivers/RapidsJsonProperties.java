package io.orderflow.rivers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the bytes, decoding gives an event or one rejection with a one-line detail. */
class RapidsJsonProperties {

    @Property(tries = 2000)
    void anyBytesDecodeToAnEventOrOneRejection(@ForAll("values") byte[] value) {
        RapidsInput input = RapidsJson.decode(value, 1024);
        if (input instanceof RapidsInput.Rejected rejected) {
            assertThat(rejected.reason()).isNotNull();
            assertThat(rejected.detail()).isNotBlank().doesNotContain("\n").hasSizeLessThan(300);
        } else {
            assertThat(((RapidsInput.Event) input).record().get("type").isTextual()).isTrue();
        }
    }

    @Provide
    Arbitrary<byte[]> values() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        Arbitrary<byte[]> jsonish =
                Arbitraries.of(
                                "{",
                                "}",
                                "[",
                                "]",
                                "\"type\"",
                                ":",
                                ",",
                                "\"T\"",
                                "1e5",
                                "-0.1",
                                "null",
                                "true",
                                "\"\\ud800\"",
                                "\"\\ud83d\\ude00\"",
                                " ",
                                "\"a\"")
                        .list()
                        .ofMaxSize(12)
                        .map(parts -> String.join("", parts).getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(random, jsonish);
    }
}
