package dev.weir.connectors.kafka;

import dev.weir.api.io.DataSerializer;
import dev.weir.api.source.SourceSplit;
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

    static final DataSerializer<KafkaSplit> SERIALIZER = DataSerializer.of(1,
            (out, split) -> {
                out.writeUTF(split.topic);
                out.writeInt(split.partition);
                out.writeLong(split.offset);
                out.writeLong(split.stoppingOffset);
            },
            in -> new KafkaSplit(in.readUTF(), in.readInt(), in.readLong(), in.readLong()));

    /** The enumerator's state: every partition it knows, and the splits not yet handed to a reader. */
    record EnumeratorState(List<String> knownPartitions, List<KafkaSplit> unassigned) {
        static final DataSerializer<EnumeratorState> SERIALIZER = DataSerializer.of(1,
                (out, state) -> {
                    DataSerializer.writeStrings(out, state.knownPartitions);
                    DataSerializer.writeList(out, state.unassigned, KafkaSplit.SERIALIZER::write);
                },
                in -> new EnumeratorState(DataSerializer.readStrings(in),
                        DataSerializer.readList(in, KafkaSplit.SERIALIZER::read)));
    }
}
