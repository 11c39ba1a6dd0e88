package io.orderflow.rivers;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where a rapids record was read: its topic, partition, offset and Kafka timestamp (epoch ms). */
public record RecordSource(String topic, int partition, long offset, long timestamp) {

    /** The id of this record in a river: {@code <river>/<topic>/<partition>/<offset>}. */
    public String idIn(String river) {
        return river + "/" + topic + "/" + partition + "/" + offset;
    }

    /** The {@code @source} (and a RiverProblem's {@code source}) object. */
    public ObjectNode toJson() {
        ObjectNode source = JsonNodeFactory.instance.objectNode();
        source.put("topic", topic);
        source.put("partition", partition);
        source.put("offset", offset);
        source.put("timestamp", timestamp);
        return source;
    }
}
