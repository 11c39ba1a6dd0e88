package io.orderflow.functions.wire;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** A record type that Flink treats as one opaque value, written by its {@link WireSerializer}. */
final class WireTypeInfo<T> extends TypeInformation<T> {

    private final Class<T> type;
    private final WireSerializer<T> serializer;

    WireTypeInfo(Class<T> type, WireSerializer<T> serializer) {
        this.type = type;
        this.serializer = serializer;
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return serializer;
    }

    @Override
    public String toString() {
        return type.getSimpleName() + " (wire)";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof WireTypeInfo<?> other
                && other.canEqual(this)
                && type == other.type
                && serializer.equals(other.serializer);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + serializer.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof WireTypeInfo;
    }
}
