package io.orderflow.verifier;

/**
 * One record as Kafka holds it: coordinates, timestamp (epoch ms), key (UTF-8 decoded, or null) and
 * value (null for a tombstone).
 */
public record KafkaRecord(
        String topic, int partition, long offset, long timestamp, String key, byte[] value) {

    /** {@code topic/partition/offset}: the eventId of the dead letter this record may become. */
    public String coordinates() {
        return topic + "/" + partition + "/" + offset;
    }
}
