package io.orderflow.functions.wire;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * How every wire serializer writes strings, enums, nulls, lists and bytes, so each is encoded one
 * way. Every reference may be null: the records allow it, and it costs one byte at most.
 */
final class WireFormat {

    @FunctionalInterface
    interface Writer<T> {
        void write(T value, DataOutputView out) throws IOException;
    }

    @FunctionalInterface
    interface Reader<T> {
        T read(DataInputView in) throws IOException;
    }

    private WireFormat() {}

    /**
     * Flink's own string encoding (a length, then each char): any length, null, and any UTF-16
     * content. {@code writeUTF} stops at 64 KB, and UTF-8 bytes would turn a lone surrogate, which
     * JSON escapes can produce, into '?' and so change a key between sender and receiver.
     */
    static void writeString(String s, DataOutputView out) throws IOException {
        StringValue.writeString(s, out);
    }

    static String readString(DataInputView in) throws IOException {
        return StringValue.readString(in);
    }

    /** One byte: the ordinal, or -1 for null. */
    static void writeEnum(Enum<?> e, DataOutputView out) throws IOException {
        out.writeByte(e == null ? -1 : e.ordinal());
    }

    static <E extends Enum<E>> E readEnum(E[] values, DataInputView in) throws IOException {
        int ordinal = in.readByte();
        return ordinal < 0 ? null : values[ordinal];
    }

    /** A presence byte, then the value if there is one. */
    static <T> void writeNullable(T value, DataOutputView out, Writer<T> writer)
            throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            writer.write(value, out);
        }
    }

    static <T> T readNullable(DataInputView in, Reader<T> reader) throws IOException {
        return in.readBoolean() ? reader.read(in) : null;
    }

    /** The element count (-1 for null), then each element, nullable. */
    static <T> void writeList(List<T> list, DataOutputView out, Writer<T> element)
            throws IOException {
        if (list == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(list.size());
        for (T e : list) {
            writeNullable(e, out, element);
        }
    }

    /** A mutable ArrayList, like the JSON decoder's and Flink's list serializer's. */
    static <T> List<T> readList(DataInputView in, Reader<T> element) throws IOException {
        int size = in.readInt();
        if (size < 0) {
            return null;
        }
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(readNullable(in, element));
        }
        return list;
    }

    /** The length (-1 for null), then the bytes. */
    static void writeBytes(byte[] bytes, DataOutputView out) throws IOException {
        if (bytes == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static byte[] readBytes(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
