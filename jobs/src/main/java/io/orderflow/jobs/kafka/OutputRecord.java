package io.orderflow.jobs.kafka;

/**
 * An encoded output, ready for Kafka: all three output topics go through one transactional sink, so
 * one checkpoint commits them together.
 */
public record OutputRecord(String topic, byte[] key, long timestamp, byte[] value) {}
