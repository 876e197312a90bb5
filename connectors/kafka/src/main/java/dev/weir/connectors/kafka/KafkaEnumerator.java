package dev.weir.connectors.kafka;

import dev.weir.api.config.SensitiveUrls;
import dev.weir.api.source.SplitEnumerator;
import dev.weir.api.source.SplitEnumeratorContext;
import dev.weir.connectors.kafka.KafkaOptions.StartupMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Lists the partitions of the table's topics (again every discovery interval when unbounded),
 * resolves their starting and stopping offsets with the AdminClient, and gives each partition to
 * a fixed reader. Partitions found after the first discovery start at their earliest offset.
 */
final class KafkaEnumerator implements SplitEnumerator<KafkaSplit, KafkaSplit.EnumeratorState> {

    private static final long ADMIN_TIMEOUT_SECONDS = 60;

    private final KafkaSource source;
    private final SplitEnumeratorContext<KafkaSplit> context;
    /** Read by discovery on the worker thread, changed on the enumerator thread. */
    private final Set<String> knownPartitions = ConcurrentHashMap.newKeySet();
    private final List<KafkaSplit> unassigned = new ArrayList<>();
    private final Set<Integer> signalledNoMoreSplits = new HashSet<>();
    private volatile boolean firstDiscoveryDone;
    private Admin admin;

    KafkaEnumerator(KafkaSource source, SplitEnumeratorContext<KafkaSplit> context, KafkaSplit.EnumeratorState restored) {
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
        long period = source.stopping.bounded() ? 0 : source.discoveryInterval.toMillis();
        context.callAsync(this::discoverNewSplits, this::addDiscovered, 0, period);
    }

