package io.orderflow.rivers;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.schemas.json.GeneratorPerThread;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * A river record as UTF-8 JSON: the bytes of {@link RiverOutcome.RiverRecord#value()}, written
 * without building that tree. A river without {@code interestedIn} keeps the whole record: its
 * bytes are the input's own, with {@code @river}, {@code @id} and {@code @source} written before
 * the closing brace, so the record is not written again (contract section 8 lets a number's text
 * change, never its value: here no text changes). A projection, or an input that has a field the
 * river record replaces or is not a bare object, is written from the input's tree by one generator
 * per thread, exactly as {@link RapidsJson#write} would write the value.
 */
public final class RiverRecordBytes {

    private static final byte[] RIVER = ascii("\"@river\":");
    private static final byte[] ID = ascii(",\"@id\":");
    private static final byte[] SOURCE_TOPIC = ascii(",\"@source\":{\"topic\":");
    private static final byte[] PARTITION = ascii(",\"partition\":");
    private static final byte[] OFFSET = ascii(",\"offset\":");
    private static final byte[] TIMESTAMP = ascii(",\"timestamp\":");

    private static final GeneratorPerThread GENERATORS =
            new GeneratorPerThread(RapidsJson.factory());

    private RiverRecordBytes() {}

    /** The bytes of {@code record}'s value; {@code inputBytes} are its input record's. */
    public static byte[] of(RiverOutcome.RiverRecord record, byte[] inputBytes) {
        int end = closingBrace(inputBytes);
        if (record.river().projection() != null || end < 0 || hasRiverFields(record.record())) {
            return GENERATORS.write(record, RiverRecordBytes::fromTree);
        }
        return spliced(
                inputBytes,
                end,
                Fields.of(record.river(), record.source().topic()),
                record.source());
    }

    /**
     * A whole-record river record: the input up to its closing brace at {@code closingBrace}, then
     * the river's fields. The input must be an object with a member and none of the river's fields.
     * Written once, into an array of the record's size.
     */
    static byte[] spliced(byte[] inputBytes, int closingBrace, Fields fields, RecordSource source) {
        ByteOut out = new ByteOut(closingBrace + 1 + riverFieldsLength(fields, source));
        out.write(inputBytes, 0, closingBrace);
        out.write(',');
        riverFieldsAndClose(out, fields, source);
        return out.toExactArray();
    }

    /**
     * Writes {@code @river}, {@code @id} and {@code @source} of a record from {@code source}, then
     * closes the record; {@code fields} must be those of the record's river and topic.
     */
    static void riverFieldsAndClose(ByteOut out, Fields fields, RecordSource source) {
        out.write(fields.upToPartition);
        int partition = out.size();
        out.decimal(source.partition());
        int offset = out.size() + 1;
        out.write('/');
        out.decimal(source.offset());
        int offsetEnd = out.size();
        out.write(fields.idToPartition);
        out.repeat(partition, offset - 1 - partition); // the id's digits again
        out.write(OFFSET);
        out.repeat(offset, offsetEnd - offset);
        out.write(TIMESTAMP);
        out.decimal(source.timestamp());
        out.write('}');
        out.write('}');
    }

    /** How many bytes {@link #riverFieldsAndClose} writes, in the order it writes them. */
    static int riverFieldsLength(Fields fields, RecordSource source) {
        int partition = ByteOut.decimalLength(source.partition());
        int offset = ByteOut.decimalLength(source.offset());
        return fields.upToPartition.length
                + partition
                + 1
                + offset
                + fields.idToPartition.length
                + partition
                + OFFSET.length
                + offset
                + TIMESTAMP.length
                + ByteOut.decimalLength(source.timestamp())
                + 2;
    }

    /**
     * What a river's fields say alike for every record of one topic, as JSON bytes: {@code
     * "@river":"<river>","@id":"<river>/<topic>/} and, after the id's partition and offset, {@code
     * ","@source":{"topic":"<topic>","partition":}. Written once per river and topic, not per
     * record (the id is {@link RecordSource#idIn}; a JSON string's escapes are those of its
     * characters, so the id's text is its parts' texts one after another).
     */
    static final class Fields {

        private final String topic;
        private final byte[] upToPartition;
        private final byte[] idToPartition;

        private Fields(String topic, byte[] upToPartition, byte[] idToPartition) {
            this.topic = topic;
            this.upToPartition = upToPartition;
            this.idToPartition = idToPartition;
        }

        static Fields of(River river, String topic) {
            ByteOut out = new ByteOut(64 + 2 * river.name().length() + topic.length());
            out.write(RIVER);
            out.quoted(river.name());
            out.write(ID);
            out.quoted(river.name() + "/" + topic + "/");
            out.truncate(out.size() - 1); // the id goes on: its closing quote comes later
            byte[] upToPartition = out.toByteArray();
            out.truncate(0);
            out.write('"');
            out.write(SOURCE_TOPIC);
            out.quoted(topic);
            out.write(PARTITION);
            return new Fields(topic, upToPartition, out.toByteArray());
        }

        /** Whether these are the fields of records from {@code topic}. */
        boolean isFor(String topic) {
            return this.topic.equals(topic);
        }
    }

    /**
     * The value's fields in {@link RiverOutcome.RiverRecord#value()}'s order: the projection's (or
     * the record's) without the river's own, then {@code @river}, {@code @id} and {@code @source}.
     */
    private static void fromTree(JsonGenerator out, RiverOutcome.RiverRecord record)
            throws IOException {
        Projection projection = record.river().projection();
        ObjectNode kept = projection == null ? record.record() : projection.apply(record.record());
        SerializerProvider serializers = RapidsJson.serializers();
        Iterator<Map.Entry<String, JsonNode>> fields = kept.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!Rivers.RIVER_FIELDS.contains(field.getKey())) {
                out.writeFieldName(field.getKey());
                field.getValue().serialize(out, serializers);
            }
        }
        out.writeStringField("@river", record.river().name());
        out.writeStringField("@id", record.id());
        RecordSource source = record.source();
        out.writeObjectFieldStart("@source");
        out.writeStringField("topic", source.topic());
        out.writeNumberField("partition", source.partition());
        out.writeNumberField("offset", source.offset());
        out.writeNumberField("timestamp", source.timestamp());
        out.writeEndObject();
    }

    private static boolean hasRiverFields(ObjectNode input) {
        for (String field : Rivers.RIVER_FIELDS) {
            if (input.has(field)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where the object's closing brace is, or -1 when the bytes are not one object between optional
     * whitespace.
     */
    static int closingBrace(byte[] bytes) {
        if (bytes == null) {
            return -1;
        }
        int first = 0;
        while (first < bytes.length && whitespace(bytes[first])) {
            first++;
        }
        int last = bytes.length - 1;
        while (last > first && whitespace(bytes[last])) {
            last--;
        }
        return first < last && bytes[first] == '{' && bytes[last] == '}' ? last : -1;
    }

    private static boolean whitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
