package io.orderflow.testkit.generate;

import io.orderflow.schemas.InputKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** One input record to send: which input topic, its Kafka key, its value bytes, and its intent. */
public record GeneratedRecord(InputKind topicKind, String key, byte[] value, RecordIntent intent) {

    public GeneratedRecord {
        Objects.requireNonNull(topicKind, "topicKind");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(intent, "intent");
    }

    // Records compare arrays by identity; determinism tests need byte-for-byte equality.
    @Override
    public boolean equals(Object o) {
        return o instanceof GeneratedRecord other
                && topicKind == other.topicKind
                && Objects.equals(key, other.key)
                && Arrays.equals(value, other.value)
                && intent == other.intent;
    }

    @Override
    public int hashCode() {
        return Objects.hash(topicKind, key, Arrays.hashCode(value), intent);
    }

    @Override
    public String toString() {
        return topicKind
                + " key="
                + key
                + " "
                + intent
                + " "
                + new String(value, StandardCharsets.UTF_8);
    }
}
