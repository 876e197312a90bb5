package dev.weir.connectors.pulsar;

import dev.weir.api.data.Row;
import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.format.RecordLocation;
import dev.weir.api.source.InputStatus;
import dev.weir.api.source.ReaderOutput;
import dev.weir.api.source.SourceOutput;
import dev.weir.api.source.SourceReader;
import dev.weir.api.source.SourceReaderContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;

/**
 * Reads the partitions assigned to one subtask without blocking the engine's thread: a fetcher
 * thread owns the Pulsar client and one consumer per split, and hands batches over through a small
 * bounded queue (which is the back-pressure); {@link #isAvailable()} completes whenever something
 * is queued.
 *
 * <p>Positions live here, on the engine thread: a checkpoint holds each split's last emitted message
 * id, and a restored split's consumer seeks back to it. What a completed checkpoint covers is
 * acknowledged to the subscription: cumulatively for Exclusive and Failover subscriptions, message by
 * message for Shared and Key_Shared (which do not allow cumulative acknowledgement). Acknowledgements
 * only show progress; the checkpoint is what restores.
 */
final class PulsarSourceReader implements SourceReader<PulsarSplit> {

    private static final int HANDOVER_BATCHES = 2;
    private static final int MAX_BATCH = 500;
    private static final long IDLE_PAUSE_MILLIS = 10;
    /** A consumer of the previous attempt may still hold an Exclusive subscription for a moment. */
    private static final long SUBSCRIBE_RETRY_MILLIS = 30_000;
    private static final CompletableFuture<Void> AVAILABLE = CompletableFuture.completedFuture(null);

    private final PulsarSource source;
    private final SourceReaderContext context;
    private final boolean cumulativeAcks;
    private final Map<String, PulsarSplit> splits = new LinkedHashMap<>();
    private final Map<String, SourceOutput> splitOutputs = new HashMap<>();
    private final BlockingQueue<Fetched> handover = new ArrayBlockingQueue<>(HANDOVER_BATCHES);
    /** Work for the fetcher thread, the only one that touches the client and the consumers. */
    private final ConcurrentLinkedQueue<java.util.function.Consumer<Map<String, Consumer<byte[]>>>> fetcherTasks =
            new ConcurrentLinkedQueue<>();
    /** Shared and Key_Shared: the ids emitted since the last snapshot, per split. */
    private final Map<String, List<MessageId>> emittedSinceSnapshot = new HashMap<>();
    /** Per checkpoint, per split: the ids to acknowledge (the last one alone when cumulative). */
    private final TreeMap<Long, Map<String, List<MessageId>>> toAcknowledge = new TreeMap<>();
    private final List<Row> decoded = new ArrayList<>();
    private Thread fetcher;
    /** Created and used by the fetcher thread only. */
    private PulsarClient client;
    private volatile boolean running = true;
    private volatile Throwable fetchFailure;
    private volatile CompletableFuture<Void> available = new CompletableFuture<>();
    private Fetched current;
    private Iterator<Message<byte[]>> currentMessages;
    private boolean noMoreSplits;

    /** Messages of one split, in order. */
    private record Fetched(String splitId, List<Message<byte[]>> messages) {
    }

    PulsarSourceReader(PulsarSource source, SourceReaderContext context) {
        this.source = source;
        this.context = context;
        this.cumulativeAcks = source.subscriptionType == SubscriptionType.Exclusive
                || source.subscriptionType == SubscriptionType.Failover;
    }

    @Override
    public void start() {
        if (source.keyDecoder != null) {
            source.keyDecoder.open(context.metrics());
        }
        source.valueDecoder.open(context.metrics());
        fetcher = new Thread(this::fetchLoop, "weir-pulsar-fetcher-" + context.subtaskIndex());
        fetcher.setDaemon(true);
        fetcher.start();
    }

    @Override
    public InputStatus pollNext(ReaderOutput output) throws Exception {
        if (fetchFailure != null) {
            throw new IllegalStateException("Reading from Pulsar failed", fetchFailure);
        }
        finishSplitsAtTheirEnd(output);
        while (currentMessages == null || !currentMessages.hasNext()) {
            current = handover.poll();
            if (current == null) {
                currentMessages = null;
                return noMoreSplits && splits.isEmpty() ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
            }
            currentMessages = current.messages().iterator();
        }
        emit(current.splitId(), currentMessages.next(), output);
        return InputStatus.MORE_AVAILABLE;
    }

    /** Splits restored or assigned at (or past) their end finish without waiting for a message. */
    private void finishSplitsAtTheirEnd(ReaderOutput output) {
        for (PulsarSplit split : List.copyOf(splits.values())) {
            if (split.finished()) {
                finish(split.splitId(), output);
            }
        }
    }

