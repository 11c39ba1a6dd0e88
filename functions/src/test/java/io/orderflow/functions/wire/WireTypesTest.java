package io.orderflow.functions.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.functions.LedgerEntry;
import io.orderflow.functions.LineOutcome;
import io.orderflow.functions.OrderGate;
import io.orderflow.functions.OrderUpdate;
import io.orderflow.schemas.InputRecord;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/** The wire types make the hand-written serializers, and only the streams use them, never state. */
class WireTypesTest {

    @Test
    void eachWireTypeMakesItsOwnSerializer() {
        SerializerConfigImpl config = new SerializerConfigImpl();

        assertThat(WireTypes.INPUT_RECORD.createSerializer(config))
                .isSameAs(InputRecordSerializer.INSTANCE);
        assertThat(WireTypes.LEDGER_ENTRY.createSerializer(config))
                .isSameAs(LedgerEntrySerializer.INSTANCE);
        assertThat(WireTypes.ORDER_OUTCOMES.createSerializer(config))
                .isSameAs(OrderOutcomesSerializer.INSTANCE);
        assertThat(WireTypes.ORDER_UPDATE.createSerializer(config))
                .isSameAs(OrderUpdateSerializer.INSTANCE);
        assertThat(OrderGate.ORDER_UPDATES.getTypeInfo()).isEqualTo(WireTypes.ORDER_UPDATE);
    }

    @Test
    void keyedStateKeepsThePojoTypesOfTheSameRecords() {
        // The wire types are given explicitly; a @TypeInfo on a record would change its state
        // format too.
        assertThat(TypeInformation.of(LedgerEntry.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(LineOutcome.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(OrderUpdate.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(InputRecord.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(LedgerEntry.class)).isNotEqualTo(WireTypes.LEDGER_ENTRY);
    }
}
