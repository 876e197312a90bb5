package dev.weir.api.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SimpleVersionedSerializer} made of a writer and a reader over data streams, so a connector
 * states only its fields' order; plus helpers for the lists and optional bytes that splits and
 * enumerator states hold.
 *
 * <pre>{@code
 * static final DataSerializer<MySplit> SPLITS = DataSerializer.of(1,
 *         (out, s) -> { out.writeUTF(s.topic()); out.writeLong(s.offset()); },
 *         in -> new MySplit(in.readUTF(), in.readLong()));
 * }</pre>
 */
public final class DataSerializer<T> implements SimpleVersionedSerializer<T> {
    /** Writes one value's fields. */
    @FunctionalInterface
    public interface Writer<T> {
        void write(DataOutputStream out, T value) throws IOException;
    }

    /** Reads one value's fields, in the order they were written. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private final int version;
    private final Writer<T> writer;
    private final Reader<T> reader;

    private DataSerializer(int version, Writer<T> writer, Reader<T> reader) {
        this.version = version;
        this.writer = writer;
        this.reader = reader;
    }

    public static <T> DataSerializer<T> of(int version, Writer<T> writer, Reader<T> reader) {
        return new DataSerializer<>(version, writer, reader);
    }

    @Override
    public int version() {
        return version;
    }

    @Override
    public byte[] serialize(T value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writer.write(new DataOutputStream(bytes), value);
        return bytes.toByteArray();
    }

    @Override
    public T deserialize(int writtenVersion, byte[] serialized) throws IOException {
        if (writtenVersion != version) {
            throw new IOException("Cannot read state written in version " + writtenVersion
                    + "; this connector reads version " + version + ".");
        }
        return reader.read(new DataInputStream(new ByteArrayInputStream(serialized)));
    }

    /** Writes the value with this serializer's field layout, inside a larger structure. */
    public void write(DataOutputStream out, T value) throws IOException {
        writer.write(out, value);
    }

    public T read(DataInputStream in) throws IOException {
        return reader.read(in);
    }

    public static <E> void writeList(DataOutputStream out, List<E> values, Writer<? super E> elementWriter)
            throws IOException {
        out.writeInt(values.size());
        for (E value : values) {
            elementWriter.write(out, value);
        }
    }

    public static <E> List<E> readList(DataInputStream in, Reader<E> elementReader) throws IOException {
        int size = in.readInt();
        List<E> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(elementReader.read(in));
        }
        return values;
    }

    public static void writeStrings(DataOutputStream out, List<String> values) throws IOException {
        writeList(out, values, DataOutputStream::writeUTF);
    }

    public static List<String> readStrings(DataInputStream in) throws IOException {
        return readList(in, input -> input.readUTF());
    }

    /** Bytes that may be null (length -1). */
    public static void writeNullableBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes == null ? -1 : bytes.length);
        if (bytes != null) {
            out.write(bytes);
        }
    }

    public static byte[] readNullableBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        return length < 0 ? null : in.readNBytes(length);
    }
}