    private void emit(String splitId, Message<byte[]> message, ReaderOutput output) {
        PulsarSplit split = splits.get(splitId);
        MessageId id = message.getMessageId();
        if (split == null || (split.lastEmitted() != null && MessageIds.compare(id, MessageIds.fromBytes(split.lastEmitted())) <= 0)) {
            return; // finished, or delivered again after the consumer sought back to the restored position
        }
        if (split.endsBefore(message)) {
            finish(splitId, output);
            return;
        }
        RecordLocation location = new RecordLocation("topic '" + split.parentTopic() + "', partition "
                + split.partitionIndex() + ", message id " + id);
        Row key = null;
        List<Row> values;
        byte[] decoding = message.getKeyBytes();
        try {
            if (source.keyDecoder != null && message.hasKey()) {
                decoded.clear();
                source.keyDecoder.decode(message.getKeyBytes(), location, decoded::add);
                key = decoded.isEmpty() ? null : decoded.get(0);
            }
            decoding = message.getValue();
            decoded.clear();
            source.valueDecoder.decode(message.getValue(), location, decoded::add);
            values = List.copyOf(decoded);
        } catch (RecordDecodeException bad) {
            // Under 'fail' this throws and the job fails naming the message. Otherwise the message was
            // skipped or dead-lettered: nothing is emitted, and it counts as consumed (position, acks).
            context.badRecords().handle(decoding, bad);
            values = List.of();
        }
        // Event time when the producer set one, else the publish time: the engine derives watermarks from it.
        long timestamp = message.getEventTime() > 0 ? message.getEventTime() : message.getPublishTime();
        SourceOutput splitOutput = splitOutputs.computeIfAbsent(splitId, output::createOutputForSplit);
        for (Row value : values) {
            splitOutput.collect(withMetadata(source.layout.combine(key, value), message), timestamp);
        }
        PulsarSplit advanced = split.emitted(id);
        splits.put(splitId, advanced);
        if (!cumulativeAcks) {
            emittedSinceSnapshot.computeIfAbsent(splitId, k -> new ArrayList<>()).add(id);
        }
        if (advanced.finished()) {
            finish(splitId, output);
        }
    }

    private Row withMetadata(Row row, Message<byte[]> message) {
        List<String> keys = source.layout.metadataKeys();
        for (int i = 0; i < keys.size(); i++) {
            row.setField(source.layout.metadataPosition(i), switch (keys.get(i)) {
                case "topic" -> message.getTopicName();
                case "message_id" -> MessageIds.toBytes(message.getMessageId());
                case "publish_time" -> Instant.ofEpochMilli(message.getPublishTime());
                case "event_time" -> message.getEventTime() > 0 ? Instant.ofEpochMilli(message.getEventTime()) : null;
                case "properties" -> new LinkedHashMap<>(message.getProperties());
                case "key" -> message.getKey();
                default -> throw new IllegalStateException("Unknown Pulsar metadata '" + keys.get(i) + "'");
            });
        }
        return row;
    }

    private void finish(String splitId, ReaderOutput output) {
        if (splits.remove(splitId) == null) {
            return;
        }
        splitOutputs.remove(splitId);
        output.releaseOutputForSplit(splitId);
        fetcherTasks.add(consumers -> {
            Consumer<byte[]> consumer = consumers.remove(splitId);
            if (consumer != null) {
                consumer.closeAsync();
            }
        });
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        if (fetchFailure != null || !handover.isEmpty() || (currentMessages != null && currentMessages.hasNext())
                || (noMoreSplits && splits.isEmpty()) || splits.values().stream().anyMatch(PulsarSplit::finished)) {
            return AVAILABLE;
        }
        CompletableFuture<Void> future = available;
        if (future.isDone()) {
            future = new CompletableFuture<>();
            available = future;
            // The fetcher may have handed over a batch just before the new future existed.
            if (!handover.isEmpty() || fetchFailure != null) {
                future.complete(null);
            }
        }
        return future;
    }

    @Override
    public void addSplits(List<PulsarSplit> assigned) {
        for (PulsarSplit split : assigned) {
            splits.put(split.splitId(), split);
        }
        fetcherTasks.add(consumers -> {
            for (PulsarSplit split : assigned) {
                consumers.put(split.splitId(), subscribe(split));
            }
        });
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
    }

