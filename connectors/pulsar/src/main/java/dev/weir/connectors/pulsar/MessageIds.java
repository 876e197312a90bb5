package dev.weir.connectors.pulsar;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.MessageIdAdv;
import org.apache.pulsar.client.impl.MessageIdImpl;

/** Message ids as options write them, as checkpoints store them, and in the order of a partition. */
final class MessageIds {

    private MessageIds() {
    }

    /**
     * 'ledgerId:entryId:partitionIndex', as Flink's options write a message id (e.g. '12:2:-1').
     *
     * @throws IllegalArgumentException if the text is not one
     */
    static MessageId parse(String text) {
        String[] parts = text.trim().split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("'" + text + "' is not 'ledgerId:entryId:partitionIndex'");
        }
        try {
            return new MessageIdImpl(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Integer.parseInt(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not 'ledgerId:entryId:partitionIndex'", e);
        }
    }

    static byte[] toBytes(MessageId id) {
        return id.toByteArray();
    }

    static MessageId fromBytes(byte[] bytes) {
        try {
            return MessageId.fromByteArray(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Not a serialized Pulsar message id", e);
        }
    }

    /**
     * Orders two ids of the same partition by ledger, entry and index in a batch (-1 for a message
     * that is not batched). The partition index is left out: the broker reports it as -1 for ids
     * that a consumer of the partition sees with the partition's index.
     */
    static int compare(MessageId a, MessageId b) {
        MessageIdAdv x = (MessageIdAdv) a;
        MessageIdAdv y = (MessageIdAdv) b;
        int byLedger = Long.compare(x.getLedgerId(), y.getLedgerId());
        if (byLedger != 0) {
            return byLedger;
        }
        int byEntry = Long.compare(x.getEntryId(), y.getEntryId());
        return byEntry != 0 ? byEntry : Integer.compare(x.getBatchIndex(), y.getBatchIndex());
    }

    /** The id the broker reports as the last one of a partition without messages. */
    static boolean isBeforeAnyMessage(MessageId id) {
        return ((MessageIdAdv) id).getEntryId() < 0;
    }

    static int partitionIndex(MessageId id) {
        return ((MessageIdAdv) id).getPartitionIndex();
    }
}
