package dev.weir.connectors.filesystem;

import dev.weir.api.io.SimpleVersionedSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** Version 1: the two paths. */
final class FileCommittableSerializer implements SimpleVersionedSerializer<FileCommittable> {
    static final FileCommittableSerializer INSTANCE = new FileCommittableSerializer();
    private static final int VERSION = 1;

    @Override
    public int version() {
        return VERSION;
    }

    @Override
    public byte[] serialize(FileCommittable committable) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF(committable.inProgressPath());
        out.writeUTF(committable.committedPath());
        return bytes.toByteArray();
    }

    @Override
    public FileCommittable deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("Unknown filesystem committable version " + version
                    + "; this connector reads version " + VERSION);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
        return new FileCommittable(in.readUTF(), in.readUTF());
    }
}