    @Override
    public List<PulsarSplit> snapshotState(long checkpointId) {
        Map<String, List<MessageId>> acks = new HashMap<>();
        if (cumulativeAcks) {
            splits.values().stream().filter(s -> s.lastEmitted() != null)
                    .forEach(s -> acks.put(s.splitId(), List.of(MessageIds.fromBytes(s.lastEmitted()))));
        } else {
            acks.putAll(emittedSinceSnapshot);
            emittedSinceSnapshot.clear();
        }
        toAcknowledge.put(checkpointId, acks);
        return List.copyOf(splits.values());
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Map<String, List<MessageId>> acks = new HashMap<>();
        for (Map<String, List<MessageId>> ofCheckpoint : toAcknowledge.headMap(checkpointId, true).values()) {
            ofCheckpoint.forEach((split, ids) -> {
                if (cumulativeAcks) {
                    acks.put(split, ids); // the later checkpoint's position covers the earlier one's
                } else {
                    acks.computeIfAbsent(split, k -> new ArrayList<>()).addAll(ids);
                }
            });
        }
        toAcknowledge.headMap(checkpointId, true).clear();
        if (acks.isEmpty()) {
            return;
        }
        fetcherTasks.add(consumers -> acks.forEach((split, ids) -> {
            Consumer<byte[]> consumer = consumers.get(split);
            if (consumer != null) {
                if (cumulativeAcks) {
                    consumer.acknowledgeCumulativeAsync(ids.get(ids.size() - 1));
                } else {
                    consumer.acknowledgeAsync(ids);
                }
            }
        }));
    }

    /**
     * Subscribes to the split's partition and seeks to where the split resumes: its last emitted
     * message (emit skips that one and any before it), else its start cursor. Seeking also when the
     * subscription exists makes the table's start options, not a cursor left by an earlier job, decide
     * where reading begins.
     */
    private Consumer<byte[]> subscribe(PulsarSplit split) {
        long deadline = System.currentTimeMillis() + SUBSCRIBE_RETRY_MILLIS;
        while (true) {
            try {
                Consumer<byte[]> consumer = client.newConsumer().topic(split.topic())
                        .subscriptionName(source.subscriptionName).subscriptionType(source.subscriptionType)
                        .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
                        // A start message id is inclusive, as in Flink; emit skips a restored split's last message.
                        .startMessageIdInclusive().subscribe();
                if (split.lastEmitted() != null) {
                    consumer.seek(MessageIds.fromBytes(split.lastEmitted()));
                } else if (split.start().messageId() != null) {
                    consumer.seek(MessageIds.fromBytes(split.start().messageId()));
                } else {
                    consumer.seek(split.start().publishTimeMillis());
                }
                return consumer;
            } catch (PulsarClientException.ConsumerBusyException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("Subscription '" + source.subscriptionName + "' on " + split.topic()
                            + " stays busy: does another job read with it?", e);
                }
                pause(IDLE_PAUSE_MILLIS * 10);
            } catch (PulsarClientException e) {
                throw new IllegalStateException("Cannot subscribe '" + source.subscriptionName + "' to " + split.topic(), e);
            }
        }
    }

    private void fetchLoop() {
        Map<String, Consumer<byte[]>> consumers = new LinkedHashMap<>();
        try {
            client = source.clients.create(false);
            while (running) {
                for (java.util.function.Consumer<Map<String, Consumer<byte[]>>> task; (task = fetcherTasks.poll()) != null; ) {
                    task.accept(consumers);
                }
                boolean fetched = false;
                for (Map.Entry<String, Consumer<byte[]>> entry : consumers.entrySet()) {
                    List<Message<byte[]>> batch = new ArrayList<>();
                    for (Message<byte[]> message; batch.size() < MAX_BATCH
                            && (message = entry.getValue().receive(0, TimeUnit.MILLISECONDS)) != null; ) {
                        batch.add(message);
                    }
                    if (!batch.isEmpty()) {
                        fetched = true;
                        while (running && !handover.offer(new Fetched(entry.getKey(), batch), IDLE_PAUSE_MILLIS, TimeUnit.MILLISECONDS)) {
                            // the reader is behind: this is the back-pressure
                        }
                        available.complete(null);
                    }
                }
                if (!fetched) {
                    Thread.sleep(IDLE_PAUSE_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            fetchFailure = t;
            available.complete(null);
        } finally {
            // Closed before close() returns: a restarted reader subscribes again, and an Exclusive
            // subscription admits one consumer.
            consumers.values().forEach(PulsarSourceReader::closeQuietly);
            if (client != null) {
                closeQuietly(client);
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // the reader is going away; nothing depends on a clean close
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while subscribing", e);
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        if (fetcher != null) {
            fetcher.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}
