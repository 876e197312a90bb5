package dev.weir.connectors.pulsar;

import dev.weir.api.io.SimpleVersionedSerializer;
import dev.weir.api.source.SourceSplit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.common.naming.TopicName;

/**
 * One partition of a topic (or a topic without partitions) to read.
 *
 * @param topic the partition's full name, e.g. {@code persistent://public/default/orders-partition-0}
 * @param start where to start when nothing was read yet
 * @param lastEmitted serialized id of the last message emitted, null before the first: reading resumes after it
 * @param end serialized id where a bounded read ends, or null
 * @param endInclusive whether the message at {@code end} is read
 * @param endPublishTime a bounded read ends before the first message published at or after it ({@link Long#MAX_VALUE}: never)
 */
record PulsarSplit(String topic, StartCursor start, byte[] lastEmitted, byte[] end, boolean endInclusive,
                   long endPublishTime) implements SourceSplit {

    static final long NO_END_PUBLISH_TIME = Long.MAX_VALUE;

    @Override
    public String splitId() {
        return topic;
    }

    PulsarSplit emitted(MessageId id) {
        return new PulsarSplit(topic, start, MessageIds.toBytes(id), end, endInclusive, endPublishTime);
    }

    /** The message lies beyond the end: the split ends without it. */
    boolean endsBefore(Message<?> message) {
        if (message.getPublishTime() >= endPublishTime) {
            return true;
        }
        if (end == null) {
            return false;
        }
        int order = MessageIds.compare(message.getMessageId(), MessageIds.fromBytes(end));
        return order > 0 || (order == 0 && !endInclusive);
    }

    /** Nothing after the last emitted message (or nothing at all) is to be read. */
    boolean finished() {
        if (end == null || !endInclusive) {
            return false;
        }
        MessageId endId = MessageIds.fromBytes(end);
        return MessageIds.isBeforeAnyMessage(endId)
                || (lastEmitted != null && MessageIds.compare(MessageIds.fromBytes(lastEmitted), endId) >= 0);
    }

    /** The topic as users name it: without the partition suffix. */
    String parentTopic() {
        return TopicName.get(topic).getPartitionedTopicName();
    }

    /** The partition's index, -1 for a topic without partitions. */
    int partitionIndex() {
        return TopicName.get(topic).getPartitionIndex();
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes == null ? -1 : bytes.length);
        if (bytes != null) {
            out.write(bytes);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        return length < 0 ? null : in.readNBytes(length);
    }

    static void write(DataOutputStream out, PulsarSplit split) throws IOException {
        out.writeUTF(split.topic);
        writeBytes(out, split.start.messageId());
        out.writeLong(split.start.publishTimeMillis());
        writeBytes(out, split.lastEmitted);
        writeBytes(out, split.end);
        out.writeBoolean(split.endInclusive);
        out.writeLong(split.endPublishTime);
    }

    static PulsarSplit read(DataInputStream in) throws IOException {
        return new PulsarSplit(in.readUTF(), new StartCursor(readBytes(in), in.readLong()), readBytes(in), readBytes(in),
                in.readBoolean(), in.readLong());
    }

    static final SimpleVersionedSerializer<PulsarSplit> SERIALIZER = new SimpleVersionedSerializer<>() {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public byte[] serialize(PulsarSplit split) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            write(new DataOutputStream(bytes), split);
            return bytes.toByteArray();
        }

        @Override
        public PulsarSplit deserialize(int version, byte[] bytes) throws IOException {
            return read(new DataInputStream(new ByteArrayInputStream(bytes)));
        }
    };

    /** The enumerator's state: every partition it has made a split of, and the splits no reader has yet. */
    record EnumeratorState(List<String> knownPartitions, List<PulsarSplit> unassigned) {

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
                for (String partition : state.knownPartitions) {
                    out.writeUTF(partition);
                }
                out.writeInt(state.unassigned.size());
                for (PulsarSplit split : state.unassigned) {
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
                List<PulsarSplit> unassigned = new ArrayList<>();
                for (int i = in.readInt(); i > 0; i--) {
                    unassigned.add(read(in));
                }
                return new EnumeratorState(known, unassigned);
            }
        };
    }
}
