package io.orderflow.schemas.json;

import static io.orderflow.schemas.json.SampleEvents.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterLimits;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.RecordOrigin;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Dead letters are bounded (CONTRACT.md section 4, DeadLetter) and occurredAt lies in 1970..9999
 * (section 2).
 */
class DeadLetterBoundsTest {

    private static final String EURO = "\u20AC"; // 3 UTF-8 bytes
    private static final String SMILE = "\uD83D\uDE00"; // 4 UTF-8 bytes, a surrogate pair
    private static final String VALID_ORDER =
            "{\"eventId\":\"e1\",\"type\":\"OrderPlaced\",\"occurredAt\":\"%s\",\"orderId\":\"o1\","
                + "\"customerId\":\"c1\",\"currency\":\"EUR\",\"lines\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":5}]}";

    private static RecordOrigin origin(String key, byte[] value) {
        return new RecordOrigin("orders", 0, 7, 1_000, key, value);
    }

    private static DeadLetter letter(String key, byte[] value, int valueLimit) {
        return DeadLetter.of(
                DeadLetterReason.MALFORMED_JSON, "bad", origin(key, value), valueLimit);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Nested
    class Value {

        @Test
        void aValidValueWithinTheBoundIsKeptWholeAndNotMarkedTruncated() {
            DeadLetter d = letter("k", utf8("abc"), 3);
            assertThat(d.value()).isEqualTo("abc");
            assertThat(d.valueBase64()).isNull();
            assertThat(d.valueTruncated()).isFalse();
            assertThat(d.valueBytes()).isEqualTo(3);
        }

        @Test
        void aLongTextValueIsCutBackToTheLastWholeCharacterWithinTheBound() {
            // "a" + two 4-byte characters = 9 bytes; 7 bytes end inside the second one.
            byte[] original = utf8("a" + SMILE + SMILE);
            DeadLetter d = letter("k", original, 7);
            assertThat(d.value()).isEqualTo("a" + SMILE);
            assertThat(d.valueTruncated()).isTrue();
            assertThat(d.valueBytes()).isEqualTo(9);
            assertThat(d.valueSha256()).isEqualTo(sha256(original));
        }

        @Test
        void aCutThatFallsOnACharacterBoundaryKeepsEveryByteOfTheBound() {
            DeadLetter d = letter("k", utf8(EURO + EURO + EURO), 6);
            assertThat(d.value()).isEqualTo(EURO + EURO);
            assertThat(d.valueTruncated()).isTrue();
        }

        @Test
        void anInvalidUtf8ValueIsTheBase64OfItsFirstBytes() {
            byte[] original = {(byte) 0xFF, 1, 2, 3, 4, 5};
            DeadLetter d = letter("k", original, 4);
            assertThat(d.value()).isNull();
            assertThat(d.valueBase64())
                    .isEqualTo(
                            Base64.getEncoder().encodeToString(new byte[] {(byte) 0xFF, 1, 2, 3}));
            assertThat(d.valueTruncated()).isTrue();
            assertThat(d.valueBytes()).isEqualTo(6);
            assertThat(d.valueSha256()).isEqualTo(sha256(original));
        }

        @Test
        void aValueValidOnlyInItsFirstBytesIsStillBase64BecauseTheWholeOriginalDecides() {
            byte[] original = {'a', 'b', 'c', (byte) 0xFF};
            DeadLetter d = letter("k", original, 2);
            assertThat(d.value()).isNull();
            assertThat(d.valueBase64()).isEqualTo("YWI=");
        }

        @Test
        void sha256IsOfTheWholeOriginalInLowerCaseHex() {
            // FIPS 180-2 test vector for "abc".
            DeadLetter d = letter("k", utf8("abc"), 1);
            assertThat(d.valueSha256())
                    .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
            assertThat(d.value()).isEqualTo("a");
        }

        @Test
        void sha256OfOneValueIsTheSameAfterOtherValuesWereHashedOnTheThread() {
            // The digest is kept per thread: each value must start from a fresh state.
            letter("k", utf8("something else first"), 1);
            DeadLetter empty = letter("k", new byte[0], 1);
            assertThat(empty.valueSha256())
                    .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
            DeadLetter abc = letter("k", utf8("abc"), 1);
            assertThat(abc.valueSha256())
                    .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        }

        @Test
        void aTombstoneHasNullValueZeroBytesAndNoHash() {
            DeadLetter d = letter("k", null, 10);
            assertThat(d.value()).isNull();
            assertThat(d.valueBase64()).isNull();
            assertThat(d.valueBytes()).isZero();
            assertThat(d.valueSha256()).isNull();
            assertThat(d.valueTruncated()).isFalse();
            String json = new String(new EventCodec().encode(d), StandardCharsets.UTF_8);
            assertThat(json).contains("\"value\":null", "\"valueBytes\":0", "\"valueSha256\":null");
        }

        @Test
        void theCodecCutsTooLargeValuesToItsDeadLetterValueBound() {
            byte[] original = new byte[5_000];
            Arrays.fill(original, (byte) 'x');
            InputRecord r =
                    new EventCodec(1_000, 100).decode(InputKind.ORDERS, origin("k", original));
            assertThat(r.deadLetter().reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
            assertThat(r.deadLetter().value()).hasSize(100);
            assertThat(r.deadLetter().valueBytes()).isEqualTo(5_000);
            assertThat(r.deadLetter().valueTruncated()).isTrue();
        }
    }

    @Nested
    class Key {

        @Test
        void aKeyOfExactly1KiBIsKeptAndNotMarkedTruncated() {
            String key = "a" + EURO.repeat(341); // 1 + 1023 bytes
            DeadLetter d = letter(key, utf8("{}"), 10);
            assertThat(d.key()).isEqualTo(key);
            assertThat(d.keyTruncated()).isFalse();
        }

        @Test
        void aLongerKeyIsCutToItsFirst1KiBOfWholeCharacters() {
            String key = "a" + EURO.repeat(342); // 1 + 1026 bytes: the last euro does not fit
            DeadLetter d = letter(key, utf8("{}"), 10);
            assertThat(d.key()).isEqualTo("a" + EURO.repeat(341));
            assertThat(d.keyTruncated()).isTrue();
            String smiles = SMILE.repeat(300); // 1200 bytes
            assertThat(letter(smiles, utf8("{}"), 10).key()).isEqualTo(SMILE.repeat(256));
        }

        @Test
        void aNullKeyStaysNullAndIsNotTruncated() {
            DeadLetter d = letter(null, utf8("{}"), 10);
            assertThat(d.key()).isNull();
            assertThat(d.keyTruncated()).isFalse();
        }
    }

    @Nested
    class OccurredAt {

        private InputRecord decodeAt(String occurredAt) {
            return new EventCodec()
                    .decode(
                            InputKind.ORDERS,
                            origin("o1", utf8(String.format(VALID_ORDER, occurredAt))));
        }

        @Test
        void anOrderDatedBefore1970IsASchemaViolationNamingTheFieldAndTheRule() {
            InputRecord r = decodeAt("1969-12-31T23:59:59.999Z");
            assertThat(r.isDeadLetter()).isTrue();
            assertThat(r.deadLetter().reason()).isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
            assertThat(r.deadLetter().detail())
                    .startsWith(
                            "occurredAt must lie between 1970-01-01T00:00:00Z and"
                                    + " 9999-12-31T23:59:59.999Z")
                    .contains("1969-12-31T23:59:59.999Z");
        }

        @Test
        void year0001IsASchemaViolationToo() {
            assertThat(decodeAt("0001-01-01T00:00:00Z").deadLetter().reason())
                    .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
        }

        @Test
        void theRangesEndsAreAccepted() {
            assertThat(decodeAt("1970-01-01T00:00:00Z").orderPlaced().occurredAt()).isZero();
            assertThat(decodeAt("9999-12-31T23:59:59.999999999Z").orderPlaced().occurredAt())
                    .isEqualTo(253_402_300_799_999L);
        }
    }

    @Nested
    class Bound {

        private static final int[] VALUE_BOUNDS = {
            0, 1, 1_000, DeadLetterLimits.DEFAULT_VALUE_BYTES
        };
        private static final int ONE_MIB = 1 << 20;

        @Test
        void withTheDefaultsADeadLetterIsAtMostSixTimesTheValueBoundPlus8KiB() {
            long bound =
                    DeadLetterSize.maxRecordBytes(
                            DeadLetterLimits.DEFAULT_VALUE_BYTES, "inventory".length());
            assertThat(bound).isLessThanOrEqualTo(6L * 65_536 + 8_192);
        }

        @Test
        void worstCaseDeadLettersNeverExceedTheBound() {
            String topic = "t".repeat(249);
            for (int valueBound : VALUE_BOUNDS) {
                EventCodec codec = new EventCodec(ONE_MIB, valueBound);
                long bound = DeadLetterSize.maxRecordBytes(valueBound, topic.length());
                for (String key : worstKeys()) {
                    for (byte[] value : worstValues()) {
                        RecordOrigin origin =
                                new RecordOrigin(
                                        topic,
                                        Integer.MAX_VALUE,
                                        Long.MAX_VALUE,
                                        Long.MIN_VALUE,
                                        key,
                                        value);
                        assertWithin(
                                codec.decode(InputKind.ORDERS, origin).deadLetter(), bound, codec);
                        assertWithin(
                                DeadLetter.of(
                                        DeadLetterReason.CONFLICTING_ORDER,
                                        worstDetail(),
                                        origin,
                                        valueBound),
                                bound,
                                codec);
                    }
                }
            }
        }

        @Test
        void detailsThatEchoInputAreCutToTheirBound() {
            String controls = "\u0001".repeat(40);
            String mismatch =
                    String.format(VALID_ORDER, "2026-01-01T00:00:00Z")
                            .replace("\"o1\"", "\"" + "\\u0001".repeat(40) + "\"");
            DeadLetter d =
                    new EventCodec()
                            .decode(InputKind.ORDERS, origin(controls + "x", utf8(mismatch)))
                            .deadLetter();
            assertThat(d.reason()).isEqualTo(DeadLetterReason.KEY_MISMATCH);
            assertThat(d.detail()).startsWith("orderId ").endsWith("...");
            assertThat(jsonBytes(d.detail()))
                    .isLessThanOrEqualTo(DeadLetterLimits.DETAIL_JSON_BYTES);
        }

        private void assertWithin(DeadLetter d, long bound, EventCodec codec) {
            byte[] json = codec.encode(d);
            byte[] key = d.key() == null ? new byte[0] : utf8(d.key());
            long size = json.length + key.length + DeadLetterSize.KAFKA_RECORD_OVERHEAD;
            assertThat(size)
                    .as(
                            "%s dead letter, key of %d bytes, valueBytes %d",
                            d.reason(), key.length, d.valueBytes())
                    .isLessThanOrEqualTo(bound);
        }

        private static long jsonBytes(String text) {
            byte[] json =
                    new EventCodec()
                            .encode(
                                    new DeadLetter(
                                            "",
                                            0,
                                            DeadLetterReason.TOO_LARGE,
                                            text,
                                            new io.orderflow.schemas.SourceRef("", 0, 0, 0),
                                            "",
                                            false,
                                            null,
                                            "",
                                            false,
                                            0,
                                            ""));
            byte[] empty =
                    new EventCodec()
                            .encode(
                                    new DeadLetter(
                                            "",
                                            0,
                                            DeadLetterReason.TOO_LARGE,
                                            "",
                                            new io.orderflow.schemas.SourceRef("", 0, 0, 0),
                                            "",
                                            false,
                                            null,
                                            "",
                                            false,
                                            0,
                                            ""));
            return json.length - empty.length;
        }

        private static List<String> worstKeys() {
            return List.of(
                    "\u0001".repeat(2_000),
                    SMILE.repeat(400),
                    "\"".repeat(3_000),
                    "\u0001" + SMILE.repeat(300));
        }

        /** Values of 1 MiB that grow most as JSON or base64, and JSON whose detail echoes input. */
        private static List<byte[]> worstValues() {
            List<byte[]> values = new ArrayList<>();
            byte[] controls = new byte[ONE_MIB];
            Arrays.fill(controls, (byte) 0x01);
            values.add(controls);
            byte[] invalid = new byte[ONE_MIB];
            Arrays.fill(invalid, (byte) 0xFF);
            values.add(invalid);
            values.add(utf8(SMILE.repeat(ONE_MIB / 4)));
            values.add(utf8("\"".repeat(ONE_MIB)));
            values.add(utf8("{\"type\":\"" + "\\u0001".repeat(40) + "\"}"));
            values.add(null);
            return values;
        }

        private static String worstDetail() {
            return "orderId "
                    + "\u0001".repeat(128)
                    + " was already placed by event "
                    + SMILE.repeat(128);
        }
    }
}
