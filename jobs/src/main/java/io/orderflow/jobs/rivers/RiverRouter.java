package io.orderflow.jobs.rivers;

import io.orderflow.jobs.kafka.OutputRecord;
import io.orderflow.rivers.RapidsInput;
import io.orderflow.rivers.RapidsRouter;
import io.orderflow.rivers.RecordSource;
import io.orderflow.rivers.River;
import io.orderflow.rivers.RiverSpec;
import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.json.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * Sorts each rapids record into the rivers it belongs to (contract section 8): a river record for
 * every river whose precondition it meets and whose rules it passes, one RiverProblem per river
 * whose rules it breaks, a dead letter when it is no JSON object with a string {@code type}. No
 * state: one record's outputs depend on that record only, so this chains to the source and the
 * sink, and the records of one input partition keep their order.
 */
public final class RiverRouter extends RichFlatMapFunction<RecordOrigin, OutputRecord> {

    private static final long serialVersionUID = 1L;

    private final String specText;
    private final String specName;
    private final RiverTopics topics;
    private final int maxRecordBytes;
    private final int deadLetterValueBytes;

    private transient RapidsRouter router;
    // Each river's output topic, one String for all its records: the producer looks every
    // record's topic up in its maps, and a String keeps its hash once computed.
    private transient Map<River, String> riverTopics;
    private transient EventCodec codec;
    private transient Counter riverRecords;
    private transient Counter problems;
    private transient Counter deadLetters;
    private transient Outputs outputs;

    /**
     * {@code specText}: the rivers YAML, read where the job is built; {@code specName} names it in
     * messages.
     */
    public RiverRouter(
            String specText,
            String specName,
            RiverTopics topics,
            int maxRecordBytes,
            int deadLetterValueBytes) {
        this.specText = specText;
        this.specName = specName;
        this.topics = topics;
        this.maxRecordBytes = maxRecordBytes;
        this.deadLetterValueBytes = deadLetterValueBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        router =
                new RapidsRouter(
                        RiverSpec.parse(specText, specName, topics.rapids()), maxRecordBytes);
        codec = new EventCodec(maxRecordBytes, deadLetterValueBytes);
        outputs = new Outputs();
        riverTopics = new IdentityHashMap<>();
        for (River river : router.rivers()) {
            riverTopics.put(river, topics.river(river.topic()));
        }
        var metrics = getRuntimeContext().getMetricGroup();
        riverRecords = metrics.counter("riverRecords");
        problems = metrics.counter("riverProblems");
        deadLetters = metrics.counter("deadLetters");
        // Records read into a tree: the index declined them, or they have a field a river replaces.
        metrics.gauge("rapidsTreeReads", router::treeReads);
    }

    @Override
    public void flatMap(RecordOrigin origin, Collector<OutputRecord> out) {
        outputs.record(origin, out);
        router.route(
                origin.value(),
                new RecordSource(
                        origin.topic(), origin.partition(), origin.offset(), origin.timestamp()),
                outputs);
    }

    /** Where the router sends the outputs of the record at hand: one for all records. */
    private final class Outputs implements RapidsRouter.Outputs {

        private RecordOrigin origin;
        private Collector<OutputRecord> out;
        private byte[] key;

        void record(RecordOrigin origin, Collector<OutputRecord> out) {
            this.origin = origin;
            this.out = out;
            this.key = origin.key() == null ? null : origin.key().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void deadLetter(RapidsInput.Rejected rejected) {
            RiverRouter.this.deadLetter(rejected, origin, out);
        }

        @Override
        public void riverRecord(River river, RecordSource from, byte[] value) {
            RiverRouter.this.riverRecord(river, from, value, key, origin, out);
        }

        @Override
        public void problems(River river, String id, List<String> sentences) {
            problem(id, river.name(), sentences, origin, out);
        }
    }

    private void deadLetter(
            RapidsInput.Rejected rejected, RecordOrigin origin, Collector<OutputRecord> out) {
        deadLetters.inc();
        DeadLetter letter =
                DeadLetter.of(
                        DeadLetterReason.valueOf(rejected.reason().name()),
                        rejected.detail(),
                        origin,
                        deadLetterValueBytes);
        // The dead letter's Kafka key is its key field, the input's cut to 1 KiB (contract
        // section 4).
        byte[] letterKey =
                letter.key() == null ? null : letter.key().getBytes(StandardCharsets.UTF_8);
        out.collect(
                new OutputRecord(
                        topics.deadLetters(), letterKey, origin.timestamp(), codec.encode(letter)));
    }

    private void riverRecord(
            River river,
            RecordSource source,
            byte[] value,
            byte[] key,
            RecordOrigin origin,
            Collector<OutputRecord> out) {
        int recordBytes = value.length + (key == null ? 0 : key.length);
        if (recordBytes > maxRecordBytes) {
            problem(
                    source.idIn(river.name()),
                    river.name(),
                    List.of(tooLarge(recordBytes)),
                    origin,
                    out);
        } else {
            riverRecords.inc();
            out.collect(new OutputRecord(riverTopic(river), key, origin.timestamp(), value));
        }
    }

    private String riverTopic(River river) {
        String topic = riverTopics.get(river);
        return topic != null ? topic : topics.river(river.topic());
    }

    private void problem(
            String id,
            String river,
            List<String> sentences,
            RecordOrigin origin,
            Collector<OutputRecord> out) {
        problems.inc();
        out.collect(
                RiverProblems.record(
                        topics.problems(), id, river, sentences, origin, deadLetterValueBytes));
    }

    private String tooLarge(int bytes) {
        return "too large: the river record (key and value) is "
                + bytes
                + " bytes, more than --max-record-bytes "
                + maxRecordBytes;
    }
}
