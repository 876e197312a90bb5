package dev.weir.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static java.util.concurrent.TimeUnit.SECONDS;

import dev.weir.api.data.Row;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.it.conformance.ConformanceData;
import dev.weir.it.containers.ContainerLogsOnFailure;
import dev.weir.testing.values.TestValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the source starts and stops (scan.startup.*, scan.bounded.*), partitions added while a job
 * runs, and offsets committed to the group on checkpoints; each read through the engine.
 */
@ExtendWith(ContainerLogsOnFailure.class)
class KafkaSourceIT {

    private static final long T1 = 1_700_000_001_000L;
    private static final long T2 = 1_700_000_002_000L;
    private static final long T3 = 1_700_000_003_000L;

    private final KafkaTestTopics topics = new KafkaTestTopics();

    @TempDir
    Path checkpoints;

    /** One partition: rows 0-2 written at T1, 3-5 at T2, 6-8 at T3. */
    private String topicWithTimestamps() throws Exception {
        String topic = topics.create("timestamps", 1);
        List<Row> rows = ConformanceData.rows(0, 0, 9);
        topics.write(topic, 0, KafkaTestTopics.asJson(rows.subList(0, 3)), T1);
        topics.write(topic, 0, KafkaTestTopics.asJson(rows.subList(3, 6)), T2);
        topics.write(topic, 0, KafkaTestTopics.asJson(rows.subList(6, 9)), T3);
        return topic;
    }

    /** Two partitions of 5 rows each, split 0 in partition 0 and split 1 in partition 1. */
    private String twoPartitions() throws Exception {
        String topic = topics.create("two-partitions", 2);
        topics.write(topic, 0, KafkaTestTopics.asJson(ConformanceData.rows(0, 0, 5)));
        topics.write(topic, 1, KafkaTestTopics.asJson(ConformanceData.rows(1, 0, 5)));
        return topic;
    }

    private List<Row> read(TableDescriptor.Builder source) {
        return KafkaJobs.readBounded(source.build(), ConformanceData.schema());
    }

    @Test
    void startupTimestampStartsAtTheFirstRecordAtOrAfterIt() throws Exception {
        String topic = topicWithTimestamps();

        List<Row> rows = read(topics.table(topic, ConformanceData.schema()).option("scan.startup.mode", "timestamp")
                .option("scan.startup.timestamp-millis", Long.toString(T2)).option("scan.bounded.mode", "latest-offset"));

        assertThat(rows).containsExactlyElementsOf(ConformanceData.rows(0, 3, 9));
    }

    @Test
    void boundedTimestampStopsBeforeTheFirstRecordAtOrAfterIt() throws Exception {
        String topic = topicWithTimestamps();

        List<Row> rows = read(topics.table(topic, ConformanceData.schema()).option("scan.startup.mode", "earliest-offset")
                .option("scan.bounded.mode", "timestamp").option("scan.bounded.timestamp-millis", Long.toString(T3)));

        assertThat(rows).containsExactlyElementsOf(ConformanceData.rows(0, 0, 6));
    }

    @Test
    void specificOffsetsStartAndStopTheNamedPartitionsOnly() throws Exception {
        String topic = twoPartitions();

        List<Row> rows = read(topics.table(topic, ConformanceData.schema())
                .option("scan.startup.mode", "specific-offsets").option("scan.startup.specific-offsets", "partition:0,offset:1")
                .option("scan.bounded.mode", "specific-offsets").option("scan.bounded.specific-offsets", "partition:0,offset:4"));

        // Partition 1 is named by neither: it starts at the earliest offset and stops at the latest.
        assertThat(ConformanceData.bySplit(rows)).isEqualTo(Map.of(
                0, ConformanceData.rows(0, 1, 4),
                1, ConformanceData.rows(1, 0, 5)));
    }

    @Test
    void groupOffsetsStartAtTheCommittedOffsetElseAtTheEarliest() throws Exception {
        String topic = twoPartitions();
        String group = "group-offsets-" + UUID.randomUUID();
        try (Admin admin = topics.admin()) {
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(3)))
                    .all().get(30, SECONDS);
        }

        List<Row> rows = read(topics.table(topic, ConformanceData.schema()).option("properties.group.id", group)
                .option("scan.startup.mode", "group-offsets").option("scan.bounded.mode", "latest-offset"));

        assertThat(ConformanceData.bySplit(rows)).isEqualTo(Map.of(
                0, ConformanceData.rows(0, 3, 5),
                1, ConformanceData.rows(1, 0, 5)));
    }

    @Test
    void partitionsAddedWhileRunningAreReadAndOffsetsAreCommittedOnCheckpoints() throws Exception {
        String topic = topics.create("discovery", 1);
        topics.write(topic, 0, KafkaTestTopics.asJson(ConformanceData.rows(0, 0, 10)));
        String group = "discovery-" + UUID.randomUUID();
        String sinkId = TestValues.newSinkId();
        JobExecution job = KafkaJobs.start(topics.table(topic, ConformanceData.schema())
                        .option("scan.startup.mode", "earliest-offset").option("properties.group.id", group)
                        .option("scan.topic-partition-discovery.interval", "200 ms").build(),
                KafkaJobs.collectSink(sinkId, ConformanceData.schema()), KafkaJobs.checkpointingInto(checkpoints, false));
        try {
            KafkaJobs.awaitValue(job, "the first partition's rows", () -> TestValues.collected(sinkId).size(), n -> n >= 10);
            topics.addPartitions(topic, 2);
            topics.write(topic, 1, KafkaTestTopics.asJson(ConformanceData.rows(1, 0, 10)));

            KafkaJobs.awaitValue(job, "the new partition's rows", () -> TestValues.collected(sinkId).size(), n -> n >= 20);
            Map<Integer, Long> committed = KafkaJobs.awaitValue(job, "offsets committed to the group",
                    () -> committedOffsets(group), offsets -> offsets.equals(Map.of(0, 10L, 1, 10L)));
            assertThat(committed).isEqualTo(Map.of(0, 10L, 1, 10L));
        } finally {
            KafkaJobs.cancel(job);
        }

        List<Row> expected = new ArrayList<>(ConformanceData.rows(0, 0, 10));
        expected.addAll(ConformanceData.rows(1, 0, 10));
        assertThat(ConformanceData.sorted(TestValues.collected(sinkId))).isEqualTo(expected);
    }

    private Map<Integer, Long> committedOffsets(String group) throws Exception {
        try (Admin admin = topics.admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
        }
    }
}
