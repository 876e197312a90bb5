package dev.weir.connectors.filesystem;

import dev.weir.api.io.SimpleVersionedSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Version 1 of the file source's checkpoint formats. */
final class FileSourceSerializers {
    private static final int VERSION = 1;

    static final SimpleVersionedSerializer<FileSplit> SPLIT = new SimpleVersionedSerializer<>() {
        @Override
        public int version() {
            return VERSION;
        }

        @Override
        public byte[] serialize(FileSplit split) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            writeSplit(split, new DataOutputStream(bytes));
            return bytes.toByteArray();
        }

        @Override
        public FileSplit deserialize(int version, byte[] serialized) throws IOException {
            checkVersion(version);
            return readSplit(new DataInputStream(new ByteArrayInputStream(serialized)));
        }
    };

    static final SimpleVersionedSerializer<FileEnumeratorState> ENUMERATOR_STATE = new SimpleVersionedSerializer<>() {
        @Override
        public int version() {
            return VERSION;
        }

        @Override
        public byte[] serialize(FileEnumeratorState state) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(state.seenPaths().size());
            for (String path : state.seenPaths()) {
                out.writeUTF(path);
            }
            out.writeInt(state.pendingSplits().size());
            for (FileSplit split : state.pendingSplits()) {
                writeSplit(split, out);
            }
            return bytes.toByteArray();
        }

        @Override
        public FileEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
            checkVersion(version);
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
            int seenCount = in.readInt();
            List<String> seen = new ArrayList<>(seenCount);
            for (int i = 0; i < seenCount; i++) {
                seen.add(in.readUTF());
            }
            int pendingCount = in.readInt();
            List<FileSplit> pending = new ArrayList<>(pendingCount);
            for (int i = 0; i < pendingCount; i++) {
                pending.add(readSplit(in));
            }
            return new FileEnumeratorState(seen, pending);
        }
    };

    private FileSourceSerializers() {
    }

    private static void writeSplit(FileSplit split, DataOutputStream out) throws IOException {
        out.writeUTF(split.path());
        out.writeLong(split.recordsToSkip());
    }

    private static FileSplit readSplit(DataInputStream in) throws IOException {
        return new FileSplit(in.readUTF(), in.readLong());
    }

    private static void checkVersion(int version) throws IOException {
        if (version != VERSION) {
            throw new IOException("Unknown filesystem source checkpoint version " + version
                    + "; this connector reads version " + VERSION);
        }
    }
}
