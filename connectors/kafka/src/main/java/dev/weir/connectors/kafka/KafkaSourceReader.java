package dev.weir.connectors.kafka;

import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.format.RecordLocation;
import dev.weir.api.source.InputStatus;
import dev.weir.api.source.ReaderOutput;
import dev.weir.api.source.SourceOutput;
import dev.weir.api.source.SourceReader;
import dev.weir.api.source.SourceReaderContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the partitions assigned to one subtask without blocking the engine's thread: a fetcher
 * thread owns the KafkaConsumer and hands batches over through a small bounded queue (which is the
 * back-pressure), and {@link #isAvailable()} completes whenever something is queued.
 *
 * <p>Positions live here, on the engine thread: a checkpoint holds each split's next offset, and
 * the offsets of a completed checkpoint are committed to the group (when one is configured).
 */
final class KafkaSourceReader implements SourceReader<KafkaSplit> {

    private static final int HANDOVER_BATCHES = 2;
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

    private final KafkaSource source;
    private final SourceReaderContext context;
    private final Map<String, KafkaSplit> splits = new LinkedHashMap<>();
    private final Map<String, SourceOutput> splitOutputs = new HashMap<>();
    private final TreeMap<Long, Map<TopicPartition, OffsetAndMetadata>> offsetsToCommit = new TreeMap<>();
    private final BlockingQueue<Fetched> handover = new ArrayBlockingQueue<>(HANDOVER_BATCHES);
    /** Work for the fetcher thread, the only one that touches the consumer. */
    private final ConcurrentLinkedQueue<Consumer<KafkaConsumer<byte[], byte[]>>> fetcherTasks = new ConcurrentLinkedQueue<>();
    private final List<Row> decoded = new ArrayList<>();
    /** Fixed per split; read by the fetcher to notice ends that no record marks (transaction markers). */
    private final Map<TopicPartition, Long> stoppingOffsets = new java.util.concurrent.ConcurrentHashMap<>();
    private Thread fetcher;
    private volatile boolean running = true;
    private volatile Throwable fetchFailure;
    private volatile long pendingRecords;
    private volatile CompletableFuture<Void> available = new CompletableFuture<>();
    private Iterator<ConsumerRecord<byte[], byte[]>> current;
    private Set<String> currentEnds;
    private boolean noMoreSplits;

    /** What the fetcher hands over: records, or partitions whose consumer position passed their stopping offset. */
    private record Fetched(Iterable<ConsumerRecord<byte[], byte[]>> records, Set<String> reachedEnd) {
    }

    KafkaSourceReader(KafkaSource source, SourceReaderContext context) {
        this.source = source;
        this.context = context;
    }

    @Override
    public void start() {
        if (source.keyDecoder != null) {
            source.keyDecoder.open(context.metrics());
        }
        source.valueDecoder.open(context.metrics());
        context.metrics().gauge("pendingRecords", () -> pendingRecords);
        fetcher = new Thread(this::fetchLoop, "weir-kafka-fetcher-" + context.subtaskIndex());
        fetcher.setDaemon(true);
        fetcher.start();
    }

    @Override
    public InputStatus pollNext(ReaderOutput output) throws Exception {
        if (fetchFailure != null) {
            throw KafkaClients.failure("Fetching from Kafka", source.clientProperties, fetchFailure);
        }
        if (current == null || !current.hasNext()) {
            if (currentEnds != null) {
                // After the records handed over with them: those are the last ones below the stopping offsets.
                currentEnds.forEach(id -> finish(id, output));
                currentEnds = null;
            }
            Fetched next = handover.poll();
            if (next != null) {
                current = next.records().iterator();
                currentEnds = next.reachedEnd();
            }
        }
        if (current != null && current.hasNext()) {
            emit(current.next(), output);
            return InputStatus.MORE_AVAILABLE;
        }
        if (!handover.isEmpty() || currentEnds != null) {
            return InputStatus.MORE_AVAILABLE;
        }
        if (noMoreSplits && splits.isEmpty()) {
            return InputStatus.END_OF_INPUT;
        }
        return InputStatus.NOTHING_AVAILABLE;
    }

    private void emit(ConsumerRecord<byte[], byte[]> record, ReaderOutput output) {
        String splitId = record.topic() + "-" + record.partition();
        KafkaSplit split = splits.get(splitId);
        if (split == null || record.offset() < split.offset()) {
            return; // finished, or fetched before a seek
        }
        if (record.offset() >= split.stoppingOffset()) {
            finish(splitId, output);
            return;
        }
        RecordLocation location = RecordLocation.ofOffset(record.topic(), record.partition(), record.offset());
        Row key = null;
        List<Row> values = List.of();
        byte[] decoding = record.key();
        try {
            if (source.keyDecoder != null && record.key() != null) {
                decoded.clear();
                source.keyDecoder.decode(record.key(), location, decoded::add);
                key = decoded.isEmpty() ? null : decoded.get(0);
            }
            if (record.value() != null) {
                decoding = record.value();
                decoded.clear();
                source.valueDecoder.decode(record.value(), location, decoded::add);
                values = List.copyOf(decoded);
            }
        } catch (RecordDecodeException bad) {
            // Under 'fail' this throws and the job fails naming the record. Otherwise the record was
            // skipped or dead-lettered: nothing is emitted, and its offset counts as consumed below.
            context.badRecords().handle(decoding, bad);
            values = null;
        }
        SourceOutput splitOutput = splitOutputs.computeIfAbsent(splitId, output::createOutputForSplit);
        if (values != null) {
            if (record.value() == null) {
                if (source.upsert && key != null) {
                    splitOutput.collect(withMetadata(source.layout.combine(key, null, RowKind.DELETE), record), record.timestamp());
                }
            } else {
                for (Row value : values) {
                    splitOutput.collect(withMetadata(source.layout.combine(key, value, value.kind()), record), record.timestamp());
                }
            }
        }
        KafkaSplit advanced = split.at(record.offset() + 1);
        splits.put(splitId, advanced);
        if (advanced.finished()) {
            finish(splitId, output);
        }
    }

    private Row withMetadata(Row row, ConsumerRecord<byte[], byte[]> record) {
        List<String> keys = source.layout.metadataKeys();
        for (int i = 0; i < keys.size(); i++) {
            row.setField(source.layout.metadataPosition(i), switch (keys.get(i)) {
                case "topic" -> record.topic();
                case "partition" -> record.partition();
                case "offset" -> record.offset();
                case "timestamp" -> Instant.ofEpochMilli(record.timestamp());
                case "timestamp-type" -> record.timestampType().toString();
                case "headers" -> headers(record);
                default -> throw new IllegalStateException("Unknown Kafka metadata '" + keys.get(i) + "'");
            });
        }
        return row;
    }

    private static Map<String, byte[]> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value());
        }
        return headers;
    }

    private void finish(String splitId, ReaderOutput output) {
        KafkaSplit split = splits.remove(splitId);
        if (split == null) {
            return;
        }
        splitOutputs.remove(splitId);
        output.releaseOutputForSplit(splitId);
        TopicPartition tp = split.topicPartition();
        runOnFetcher(consumer -> {
            Set<TopicPartition> assignment = new HashSet<>(consumer.assignment());
            assignment.remove(tp);
            consumer.assign(assignment);
        });
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        if (!handover.isEmpty() || fetchFailure != null || (current != null && current.hasNext())
                || currentEnds != null || (noMoreSplits && splits.isEmpty())) {
            return CompletableFuture.completedFuture(null);
        }
        if (available.isDone()) {
            available = new CompletableFuture<>();
            // The fetcher may have queued a batch between the check above and the new future.
            if (!handover.isEmpty() || fetchFailure != null) {
                available.complete(null);
            }
        }
        return available;
    }

    @Override
    public void addSplits(List<KafkaSplit> newSplits) {
        List<KafkaSplit> toRead = new ArrayList<>();
        for (KafkaSplit split : newSplits) {
            splits.put(split.splitId(), split);
            stoppingOffsets.put(split.topicPartition(), split.stoppingOffset());
            toRead.add(split);
        }
        runOnFetcher(consumer -> {
            Set<TopicPartition> assignment = new HashSet<>(consumer.assignment());
            toRead.forEach(s -> assignment.add(s.topicPartition()));
            consumer.assign(assignment);
            toRead.forEach(s -> consumer.seek(s.topicPartition(), s.offset()));
        });
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
    }

    @Override
    public List<KafkaSplit> snapshotState(long checkpointId) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        splits.values().forEach(s -> offsets.put(s.topicPartition(), new OffsetAndMetadata(s.offset())));
        offsetsToCommit.put(checkpointId, offsets);
        return List.copyOf(splits.values());
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Map<TopicPartition, OffsetAndMetadata> offsets = offsetsToCommit.get(checkpointId);
        offsetsToCommit.headMap(checkpointId, true).clear();
        if (source.groupId == null || offsets == null || offsets.isEmpty()) {
            return;
        }
        // Committed offsets only show progress (and serve group-offsets startups): the checkpoint is what
        // restores, so a failed commit is not a failure of the job.
        runOnFetcher(consumer -> consumer.commitAsync(offsets, null));
    }

    private void runOnFetcher(Consumer<KafkaConsumer<byte[], byte[]>> task) {
        fetcherTasks.add(task);
    }

    private void fetchLoop() {
        Map<String, Object> config = new HashMap<>(source.clientProperties);
        config.put("enable.auto.commit", "false");
        config.putIfAbsent("client.id", "weir-kafka-source-" + context.subtaskIndex() + "-" + System.identityHashCode(this));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            while (running) {
                for (Consumer<KafkaConsumer<byte[], byte[]>> task; (task = fetcherTasks.poll()) != null; ) {
                    task.accept(consumer);
                }
                if (consumer.assignment().isEmpty()) {
                    Thread.sleep(POLL_TIMEOUT.toMillis() / 10);
                    continue;
                }
                var records = consumer.poll(POLL_TIMEOUT);
                long lag = 0;
                Set<String> reachedEnd = new HashSet<>();
                for (TopicPartition tp : consumer.assignment()) {
                    lag += consumer.currentLag(tp).orElse(0);
                    if (source.stopping.bounded() && consumer.position(tp) >= stoppingOffsetOf(tp)) {
                        reachedEnd.add(tp.topic() + "-" + tp.partition());
                    }
                }
                pendingRecords = lag;
                if (!records.isEmpty() || !reachedEnd.isEmpty()) {
                    if (!reachedEnd.isEmpty()) {
                        // Read no further: the reader finishes these splits after the records handed over with them.
                        Set<TopicPartition> assignment = new HashSet<>(consumer.assignment());
                        assignment.removeIf(tp -> reachedEnd.contains(tp.topic() + "-" + tp.partition()));
                        consumer.assign(assignment);
                    }
                    while (running && !handover.offer(new Fetched(records, reachedEnd), POLL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                        // the reader is behind: this is the back-pressure
                    }
                    available.complete(null);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            fetchFailure = t;
            available.complete(null);
        }
    }

    private long stoppingOffsetOf(TopicPartition tp) {
        return stoppingOffsets.getOrDefault(tp, Long.MAX_VALUE);
    }

    @Override
    public void close() throws Exception {
        running = false;
        if (fetcher != null) {
            fetcher.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}
