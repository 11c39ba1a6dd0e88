package io.orderflow.functions.wire;

import io.orderflow.functions.LedgerEntry;
import io.orderflow.functions.OrderOutcomes;
import io.orderflow.functions.OrderUpdate;
import io.orderflow.schemas.InputRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The types of the records sent between the job's operators, each with a hand-written serializer:
 * Flink's reflective POJO serializer of them took about a fifth of the job's CPU. Only the streams
 * use these; keyed state keeps {@code TypeInformation.of(...)} and so its savepoint format.
 */
public final class WireTypes {

    public static final TypeInformation<InputRecord> INPUT_RECORD =
            new WireTypeInfo<>(InputRecord.class, InputRecordSerializer.INSTANCE);
    public static final TypeInformation<LedgerEntry> LEDGER_ENTRY =
            new WireTypeInfo<>(LedgerEntry.class, LedgerEntrySerializer.INSTANCE);
    public static final TypeInformation<OrderOutcomes> ORDER_OUTCOMES =
            new WireTypeInfo<>(OrderOutcomes.class, OrderOutcomesSerializer.INSTANCE);
    public static final TypeInformation<OrderUpdate> ORDER_UPDATE =
            new WireTypeInfo<>(OrderUpdate.class, OrderUpdateSerializer.INSTANCE);

    private WireTypes() {}
}
