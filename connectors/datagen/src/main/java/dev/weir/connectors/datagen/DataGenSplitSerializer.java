package dev.weir.connectors.datagen;

import dev.weir.api.io.SimpleVersionedSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Splits, and the enumerator's list of unassigned splits, as fixed-width fields. */
final class DataGenSplitSerializer implements SimpleVersionedSerializer<DataGenSplit> {
    static final DataGenSplitSerializer INSTANCE = new DataGenSplitSerializer();

    /** The enumerator's state: the splits not yet assigned. */
    static final SimpleVersionedSerializer<List<DataGenSplit>> LIST = new SimpleVersionedSerializer<>() {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public byte[] serialize(List<DataGenSplit> splits) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(splits.size());
            for (DataGenSplit split : splits) {
                write(split, out);
            }
            return bytes.toByteArray();
        }

        @Override
        public List<DataGenSplit> deserialize(int version, byte[] serialized) throws IOException {
            checkVersion(version);
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
            int count = in.readInt();
            List<DataGenSplit> splits = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                splits.add(read(in));
            }
            return splits;
        }
    };

    @Override
    public int version() {
        return 1;
    }

    @Override
    public byte[] serialize(DataGenSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(36);
        write(split, new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    @Override
    public DataGenSplit deserialize(int version, byte[] serialized) throws IOException {
        checkVersion(version);
        return read(new DataInputStream(new ByteArrayInputStream(serialized)));
    }

    private static void write(DataGenSplit split, DataOutputStream out) throws IOException {
        out.writeInt(split.splitNumber());
        out.writeLong(split.nextIndex());
        out.writeLong(split.stride());
        out.writeLong(split.endIndex());
        out.writeLong(split.referenceEpochMillis());
    }

    private static DataGenSplit read(DataInputStream in) throws IOException {
        return new DataGenSplit(in.readInt(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
    }

    private static void checkVersion(int version) throws IOException {
        if (version != 1) {
            throw new IOException("Unknown datagen split version " + version + "; this connector reads version 1");
        }
    }
}
