package io.orderflow.bench.streams;

import io.orderflow.functions.LedgerEntry;
import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.json.EventCodec;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes the inventory topic and sends its stock events to the lines topic with its progress
 * markers, so a ledger task meets stock events and order lines in one partition, each upstream's in
 * order and behind a watermark, instead of reading a topic that runs ahead of the lines.
 */
final class InventoryRouter implements Processor<String, byte[], String, byte[]> {

    private final StreamsPeer.Settings settings;
    private final EventCodec codec;
    private ProcessorContext<String, byte[]> context;
    private ProgressMarker progress;

    InventoryRouter(StreamsPeer.Settings settings) {
        this.settings = settings;
        this.codec = new EventCodec(settings.maxRecordBytes());
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        // Sources 0..n-1 are the orders tasks, n.. the inventory tasks.
        this.progress =
                new ProgressMarker(
                        context,
                        settings.inventoryTopic(),
                        settings.ordersPartitions() + context.taskId().partition(),
                        settings.graceMillis(),
                        settings.idleTimeoutMillis());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        RecordOrigin origin =
                new RecordOrigin(
                        meta.topic(),
                        meta.partition(),
                        meta.offset(),
                        record.timestamp(),
                        record.key(),
                        record.value());
        InputRecord input = codec.decode(InputKind.INVENTORY, origin);
        if (input.isDeadLetter()) {
            progress.input(Long.MIN_VALUE);
            context.forward(
                    new Record<>(
                            input.deadLetter().key(),
                            codec.encode(input.deadLetter()),
                            input.deadLetter().occurredAt()),
                    StreamsPeer.DEAD_LETTERS_SINK);
            return;
        }
        LedgerEntry entry = LedgerEntry.stock(input);
        progress.input(entry.time());
        context.forward(
                new Record<>(entry.sku(), StateCodec.encode(entry), entry.time()),
                StreamsPeer.LINES_SINK);
    }
}
