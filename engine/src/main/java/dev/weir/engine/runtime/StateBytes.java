package dev.weir.engine.runtime;

import dev.weir.api.io.SimpleVersionedSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Byte layouts of checkpointed state: connector objects as a list of (serializer version, bytes);
 * engine state (accumulators, keys) with Java serialization.
 */
final class StateBytes {
    private StateBytes() {
    }

    static <T> byte[] writeList(List<T> values, SimpleVersionedSerializer<T> serializer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(values.size());
        for (T value : values) {
            byte[] b = serializer.serialize(value);
            out.writeInt(serializer.version());
            out.writeInt(b.length);
            out.write(b);
        }
        return bytes.toByteArray();
    }

    static <T> List<T> readList(byte[] data, SimpleVersionedSerializer<T> serializer) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        List<T> values = new ArrayList<>();
        for (int n = in.readInt(); n > 0; n--) {
            int version = in.readInt();
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            values.add(serializer.deserialize(version, b));
        }
        return values;
    }

    static <T> byte[] writeOne(T value, SimpleVersionedSerializer<T> serializer) throws IOException {
        return writeList(List.of(value), serializer);
    }

    static <T> T readOne(byte[] data, SimpleVersionedSerializer<T> serializer) throws IOException {
        return readList(data, serializer).get(0);
    }

    /** Keyed engine state, one (key, value) entry per key, Java-serialized. */
    static byte[] writeKeyed(Map<List<Object>, ? extends Serializable> state) {
        ArrayList<Object[]> entries = new ArrayList<>(state.size());
        state.forEach((key, value) -> entries.add(new Object[]{new ArrayList<>(key), value}));
        return javaSerialize(entries);
    }

    /**
     * The entries of every subtask's {@link #writeKeyed} snapshot whose key belongs to {@code subtask}
     * of {@code parallelism} now, so a job restored at another parallelism moves its keys.
     */
    @SuppressWarnings("unchecked")
    static <V> void readKeyed(List<byte[]> snapshots, int subtask, int parallelism, BiConsumer<List<Object>, V> put) {
        for (byte[] bytes : snapshots) {
            for (Object[] entry : (List<Object[]>) javaDeserialize(bytes)) {
                List<Object> key = (List<Object>) entry[0];
                if (KeyHashing.subtaskFor(key, parallelism) == subtask) {
                    put.accept(key, (V) entry[1]);
                }
            }
        }
    }

    static byte[] javaSerialize(Serializable value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serialize operator state", e);
        }
    }

    static Object javaDeserialize(byte[] data) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
            return in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("Cannot read operator state from the checkpoint", e);
        }
    }
}
