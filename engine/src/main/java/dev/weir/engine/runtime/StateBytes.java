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
