package dev.weir.api.io;

import java.io.IOException;

/**
 * Turns checkpointed objects (splits, enumerator state, committables) into bytes and back. The
 * version is stored with the bytes so that a newer connector can read an older checkpoint.
 */
public interface SimpleVersionedSerializer<T> {
    int version();

    byte[] serialize(T value) throws IOException;

    T deserialize(int version, byte[] serialized) throws IOException;
}
