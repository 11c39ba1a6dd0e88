package io.orderflow.schemas;

/** The {@code source} of a dead letter: the input record's coordinates. */
public record SourceRef(String topic, int partition, long offset, long timestamp) {}