    private List<KafkaSplit> discoverNewSplits() throws Exception {
        Admin client = admin();
        Set<String> topics = new HashSet<>();
        for (String topic : client.listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            if (source.topics.matches(topic)) {
                topics.add(topic);
            }
        }
        if (source.topics.pattern() == null && !topics.containsAll(source.topics.names())) {
            Set<String> missing = new HashSet<>(source.topics.names());
            missing.removeAll(topics);
            throw new IllegalStateException("Kafka has no topic " + missing + " (bootstrap servers "
                    + SensitiveUrls.mask(source.clientProperties.get("bootstrap.servers")) + ").");
        }
        List<TopicPartition> fresh = new ArrayList<>();
        for (TopicDescription description : client.describeTopics(topics).allTopicNames()
                .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).values()) {
            description.partitions().forEach(p -> {
                TopicPartition tp = new TopicPartition(description.name(), p.partition());
                if (!knownPartitions.contains(tp.toString())) {
                    fresh.add(tp);
                }
            });
        }
        if (fresh.isEmpty()) {
            return List.of();
        }
        Map<TopicPartition, Long> start = startingOffsets(client, fresh, !firstDiscoveryDone);
        Map<TopicPartition, Long> stop = stoppingOffsets(client, fresh);
        List<KafkaSplit> splits = new ArrayList<>();
        for (TopicPartition tp : fresh) {
            splits.add(new KafkaSplit(tp.topic(), tp.partition(), start.get(tp), stop.get(tp)));
        }
        return splits;
    }

    private Map<TopicPartition, Long> startingOffsets(Admin client, List<TopicPartition> partitions, boolean initial) throws Exception {
        StartingOffsets starting = source.starting;
        StartupMode mode = initial ? starting.mode() : StartupMode.EARLIEST_OFFSET;
        Map<TopicPartition, Long> earliest = offsets(client, partitions, OffsetSpec.earliest());
        return switch (mode) {
            case EARLIEST_OFFSET -> earliest;
            case LATEST_OFFSET -> offsets(client, partitions, OffsetSpec.latest());
            case TIMESTAMP -> orLatest(client, partitions, offsets(client, partitions, OffsetSpec.forTimestamp(starting.timestampMillis())));
            case SPECIFIC_OFFSETS -> {
                Map<TopicPartition, Long> offsets = new HashMap<>(earliest);
                partitions.forEach(tp -> {
                    Long specific = starting.specificOffsets().get(tp.partition());
                    if (specific != null) {
                        offsets.put(tp, specific);
                    }
                });
                yield offsets;
            }
            case GROUP_OFFSETS -> groupOffsets(client, partitions, earliest);
        };
    }

    /** The group's committed offsets; partitions without one follow properties.auto.offset.reset (default earliest). */
    private Map<TopicPartition, Long> groupOffsets(Admin client, List<TopicPartition> partitions,
                                                   Map<TopicPartition, Long> earliest) throws Exception {
        if (source.groupId == null) {
            throw new IllegalStateException("'scan.startup.mode' = 'group-offsets' needs 'properties.group.id'.");
        }
        Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(source.groupId)
                .partitionsToOffsetAndMetadata().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        boolean latest = "latest".equals(source.clientProperties.get("auto.offset.reset"));
        Map<TopicPartition, Long> fallback = latest ? offsets(client, partitions, OffsetSpec.latest()) : earliest;
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata offset = committed.get(tp);
            offsets.put(tp, offset != null ? offset.offset() : fallback.get(tp));
        }
        return offsets;
    }

    private Map<TopicPartition, Long> stoppingOffsets(Admin client, List<TopicPartition> partitions) throws Exception {
        StoppingOffsets stopping = source.stopping;
        Map<TopicPartition, Long> offsets = new HashMap<>();
        switch (stopping.mode()) {
            case UNBOUNDED -> partitions.forEach(tp -> offsets.put(tp, StoppingOffsets.NO_STOP));
            case LATEST_OFFSET -> offsets.putAll(offsets(client, partitions, OffsetSpec.latest()));
            case TIMESTAMP -> offsets.putAll(orLatest(client, partitions,
                    offsets(client, partitions, OffsetSpec.forTimestamp(stopping.timestampMillis()))));
            case SPECIFIC_OFFSETS -> {
                offsets.putAll(offsets(client, partitions, OffsetSpec.latest()));
                partitions.forEach(tp -> {
                    Long specific = stopping.specificOffsets().get(tp.partition());
                    if (specific != null) {
                        offsets.put(tp, specific);
                    }
                });
            }
        }
        return offsets;
    }

    /** Kafka answers -1 for a timestamp after the last record: that means the end of the partition. */
    private static Map<TopicPartition, Long> orLatest(Admin client, List<TopicPartition> partitions,
                                                      Map<TopicPartition, Long> byTimestamp) throws Exception {
        Map<TopicPartition, Long> latest = offsets(client, partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> offsets = new HashMap<>();
        partitions.forEach(tp -> offsets.put(tp, byTimestamp.get(tp) < 0 ? latest.get(tp) : byTimestamp.get(tp)));
        return offsets;
    }

    private static Map<TopicPartition, Long> offsets(Admin client, List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = client.listOffsets(request).all()
                .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    private void addDiscovered(List<KafkaSplit> splits, Throwable error) {
        if (error != null) {
            throw KafkaClients.failure("Discovering the partitions of " + source.topics, source.clientProperties, error);
        }
        for (KafkaSplit split : splits) {
            knownPartitions.add(split.topicPartition().toString());
            unassigned.add(split);
        }
        firstDiscoveryDone = true;
        context.registeredReaders().forEach(this::assignPending);
    }

    private void assignPending(int subtask) {
        List<KafkaSplit> mine = unassigned.stream().filter(s -> owner(s) == subtask).toList();
        if (!mine.isEmpty()) {
            unassigned.removeAll(mine);
            context.assignSplits(Map.of(subtask, mine));
        }
        if (source.stopping.bounded() && firstDiscoveryDone && signalledNoMoreSplits.add(subtask)) {
            context.signalNoMoreSplits(subtask);
        }
    }

    /** Flink's assignment: stable, and spreads each topic's partitions over the readers from a topic-dependent start. */
    private int owner(KafkaSplit split) {
        int start = ((split.topic().hashCode() * 31) & 0x7FFFFFFF) % context.currentParallelism();
        return (start + split.partition()) % context.currentParallelism();
    }

    @Override
    public void handleSplitRequest(int subtaskId) {
    }

    @Override
    public void addSplitsBack(List<KafkaSplit> splits, int subtaskId) {
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
    public KafkaSplit.EnumeratorState snapshotState(long checkpointId) {
        return new KafkaSplit.EnumeratorState(List.copyOf(knownPartitions), List.copyOf(unassigned));
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(KafkaClients.adminConfig(source.clientProperties));
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
