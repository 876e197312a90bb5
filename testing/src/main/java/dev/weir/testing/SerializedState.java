package dev.weir.testing;

import dev.weir.api.io.SimpleVersionedSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Checkpointed bytes with the serializer version that wrote them, as an engine stores them. Every
 * checkpoint the drivers take goes through this form, so restoring also proves that a connector's
 * serializers round-trip.
 */
public record SerializedState(int version, byte[] bytes) {
    public SerializedState {
        bytes = bytes.clone();
    }

    public static <T> SerializedState serialize(SimpleVersionedSerializer<T> serializer, T value) {
        try {
            return new SerializedState(serializer.version(), serializer.serialize(value));
        } catch (IOException e) {
            throw new UncheckedIOException("Serializer " + serializer.getClass().getName() + " failed to serialize "
                    + value, e);
        }
    }

    public <T> T deserialize(SimpleVersionedSerializer<T> serializer) {
        try {
            return serializer.deserialize(version, bytes.clone());
        } catch (IOException e) {
            throw new UncheckedIOException("Serializer " + serializer.getClass().getName()
                    + " failed to deserialize " + bytes.length + " bytes of version " + version, e);
        }
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SerializedState s && s.version == version && Arrays.equals(s.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * version + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "SerializedState(v" + version + ", " + bytes.length + " bytes)";
    }
}
