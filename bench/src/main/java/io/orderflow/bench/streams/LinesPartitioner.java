package io.orderflow.bench.streams;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Lines by sku, as the producer's default partitioner places the inventory topic's records (murmur2
 * of the key), so a sku's lines and stock events meet in one task; watermark records (null key) go
 * to every partition.
 */
final class LinesPartitioner implements StreamPartitioner<String, byte[]> {

    @Override
    public Optional<Set<Integer>> partitions(
            String topic, String key, byte[] value, int numPartitions) {
        if (key != null) {
            return Optional.of(
                    Set.of(
                            Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8)))
                                    % numPartitions));
        }
        Set<Integer> all = new HashSet<>();
        for (int p = 0; p < numPartitions; p++) {
            all.add(p);
        }
        return Optional.of(all);
    }
}
