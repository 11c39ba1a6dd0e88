package io.orderflow.bench;

import io.orderflow.jobs.options.UsageException;
import io.orderflow.testkit.kafka.KafkaBroker;
import io.orderflow.testkit.kafka.KafkaBrokerBuilder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benches' own broker: the testkit's, with {@link #DEFAULTS} and then {@code --broker-config
 * K=V} over it.
 */
public final class BenchBroker {

    public static final String OPTION = "--broker-config";

    /**
     * Index files of 1 MiB instead of Kafka's 10 MiB. Every bench run writes into fresh topics, and
     * a new partition's offset and time indexes are sparse files of that size, mapped into the
     * broker's memory: its first writes to them fault in, and zero, up to the disk's read-ahead at
     * a time (8 MiB on the bench machines). A long-lived topic pays that once per segment of 1 GiB;
     * a bench run, writing about 1 MB to each partition, pays it in full for every partition it
     * creates, so a variant's broker CPU grew with its number of output partitions rather than with
     * its traffic (bench/README.md, Rivers: session 21). 1 MiB still indexes a segment of 341 MiB.
     */
    public static final Map<String, String> DEFAULTS =
            Map.of("log.index.size.max.bytes", Integer.toString(1 << 20));

    private BenchBroker() {}

    /** {@link #DEFAULTS}, then the settings of {@code --broker-config} options over them. */
    public static Map<String, String> settings(List<String> options) {
        Map<String, String> settings = new LinkedHashMap<>(DEFAULTS);
        for (String kv : options) {
            int eq = kv.indexOf('=');
            if (eq <= 0 || eq == kv.length() - 1) {
                throw new UsageException(OPTION + " must be key=value, was '" + kv + "'");
            }
            settings.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return settings;
    }

    /**
     * A started broker keeping its data in {@code dataDir}, with {@code settings} ({@link
     * #settings}).
     */
    public static KafkaBroker start(Path dataDir, Map<String, String> settings) throws Exception {
        KafkaBrokerBuilder builder = KafkaBroker.builder().dataDir(dataDir);
        settings.forEach(builder::config);
        return builder.build().start();
    }
}
