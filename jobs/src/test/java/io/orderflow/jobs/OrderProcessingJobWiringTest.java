package io.orderflow.jobs;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.functions.wire.InputRecordSerializer;
import io.orderflow.functions.wire.LedgerEntrySerializer;
import io.orderflow.functions.wire.OrderOutcomesSerializer;
import io.orderflow.functions.wire.OrderUpdateSerializer;
import io.orderflow.functions.wire.WireTypes;
import io.orderflow.jobs.kafka.InputRecordDeserializer;
import io.orderflow.jobs.kafka.KafkaSinks;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.schemas.InputKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.changelog.fs.FsStateChangelogOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.rocksdb.CompressionType;

/**
 * Every keyed exchange of the job, where records cross the network, uses a hand-written wire
 * serializer, and so does the Kafka source: no reflective POJO serializer is left on the hot path.
 * The decisions never cross the network at all.
 */
class OrderProcessingJobWiringTest {

    @Test
    void theKeyedOperatorsReadTheirInputsWithTheWireSerializers() {
        OrderProcessingOptions options =
                OrderProcessingOptions.parse(
                        List.of("--bootstrap-servers", "unused:9092", "--parallelism", "2"));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        OrderProcessingJob.build(
                env,
                new OrderProcessingJobTest.ListSources(List.of(), List.of()),
                new OrderProcessingJobTest.CollectingSinks(options),
                options);

        Map<String, List<Class<?>>> inputSerializers = new HashMap<>();
        for (StreamNode node : env.getStreamGraph().getStreamNodes()) {
            inputSerializers.put(
                    node.getOperatorName(),
                    Arrays.stream(node.getTypeSerializersIn())
                            .<Class<?>>map(Object::getClass)
                            .toList());
        }

        assertThat(inputSerializers)
                .containsEntry("OrderGate", List.of(InputRecordSerializer.class))
                .containsEntry(
                        "StockLedger", List.of(LedgerEntrySerializer.class, LongSerializer.class))
                .containsEntry(
                        "OrderDecider",
                        List.of(OrderUpdateSerializer.class, OrderOutcomesSerializer.class));
    }

    @Test
    void theDecisionsAreEncodedAndWrittenInTheDecidersOwnTask() {
        OrderProcessingOptions options =
                OrderProcessingOptions.parse(
                        List.of("--bootstrap-servers", "unused:9092", "--parallelism", "2"));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        OrderProcessingJob.build(
                env,
                new OrderProcessingJobTest.ListSources(List.of(), List.of()),
                new KafkaSinks(options),
                options);

        List<String> tasks = new ArrayList<>();
        env.getStreamGraph().getJobGraph().getVertices().forEach(v -> tasks.add(v.getName()));

        assertThat(tasks)
                .filteredOn(t -> t.contains("OrderDecider"))
                .singleElement(as(InstanceOfAssertFactories.STRING))
                .contains("encode decisions", "outputs: Writer")
                .doesNotContain("dead letters");
    }

    @Test
    void rocksDbFlushesCheckpointsWithTheJobsOwnOptions() {
        assertThat(flinkConfigOf().get(RocksDBOptions.OPTIONS_FACTORY))
                .isEqualTo(RocksDbCheckpointOptions.class.getName());
    }

    @Test
    void rocksDbCompressesItsFilesWithLz4NotSnappy() {
        assertThat(flinkConfigOf().get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
                .containsExactly(CompressionType.LZ4_COMPRESSION);
    }

    /** The job's Flink settings from its options: a broker's address and {@code args}. */
    private static Configuration flinkConfigOf(String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-servers", "unused:9092"));
        all.addAll(List.of(args));
        return OrderProcessingJob.flinkConfig(OrderProcessingOptions.parse(all));
    }

    @Test
    void watermarksComeEvery50msAndBuffersWaitAt10msUnlessTheOptionsSayOtherwise() {
        Configuration defaults = flinkConfigOf();
        Configuration chosen =
                flinkConfigOf("--watermark-interval", "200ms", "--buffer-timeout", "0ms");

        assertThat(defaults.get(PipelineOptions.AUTO_WATERMARK_INTERVAL))
                .isEqualTo(Duration.ofMillis(50));
        assertThat(defaults.get(ExecutionOptions.BUFFER_TIMEOUT)).isEqualTo(Duration.ofMillis(10));
        assertThat(chosen.get(PipelineOptions.AUTO_WATERMARK_INTERVAL))
                .isEqualTo(Duration.ofMillis(200));
        assertThat(chosen.get(ExecutionOptions.BUFFER_TIMEOUT)).isEqualTo(Duration.ZERO);
    }

    @Test
    void changelogLogsStateChangesUnderTheJobsCheckpointFolderAndIsOffUnlessAskedFor() {
        Configuration defaults = flinkConfigOf();
        OrderProcessingOptions logged =
                OrderProcessingOptions.parse(
                        List.of(
                                "--bootstrap-servers",
                                "unused:9092",
                                "--checkpoint-dir",
                                "file:///ckp",
                                "--changelog"));
        Configuration chosen = OrderProcessingJob.flinkConfig(logged);

        assertThat(defaults.get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG)).isFalse();
        assertThat(chosen.get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG)).isTrue();
        assertThat(chosen.get(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE))
                .isEqualTo("filesystem");
        assertThat(chosen.get(FsStateChangelogOptions.BASE_PATH))
                .isEqualTo(logged.jobCheckpointDir() + "/changelog");
    }

    @Test
    void changelogWithoutACheckpointFolderIsRefusedInOneLine() {
        assertThatThrownBy(
                        () ->
                                OrderProcessingOptions.parse(
                                        List.of(
                                                "--bootstrap-servers",
                                                "unused:9092",
                                                "--changelog")))
                .isInstanceOf(UsageException.class)
                .hasMessage(
                        "--changelog needs --checkpoint-dir: the state changes are logged under"
                                + " it");
    }

    @Test
    void changelogFromASavepointIsRefusedInOneLineButResumingTheJobsOwnCheckpointIsNot() {
        List<String> logged =
                List.of(
                        "--bootstrap-servers",
                        "unused:9092",
                        "--checkpoint-dir",
                        "file:///ckp",
                        "--changelog");
        OrderProcessingOptions plain = OrderProcessingOptions.parse(logged);
        List<String> fromSavepoint = new ArrayList<>(logged);
        fromSavepoint.addAll(List.of("--from-savepoint", "file:///savepoints/savepoint-1"));
        List<String> fromOwnCheckpoint = new ArrayList<>(logged);
        fromOwnCheckpoint.addAll(List.of("--from-savepoint", plain.jobCheckpointDir() + "/chk-7"));

        assertThatThrownBy(() -> OrderProcessingOptions.parse(fromSavepoint))
                .isInstanceOf(UsageException.class)
                .hasMessage(
                        "--changelog cannot start from a savepoint: Flink's changelog backend"
                                + " cannot take the full first checkpoint that a restore from a"
                                + " savepoint needs; start from it without --changelog");
        assertThat(OrderProcessingOptions.parse(fromOwnCheckpoint).resumesOwnCheckpoint()).isTrue();
    }

    @Test
    void theKafkaSourceProducesTheWireType() {
        assertThat(
                        new InputRecordDeserializer(InputKind.ORDERS, 1 << 20, 1 << 16)
                                .getProducedType())
                .isEqualTo(WireTypes.INPUT_RECORD);
    }
}
