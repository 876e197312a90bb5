package dev.weir.connectors.kafka;

import dev.weir.api.io.SimpleVersionedSerializer;
import dev.weir.api.source.SourceSplit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * A partition to read: from {@code offset} (the next record's offset) to {@code stoppingOffset}
 * (exclusive; {@link StoppingOffsets#NO_STOP} when unbounded).
 */
record KafkaSplit(String topic, int partition, long offset, long stoppingOffset) implements SourceSplit {

    @Override
    public String splitId() {
        return topic + "-" + partition;
    }

    TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    KafkaSplit at(long nextOffset) {
        return new KafkaSplit(topic, partition, nextOffset, stoppingOffset);
    }

    boolean finished() {
        return offset >= stoppingOffset;
    }

    static void write(DataOutputStream out, KafkaSplit split) throws IOException {
        out.writeUTF(split.topic);
        out.writeInt(split.partition);
        out.writeLong(split.offset);
        out.writeLong(split.stoppingOffset);
    }

    static KafkaSplit read(DataInputStream in) throws IOException {
        return new KafkaSplit(in.readUTF(), in.readInt(), in.readLong(), in.readLong());
    }

    static final SimpleVersionedSerializer<KafkaSplit> SERIALIZER = new SimpleVersionedSerializer<>() {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public byte[] serialize(KafkaSplit split) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            write(new DataOutputStream(bytes), split);
            return bytes.toByteArray();
        }

        @Override
        public KafkaSplit deserialize(int version, byte[] bytes) throws IOException {
            return read(new DataInputStream(new ByteArrayInputStream(bytes)));
        }
    };

    /** The enumerator's state: every partition it knows, and the splits not yet handed to a reader. */
    record EnumeratorState(List<String> knownPartitions, List<KafkaSplit> unassigned) {

        static final SimpleVersionedSerializer<EnumeratorState> SERIALIZER = new SimpleVersionedSerializer<>() {
            @Override
            public int version() {
                return 1;
            }

            @Override
            public byte[] serialize(EnumeratorState state) throws IOException {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(bytes);
                out.writeInt(state.knownPartitions.size());
                for (String id : state.knownPartitions) {
                    out.writeUTF(id);
                }
                out.writeInt(state.unassigned.size());
                for (KafkaSplit split : state.unassigned) {
                    write(out, split);
                }
                return bytes.toByteArray();
            }

            @Override
            public EnumeratorState deserialize(int version, byte[] bytes) throws IOException {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
                List<String> known = new ArrayList<>();
                for (int i = in.readInt(); i > 0; i--) {
                    known.add(in.readUTF());
                }
                List<KafkaSplit> unassigned = new ArrayList<>();
                for (int i = in.readInt(); i > 0; i--) {
                    unassigned.add(read(in));
                }
                return new EnumeratorState(known, unassigned);
            }
        };
    }
}
