package io.orderflow.schemas;

/**
 * Where an input record came from and what it held, byte for byte: enough to write its dead letter.
 * {@code key} is the Kafka key as UTF-8 text, or null.
 */
public record RecordOrigin(
        String topic, int partition, long offset, long timestamp, String key, byte[] value) {}
