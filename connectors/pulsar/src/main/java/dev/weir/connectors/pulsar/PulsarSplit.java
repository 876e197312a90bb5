package dev.weir.connectors.pulsar;

import dev.weir.api.io.DataSerializer;
import dev.weir.api.source.SourceSplit;
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

    static final DataSerializer<PulsarSplit> SERIALIZER = DataSerializer.of(1,
            (out, split) -> {
                out.writeUTF(split.topic);
                DataSerializer.writeNullableBytes(out, split.start.messageId());
                out.writeLong(split.start.publishTimeMillis());
                DataSerializer.writeNullableBytes(out, split.lastEmitted);
                DataSerializer.writeNullableBytes(out, split.end);
                out.writeBoolean(split.endInclusive);
                out.writeLong(split.endPublishTime);
            },
            in -> new PulsarSplit(in.readUTF(),
                    new StartCursor(DataSerializer.readNullableBytes(in), in.readLong()),
                    DataSerializer.readNullableBytes(in), DataSerializer.readNullableBytes(in), in.readBoolean(),
                    in.readLong()));

    /** The enumerator's state: every partition it has made a split of, and the splits no reader has yet. */
    record EnumeratorState(List<String> knownPartitions, List<PulsarSplit> unassigned) {
        static final DataSerializer<EnumeratorState> SERIALIZER = DataSerializer.of(1,
                (out, state) -> {
                    DataSerializer.writeStrings(out, state.knownPartitions);
                    DataSerializer.writeList(out, state.unassigned, PulsarSplit.SERIALIZER::write);
                },
                in -> new EnumeratorState(DataSerializer.readStrings(in),
                        DataSerializer.readList(in, PulsarSplit.SERIALIZER::read)));
    }
}
