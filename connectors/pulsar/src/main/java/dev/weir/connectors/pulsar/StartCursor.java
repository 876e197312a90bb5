package dev.weir.connectors.pulsar;

import static dev.weir.connectors.pulsar.PulsarOptions.SOURCE_START_MESSAGE_ID;
import static dev.weir.connectors.pulsar.PulsarOptions.SOURCE_START_PUBLISH_TIME;

import dev.weir.api.config.Configuration;
import java.io.Serializable;
import java.util.List;
import org.apache.pulsar.client.api.MessageId;

/**
 * Where a partition is read from when no checkpoint says otherwise: source.start.message-id, else
 * source.start.publish-time, else the earliest message.
 *
 * @param messageId the serialized id to start at (inclusive), or null to start by publish time
 */
record StartCursor(byte[] messageId, long publishTimeMillis) implements Serializable {

    static StartCursor from(Configuration options, List<String> problems) {
        String id = options.get(SOURCE_START_MESSAGE_ID);
        if (id != null) {
            return switch (id.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "earliest" -> atMessage(MessageId.earliest);
                case "latest" -> atMessage(MessageId.latest);
                default -> {
                    try {
                        yield atMessage(MessageIds.parse(id));
                    } catch (IllegalArgumentException e) {
                        problems.add("option '" + SOURCE_START_MESSAGE_ID.key() + "': " + e.getMessage()
                                + ", 'earliest' or 'latest'.");
                        yield atMessage(MessageId.earliest);
                    }
                }
            };
        }
        Long publishTime = options.get(SOURCE_START_PUBLISH_TIME);
        return publishTime != null ? new StartCursor(null, publishTime) : atMessage(MessageId.earliest);
    }

    private static StartCursor atMessage(MessageId id) {
        return new StartCursor(MessageIds.toBytes(id), -1);
    }

    /**
     * This cursor for one partition. A specific message id belongs to one partition (its partition
     * index, -1 for a topic without partitions): the other partitions start at the earliest message.
     */
    StartCursor forPartition(int partitionIndex) {
        if (messageId == null) {
            return this;
        }
        MessageId id = MessageIds.fromBytes(messageId);
        boolean specific = !id.equals(MessageId.earliest) && !id.equals(MessageId.latest);
        return specific && MessageIds.partitionIndex(id) != partitionIndex ? atMessage(MessageId.earliest) : this;
    }
}
