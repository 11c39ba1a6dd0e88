package io.orderflow.rivers;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * Routes rapids records from their bytes, the rivers job's way (contract section 8): the outputs of
 * {@link RapidsJson#decode}, {@link Rivers#routeMatching} and {@link RiverRecordBytes#of}, found
 * without building a tree for the usual record.
 *
 * <p>A record that {@link JsonIndex} indexes is routed on its index: preconditions and rules read
 * values in place (with the same rule code as trees, and the same sentences for problems), a
 * whole-record river record is the input's bytes with the river's fields spliced in, and a
 * projection copies the kept values' bytes (so their text is the input's, as in a whole-record
 * river record; the contract fixes only their values). Every other record (one the index declines,
 * which includes every dead letter, or one for a river with a field that a river record replaces)
 * is read into a tree and routed as before, so dead letters say exactly what they said. Not
 * thread-safe: one per subtask.
 */
public final class RapidsRouter {

    /** Where the outputs of one record go, in spec order. */
    public interface Outputs {

        void deadLetter(RapidsInput.Rejected rejected);

        /**
         * A river record of the record from {@code source}; its id is {@link RecordSource#idIn}.
         */
        void riverRecord(River river, RecordSource source, byte[] value);

        void problems(River river, String id, List<String> problems);
    }

    private static final byte[] TYPE = "type".getBytes(StandardCharsets.UTF_8);

    private static final List<byte[]> RIVER_FIELDS =
            Rivers.RIVER_FIELDS.stream().map(f -> f.getBytes(StandardCharsets.UTF_8)).toList();

    private final Rivers rivers;
    private final int maxRecordBytes;
    private final JsonIndex index = new JsonIndex();
    // A projected river record is written here, then copied out at its size: one buffer, not one
    // a record (a whole-record river record is written once, at its size).
    private final ByteOut scratch = new ByteOut(4096);
    private final Function<RiverPath, RecordValue> indexed = values(index);
    // Each river's fields for the topic last read, by the river's place in the spec.
    private final RiverRecordBytes.Fields[] fields;
    private final PendingOutputs pending = new PendingOutputs();
    private long treeReads;

    public RapidsRouter(Rivers rivers, int maxRecordBytes) {
        this.rivers = rivers;
        this.maxRecordBytes = maxRecordBytes;
        this.fields = new RiverRecordBytes.Fields[rivers.rivers().size()];
    }

    /**
     * Sends the record's outputs: a dead letter, or its river records and problems. A record must
     * never stop the job, so a failure in routing (a bug: the properties keep this path unused)
     * makes it a {@code MALFORMED_JSON} dead letter naming the error; a failure of {@code out}
     * itself is not caught. The outputs are all known before the first is sent, so a record sends
     * all of them or, after a failure, only its dead letter.
     */
    public void route(byte[] value, RecordSource source, Outputs out) {
        pending.clear();
        try {
            if (!routeIndexed(value, source)) {
                pending.clear();
                routeTree(value, source);
            }
        } catch (RuntimeException bug) {
            pending.clear();
            pending.deadLetter(
                    new RapidsInput.Rejected(
                            RapidsInput.Reason.MALFORMED_JSON,
                            RapidsJson.clip(
                                    "value could not be routed (internal error: " + bug + ")")));
        }
        pending.sendTo(out, source);
    }

    /** Routes the record on the index into {@link #pending}; false when it needs its tree. */
    private boolean routeIndexed(byte[] value, RecordSource source) {
        if (value == null || value.length > maxRecordBytes || !index.index(value)) {
            return false;
        }
        int type = index.member(0, TYPE);
        if (type < 0 || index.kind(type) != JsonIndex.STRING) {
            return false;
        }
        int[] candidates =
                index.escaped(type)
                        ? rivers.candidates(IndexedValue.string(index, type))
                        : rivers.candidates(
                                index.text(), index.start(type) + 1, index.end(type) - 1);
        for (int i : candidates) {
            River river = rivers.rivers().get(i);
            if (!Rivers.preconditionHolds(river, indexed)) {
                continue;
            }
            if (!Rivers.rulesHold(river, indexed)) {
                pending.problems(river, source.idIn(river.name()), Rivers.problems(river, indexed));
            } else if (hasRiverFields()) {
                return false; // written from the tree, without the fields it replaces
            } else {
                pending.riverRecord(
                        river, riverRecord(river, fields(i, river, source.topic()), source));
            }
        }
        return true;
    }

    private RiverRecordBytes.Fields fields(int river, River spec, String topic) {
        RiverRecordBytes.Fields known = fields[river];
        if (known == null || !known.isFor(topic)) {
            known = RiverRecordBytes.Fields.of(spec, topic);
            fields[river] = known;
        }
        return known;
    }

    private byte[] riverRecord(River river, RiverRecordBytes.Fields fields, RecordSource source) {
        if (river.projection() == null) {
            return RiverRecordBytes.spliced(index.text(), index.end(0) - 1, fields, source);
        }
        ByteOut out = scratch;
        out.truncate(0);
        out.write('{');
        if (river.projection().writeMembers(index, out)) {
            out.write(',');
        }
        RiverRecordBytes.riverFieldsAndClose(out, fields, source);
        return out.toByteArray();
    }

    private boolean hasRiverFields() {
        if (!index.hasTopLevelNameStartingWithAt()) {
            return false;
        }
        for (byte[] field : RIVER_FIELDS) {
            if (index.member(0, field) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** The rivers it routes to, in spec order. */
    public List<River> rivers() {
        return rivers.rivers();
    }

    /** How many records this router has read into a tree, not routed on their index. */
    public long treeReads() {
        return treeReads;
    }

    private void routeTree(byte[] value, RecordSource source) {
        treeReads++;
        RapidsInput input = RapidsJson.decode(value, maxRecordBytes);
        if (input instanceof RapidsInput.Rejected rejected) {
            pending.deadLetter(rejected);
            return;
        }
        for (RiverOutcome outcome :
                rivers.routeMatching(((RapidsInput.Event) input).record(), source)) {
            if (outcome instanceof RiverOutcome.RiverRecord record) {
                pending.riverRecord(record.river(), RiverRecordBytes.of(record, value));
            } else if (outcome instanceof RiverOutcome.Problems problems) {
                pending.problems(problems.river(), problems.id(), problems.problems());
            }
        }
    }

    /** The values of the indexed record, as preconditions and rules read them. */
    static Function<RiverPath, RecordValue> values(JsonIndex index) {
        return path -> new IndexedValue(index, IndexedValue.resolve(index, 0, path));
    }
}
