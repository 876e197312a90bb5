package dev.weir.connectors.elasticsearch;

import dev.weir.api.io.SimpleVersionedSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Version 1 of the scan source's checkpoint formats: a split, and the splits not yet assigned. */
final class ScanSerializers {
    private static final int VERSION = 1;

    static final SimpleVersionedSerializer<ScanSplit> SPLIT = new SimpleVersionedSerializer<>() {
        @Override
        public int version() {
            return VERSION;
        }

        @Override
        public byte[] serialize(ScanSplit split) throws IOException {
            return serializeSplits(List.of(split));
        }

        @Override
        public ScanSplit deserialize(int version, byte[] serialized) throws IOException {
            return deserializeSplits(version, serialized).get(0);
        }
    };

    static final SimpleVersionedSerializer<List<ScanSplit>> UNASSIGNED_SPLITS = new SimpleVersionedSerializer<>() {
        @Override
        public int version() {
            return VERSION;
        }

        @Override
        public byte[] serialize(List<ScanSplit> splits) throws IOException {
            return serializeSplits(splits);
        }

        @Override
        public List<ScanSplit> deserialize(int version, byte[] serialized) throws IOException {
            return deserializeSplits(version, serialized);
        }
    };

    private ScanSerializers() {
    }

    private static byte[] serializeSplits(List<ScanSplit> splits) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(splits.size());
        for (ScanSplit split : splits) {
            out.writeUTF(split.index());
            out.writeLong(split.documentsRead());
        }
        return bytes.toByteArray();
    }

    private static List<ScanSplit> deserializeSplits(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("Unknown Elasticsearch source checkpoint version " + version
                    + "; this connector reads version " + VERSION);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
        int count = in.readInt();
        List<ScanSplit> splits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            splits.add(new ScanSplit(in.readUTF(), in.readLong()));
        }
        return splits;
    }
}
