package io.orderflow.functions.wire;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What the hand-written serializers of keyed state share: one instance per class, values that are
 * mutable (a copy is deep), and a format version kept in the snapshot. A later format migrates
 * state of an earlier one; state that Flink's POJO serializer wrote for the same class is migrated
 * too (the state's first layout); state of any other serializer is refused.
 */
public abstract class StateSerializer<T> extends TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    /** The format this serializer writes. */
    protected abstract int format();

    /** The state class, whose POJO-serialized state this serializer migrates. */
    protected abstract Class<T> stateClass();

    /**
     * A serializer that reads state written in an earlier {@code format} of this class (Flink then
     * rewrites it in the current one); by default there is none.
     */
    protected StateSerializer<T> readerOf(int format) {
        throw new IllegalStateException(
                getClass().getName()
                        + " state in format "
                        + format
                        + " needs a reader for it; this build reads format "
                        + format());
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public boolean equals(Object obj) {
        return obj != null && obj.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }

    /**
     * Whether state another serializer wrote ({@code old} describes it) can be read with it and
     * rewritten with this one: by default, the POJO serializer of the same class.
     */
    protected boolean migratesFrom(TypeSerializerSnapshot<T> old) {
        return old instanceof PojoSerializerSnapshot<T> pojo
                && pojo.restoreSerializer().createInstance().getClass() == stateClass();
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new Snapshot<>(getClass().getName(), format());
    }

    /** Names the serializer class and the format the state was written in. */
    public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {

        private String serializerClass;
        private int format;

        /** For Flink, which instantiates snapshots by name and then reads them. */
        public Snapshot() {}

        Snapshot(String serializerClass, int format) {
            this.serializerClass = serializerClass;
            this.format = format;
        }

        @Override
        public int getCurrentVersion() {
            return 1;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(serializerClass);
            out.writeInt(format);
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader)
                throws IOException {
            serializerClass = in.readUTF();
            format = in.readInt();
        }

        @Override
        public TypeSerializer<T> restoreSerializer() {
            StateSerializer<T> current = instance();
            return format == current.format() ? current : current.readerOf(format);
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
                TypeSerializerSnapshot<T> oldSnapshot) {
            StateSerializer<T> current = instance();
            if (oldSnapshot instanceof Snapshot<T> old
                    && old.serializerClass.equals(serializerClass)) {
                return old.format == current.format()
                        ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                        : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return current.migratesFrom(oldSnapshot)
                    ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }

        @SuppressWarnings("unchecked")
        private StateSerializer<T> instance() {
            try {
                Class<?> type = Class.forName(serializerClass, true, getClass().getClassLoader());
                return (StateSerializer<T>) type.getField("INSTANCE").get(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("no serializer " + serializerClass, e);
            }
        }
    }
}
