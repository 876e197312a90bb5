package dev.weir.connectors.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.schema.Schema;
import dev.weir.api.sink.Sink;
import dev.weir.api.types.DataTypes;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.it.conformance.ConformanceData;
import dev.weir.it.containers.ContainerLogsOnFailure;
import dev.weir.testing.SinkCheckpoint;
import dev.weir.testing.SinkDriver;
import dev.weir.testing.TestTable;
import dev.weir.testing.values.TestValues;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the sink writes beyond the conformance suite: metadata, partitioners, guarantees, upserts, commits. */
@ExtendWith(ContainerLogsOnFailure.class)
class KafkaSinkIT {

    private final KafkaTestTopics topics = new KafkaTestTopics();

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, UTF_8);
    }

    /** Runs a bounded copy of {@code rows} into the sink and returns the finished job. */
    private static JobExecution write(Schema sourceSchema, List<Row> rows, TableDescriptor sink, int parallelism) {
        TableDescriptor source = parallelism == 1 ? KafkaJobs.valuesSource(sourceSchema, rows)
                : TableDescriptor.forConnector("values").schema(sourceSchema)
                        .option("data-id", TestValues.registerSplits(List.of(rows.subList(0, rows.size() / 2),
                                rows.subList(rows.size() / 2, rows.size())))).build();
        JobExecution job = KafkaJobs.start(source, sink, Map.of("parallelism.default", Integer.toString(parallelism)));
        job.await();
        return job;
    }

    @Test
    void headersAndTimestampMetadataAreWritten() throws Exception {
        String topic = topics.create("write-metadata", 1);
        Schema source = Schema.newBuilder().column("id", DataTypes.BIGINT()).column("name", DataTypes.STRING())
                .column("headers", DataTypes.MAP(DataTypes.STRING(), DataTypes.BYTES()))
                .column("ts", DataTypes.TIMESTAMP_LTZ(3)).build();
        Schema sinkSchema = Schema.newBuilder().column("id", DataTypes.BIGINT()).column("name", DataTypes.STRING())
                .columnByMetadata("headers", DataTypes.MAP(DataTypes.STRING(), DataTypes.BYTES()).notNull(), "headers", false)
                .columnByMetadata("ts", DataTypes.TIMESTAMP_LTZ(3).notNull(), "timestamp", false).build();
        Instant timestamp = Instant.ofEpochMilli(1_600_000_000_123L);

        write(source, List.of(Row.of(1L, "a", Map.of("trace-id", "t-1".getBytes(UTF_8)), timestamp)),
                topics.table(topic, sinkSchema).build(), 1);

        ConsumerRecord<byte[], byte[]> record = topics.readCommitted(topic).get(0);
        assertThat(text(record.value())).isEqualTo("{\"id\":1,\"name\":\"a\"}");
        assertThat(record.timestamp()).isEqualTo(timestamp.toEpochMilli());
        assertThat(record.headers().toArray()).extracting(h -> h.key(), h -> text(h.value()))
                .containsExactly(tuple("trace-id", "t-1"));
    }

    @Test
    void noGuaranteeDeliversABoundedJobAndCountsRecordsOut() throws Exception {
        String topic = topics.create("guarantee-none", 2);
        List<Row> rows = ConformanceData.rows(0, 0, 30);

        JobExecution job = write(ConformanceData.schema(), rows,
                topics.table(topic, ConformanceData.schema()).option("sink.delivery-guarantee", "none").build(), 1);

        assertThat(ConformanceData.sorted(values(topic))).isEqualTo(rows);
        assertThat(job.metricSum("Sink[", "numRecordsOut")).as("the writer's numRecordsOut").isEqualTo(rows.size());
    }

    @Test
    void fixedPartitionerSendsEachWriterToOnePartition() throws Exception {
        String topic = topics.create("fixed", 3);
        List<Row> rows = List.of(Row.of(1L, 0, 0, "a"), Row.of(2L, 0, 1, "b"), Row.of(3L, 1, 0, "c"), Row.of(4L, 1, 1, "d"));

        // Parallelism 2: subtask i reads split i (the rows with part = i) and, chained, writes them itself.
        write(ConformanceData.schema(), rows, topics.table(topic, ConformanceData.schema())
                .option("sink.partitioner", "fixed").build(), 2);

        assertThat(topics.readCommitted(topic)).extracting(ConsumerRecord::partition, r -> KafkaTestTopics.fromJson(r.value()))
                .containsExactlyInAnyOrder(tuple(0, rows.get(0)), tuple(0, rows.get(1)), tuple(1, rows.get(2)), tuple(1, rows.get(3)));
    }

    @Test
    void roundRobinPartitionerSendsRecordsToEachPartitionInTurn() throws Exception {
        String topic = topics.create("round-robin", 3);
        List<Row> rows = ConformanceData.rows(0, 0, 6);

        write(ConformanceData.schema(), rows, topics.table(topic, ConformanceData.schema())
                .option("sink.partitioner", "round-robin").build(), 1);

        assertThat(topics.readCommitted(topic)).extracting(ConsumerRecord::partition, r -> KafkaTestTopics.fromJson(r.value()))
                .containsExactly(tuple(0, rows.get(0)), tuple(0, rows.get(3)), tuple(1, rows.get(1)), tuple(1, rows.get(4)),
                        tuple(2, rows.get(2)), tuple(2, rows.get(5)));
    }

    @Test
    void defaultPartitionerPlacesKeyedRecordsByKeyHash() throws Exception {
        String topic = topics.create("by-key", 3);
        List<Row> rows = ConformanceData.rows(0, 0, 12);

        write(ConformanceData.schema(), rows, topics.table(topic, ConformanceData.schema())
                .option("key.format", "json").option("key.fields", "id").build(), 1);

        List<ConsumerRecord<byte[], byte[]>> records = topics.readCommitted(topic);
        assertThat(records).hasSize(rows.size()).allSatisfy(r -> {
            assertThat(text(r.key())).isEqualTo("{\"id\":" + KafkaTestTopics.fromJson(r.value()).getField(0) + "}");
            // Kafka's own placement of a keyed record: murmur2 of the key bytes.
            assertThat(r.partition()).isEqualTo(Utils.toPositive(Utils.murmur2(r.key())) % 3);
        });
        assertThat(records.stream().map(ConsumerRecord::partition).distinct()).as("partitions used").hasSizeGreaterThan(1);
    }

    @Test
    void upsertKafkaWritesThePrimaryKeyAsKeyAndDeletesAsTombstones() throws Exception {
        String topic = topics.create("upsert-sink", 1);
        Schema schema = Schema.newBuilder().column("id", DataTypes.BIGINT().notNull()).column("name", DataTypes.STRING())
                .primaryKey("id").build();
        List<Row> changelog = List.of(Row.of(1L, "a"), Row.of(2L, "b"), Row.ofKind(RowKind.UPDATE_BEFORE, 1L, "a"),
                Row.ofKind(RowKind.UPDATE_AFTER, 1L, "aa"), Row.ofKind(RowKind.DELETE, 2L, "b"));

        write(schema, changelog, TableDescriptor.forConnector("upsert-kafka").schema(schema).option("topic", topic)
                .option("properties.bootstrap.servers", topics.bootstrapServers())
                .option("key.format", "json").option("value.format", "json").build(), 1);

        // UPDATE_BEFORE writes nothing: the UPDATE_AFTER that follows replaces the key's value.
        assertThat(topics.readCommitted(topic)).extracting(r -> text(r.key()), r -> text(r.value())).containsExactly(
                tuple("{\"id\":1}", "{\"id\":1,\"name\":\"a\"}"),
                tuple("{\"id\":2}", "{\"id\":2,\"name\":\"b\"}"),
                tuple("{\"id\":1}", "{\"id\":1,\"name\":\"aa\"}"),
                tuple("{\"id\":2}", null));
    }

    private Sink exactlyOnceSink(String topic, String prefix) {
        return TestTable.named("out").schema(ConformanceData.schema()).option("connector", "kafka").option("topic", topic)
                .option("properties.bootstrap.servers", topics.bootstrapServers()).option("value.format", "json")
                .option("sink.delivery-guarantee", "exactly-once").option("sink.transactional-id-prefix", prefix)
                .createSink();
    }

    @Test
    void aCommitRepeatedFromACheckpointIsRecognizedAsDone() throws Exception {
        String topic = topics.create("recommit", 1);
        Sink sink = exactlyOnceSink(topic, "recommit-" + UUID.randomUUID());
        List<Row> rows = ConformanceData.rows(0, 0, 5);
        SinkCheckpoint checkpoint;
        try (SinkDriver driver = SinkDriver.create(sink, 1)) {
            driver.writeAll(rows);
            checkpoint = driver.checkpoint(1);
            assertThat(driver.notifyCheckpointComplete(1).committed()).isEqualTo(1);
        }

        // As after a failure between the commit and the next checkpoint: the restore commits again, through
        // the path that resumes the transaction by producer id and epoch, since no producer of it is left.
        try (SinkDriver restored = SinkDriver.restore(sink, 1, checkpoint)) {
            assertThat(restored.recoveryOutcome().alreadyCommitted()).isEqualTo(1);
        }
        assertThat(values(topic)).isEqualTo(rows);
    }

    @Test
    void aTransactionKafkaAbortedFailsItsCommitInsteadOfLosingRecordsSilently() throws Exception {
        String topic = topics.create("aborted", 1);
        String prefix = "aborted-" + UUID.randomUUID();
        Sink sink = exactlyOnceSink(topic, prefix);
        SinkCheckpoint checkpoint;
        try (SinkDriver driver = SinkDriver.create(sink, 1)) {
            driver.writeAll(ConformanceData.rows(0, 0, 5));
            checkpoint = driver.checkpoint(1);
            // What Kafka does to a transaction that outlives transaction.timeout.ms: abort it and bump the epoch.
            try (Admin admin = topics.admin()) {
                admin.fenceProducers(List.of(prefix + "-0-1")).all().get(30, SECONDS);
            }

            assertThatThrownBy(() -> SinkDriver.restore(sink, 1, checkpoint).close())
                    .hasStackTraceContaining("Kafka transaction '" + prefix + "-0-1' of a completed checkpoint cannot be committed")
                    .hasStackTraceContaining("its records are lost")
                    .hasStackTraceContaining("transaction.timeout.ms");
        }
        assertThat(topics.readCommitted(topic)).isEmpty();
    }

    private List<Row> values(String topic) {
        return topics.readCommitted(topic).stream().map(r -> KafkaTestTopics.fromJson(r.value())).toList();
    }
}
