package dev.weir.connectors.pulsar;

import dev.weir.api.source.SplitEnumerator;
import dev.weir.api.source.SplitEnumeratorContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Reader;
import org.apache.pulsar.common.naming.TopicName;

/**
 * Lists the partitions of the table's topics (again every discovery interval when unbounded),
 * resolves where each starts and, for a bounded read, ends, and gives each partition to a fixed
 * reader. Partitions found after the first discovery start at their earliest message.
 */
final class PulsarEnumerator implements SplitEnumerator<PulsarSplit, PulsarSplit.EnumeratorState> {

    private final PulsarSource source;
    private final SplitEnumeratorContext<PulsarSplit> context;
    /** Read by discovery on the worker thread, changed on the enumerator thread. */
    private final Set<String> knownPartitions = ConcurrentHashMap.newKeySet();
    private final List<PulsarSplit> unassigned = new ArrayList<>();
    private final Set<Integer> signalledNoMoreSplits = new HashSet<>();
    private volatile boolean firstDiscoveryDone;
    private PulsarClient client;

    PulsarEnumerator(PulsarSource source, SplitEnumeratorContext<PulsarSplit> context, PulsarSplit.EnumeratorState restored) {
        this.source = source;
        this.context = context;
        if (restored != null) {
            knownPartitions.addAll(restored.knownPartitions());
            unassigned.addAll(restored.unassigned());
            // a checkpoint taken before the first discovery answered knows no partition: discovering
            // is still to do, and until it is done no reader may hear that there are no more splits
            firstDiscoveryDone = !knownPartitions.isEmpty();
        }
    }

    @Override
    public void start() {
        long period = source.stop.bounded() ? 0 : Math.max(0, source.discoveryIntervalMillis);
        context.callAsync(this::discoverNewSplits, this::addDiscovered, 0, period);
    }

    private List<PulsarSplit> discoverNewSplits() throws Exception {
        PulsarClient pulsar = client();
        List<PulsarSplit> splits = new ArrayList<>();
        for (String partition : source.topics.partitions(pulsar)) {
            if (!knownPartitions.contains(partition)) {
                int index = TopicName.get(partition).getPartitionIndex();
                StartCursor start = firstDiscoveryDone
                        ? new StartCursor(MessageIds.toBytes(MessageId.earliest), -1) : source.start.forPartition(index);
                splits.add(withEnd(pulsar, new PulsarSplit(partition, start, null, null, false, PulsarSplit.NO_END_PUBLISH_TIME)));
            }
        }
        return splits;
    }

    /** The split with the end the stop cursor gives its partition. */
    private PulsarSplit withEnd(PulsarClient pulsar, PulsarSplit split) throws Exception {
        StopCursor stop = source.stop;
        return switch (stop.kind()) {
            case NEVER -> split;
            case LATEST -> endingAt(split, latestOrNothing(pulsar, split), true, PulsarSplit.NO_END_PUBLISH_TIME);
            case AT_MESSAGE_ID, AFTER_MESSAGE_ID -> {
                // The id belongs to one partition; the others stop at their latest message, as Kafka's specific offsets do.
                MessageId id = MessageIds.fromBytes(stop.messageId());
                yield MessageIds.partitionIndex(id) == split.partitionIndex()
                        ? endingAt(split, id, stop.kind() == StopCursor.Kind.AFTER_MESSAGE_ID, PulsarSplit.NO_END_PUBLISH_TIME)
                        : endingAt(split, latestOrNothing(pulsar, split), true, PulsarSplit.NO_END_PUBLISH_TIME);
            }
            // Every message published from now on has a later publish time: when the stop time has passed,
            // the partition's current last message ends the read too, so that it needs no newer message to end.
            case AT_PUBLISH_TIME -> stop.publishTimeMillis() <= System.currentTimeMillis()
                    ? endingAt(split, latestOrNothing(pulsar, split), true, stop.publishTimeMillis())
                    : endingAt(split, null, false, stop.publishTimeMillis());
        };
    }

    private static PulsarSplit endingAt(PulsarSplit split, MessageId end, boolean inclusive, long publishTime) {
        return new PulsarSplit(split.topic(), split.start(), null, end == null ? null : MessageIds.toBytes(end), inclusive, publishTime);
    }

    /**
     * The partition's last message now, or {@link MessageId#earliest} (nothing to read) when it has none
     * or when the split starts at the latest message, after which nothing will come before this end.
     */
    private static MessageId latestOrNothing(PulsarClient pulsar, PulsarSplit split) throws Exception {
        if (split.start().messageId() != null && MessageIds.fromBytes(split.start().messageId()).equals(MessageId.latest)) {
            return MessageId.earliest;
        }
        // A reader is a non-durable cursor: asking it for the last id leaves no subscription behind.
        try (Reader<byte[]> reader = pulsar.newReader().topic(split.topic()).startMessageId(MessageId.latest).create()) {
            return reader.getLastMessageIds().get(0);
        }
    }

    private void addDiscovered(List<PulsarSplit> splits, Throwable error) {
        if (error != null) {
            throw new IllegalStateException("Discovering the partitions of " + source.topics + " failed", error);
        }
        for (PulsarSplit split : splits) {
            knownPartitions.add(split.topic());
            unassigned.add(split);
        }
        firstDiscoveryDone = true;
        context.registeredReaders().forEach(this::assignPending);
    }

    private void assignPending(int subtask) {
        List<PulsarSplit> mine = unassigned.stream().filter(s -> owner(s) == subtask).toList();
        if (!mine.isEmpty()) {
            unassigned.removeAll(mine);
            context.assignSplits(Map.of(subtask, mine));
        }
        if (source.stop.bounded() && firstDiscoveryDone && signalledNoMoreSplits.add(subtask)) {
            context.signalNoMoreSplits(subtask);
        }
    }

    /** Stable across restarts; a topic's partitions go to consecutive readers from a topic-dependent first one. */
    private int owner(PulsarSplit split) {
        int parallelism = context.currentParallelism();
        int first = Math.floorMod(split.parentTopic().hashCode(), parallelism);
        return (first + Math.max(0, split.partitionIndex())) % parallelism;
    }

    @Override
    public void handleSplitRequest(int subtaskId) {
    }

    @Override
    public void addSplitsBack(List<PulsarSplit> splits, int subtaskId) {
        unassigned.addAll(splits);
        signalledNoMoreSplits.remove(subtaskId);
        if (context.registeredReaders().contains(subtaskId)) {
            assignPending(subtaskId);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        assignPending(subtaskId);
    }

    @Override
    public PulsarSplit.EnumeratorState snapshotState(long checkpointId) {
        return new PulsarSplit.EnumeratorState(List.copyOf(knownPartitions), List.copyOf(unassigned));
    }

    private synchronized PulsarClient client() throws Exception {
        if (client == null) {
            client = source.clients.create(false);
        }
        return client;
    }

    @Override
    public synchronized void close() throws Exception {
        if (client != null) {
            client.close();
        }
    }
}
