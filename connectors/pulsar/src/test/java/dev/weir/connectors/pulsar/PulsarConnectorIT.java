package dev.weir.connectors.pulsar;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.data.Row;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.schema.Schema;
import dev.weir.api.types.DataTypes;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.engine.table.EnvironmentSettings;
import dev.weir.engine.table.TableEnvironment;
import dev.weir.it.containers.ContainerLogsOnFailure;
import dev.weir.testing.values.TestValues;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.MessageIdAdv;
import org.apache.pulsar.common.naming.TopicName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Pulsar features beyond the conformance suites, on the shared broker through the engine. */
@ExtendWith(ContainerLogsOnFailure.class)
class PulsarConnectorIT {

    private static final Schema ID = Schema.newBuilder().column("id", DataTypes.BIGINT()).build();

    private final PulsarTestTopics topics = new PulsarTestTopics();

    @TempDir
    Path checkpoints;

    @AfterEach
    void closeClient() throws Exception {
        topics.close();
    }

    private static List<byte[]> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> ("{\"id\":" + i + "}").getBytes(UTF_8)).toList();
    }

    private static List<Row> idRows(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> Row.of((long) i)).toList();
    }

    /** Runs a bounded copy of the source into a 'collect' sink and returns the rows. */
    private static List<Row> readAll(TableDescriptor source, Schema sinkSchema) {
        String sink = TestValues.newSinkId();
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        env.createTemporaryTable("source", source);
        env.createTemporaryTable("sink", TableDescriptor.forConnector("collect").schema(sinkSchema).option("sink-id", sink).build());
        env.from("source").executeInsert("sink").await();
        return TestValues.collected(sink);
    }

    /** Copies rows of {@code schema} (physical columns only) from a bounded 'values' source into the sink. */
    private static void writeAll(List<Row> rows, Schema schema, TableDescriptor sink) {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        env.createTemporaryTable("source", TableDescriptor.forConnector("values").schema(schema)
                .option("data-id", TestValues.registerData(rows)).option("bounded", "true").build());
        env.createTemporaryTable("sink", sink);
        env.from("source").executeInsert("sink").await();
    }

    /** 'ledgerId:entryId:partitionIndex', as the options take a message id. */
    private static String text(MessageId id) {
        return ledgerAndEntry(id) + ":" + ((MessageIdAdv) id).getPartitionIndex();
    }

    private static String ledgerAndEntry(MessageId id) {
        MessageIdAdv adv = (MessageIdAdv) id;
        return adv.getLedgerId() + ":" + adv.getEntryId();
    }

    @Test
    void startsAtAMessageIdOrAPublishTime() throws Exception {
        String topic = topics.create("start", 1);
        List<MessageId> written = topics.write(topic, 0, ids(0, 4));
        long thirdPublished = topics.readAll(topic).get(2).getPublishTime();

        List<Row> fromId = readAll(topics.sourceTable(topic, ID).option("source.start.message-id", text(written.get(2)))
                .option("source.stop.at-message-id", "latest").build(), ID);
        List<Row> fromTime = readAll(topics.sourceTable(topic, ID)
                .option("source.start.publish-time", Long.toString(thirdPublished))
                .option("source.stop.at-message-id", "latest").build(), ID);
        List<Row> fromLatest = readAll(topics.sourceTable(topic, ID).option("source.start.message-id", "latest")
                .option("source.stop.at-message-id", "latest").build(), ID);

        assertThat(fromId).containsExactlyElementsOf(idRows(2, 4));
        assertThat(fromTime).containsExactlyElementsOf(idRows(2, 4));
        assertThat(fromLatest).isEmpty();
    }

    @Test
    void stopsAtOrAfterAMessageIdOrAtAPublishTime() throws Exception {
        String topic = topics.create("stop", 1);
        List<MessageId> written = new ArrayList<>(topics.write(topic, 0, ids(0, 2)));
        // The producer stamps publish times from this JVM's clock: the third message's is later than
        // the second's once the clock passed it.
        long secondPublished = topics.readAll(topic).get(1).getPublishTime();
        while (System.currentTimeMillis() <= secondPublished) {
            Thread.onSpinWait();
        }
        written.addAll(topics.write(topic, 0, ids(2, 4)));
        long thirdPublished = topics.readAll(topic).get(2).getPublishTime();

        List<Row> atId = readAll(topics.sourceTable(topic, ID).option("source.stop.at-message-id", text(written.get(2))).build(), ID);
        List<Row> afterId = readAll(topics.sourceTable(topic, ID).option("source.stop.after-message-id", text(written.get(2))).build(), ID);
        List<Row> atTime = readAll(topics.sourceTable(topic, ID)
                .option("source.stop.at-publish-time", Long.toString(thirdPublished)).build(), ID);
        List<Row> pastTheEnd = readAll(topics.sourceTable(topic, ID)
                .option("source.stop.at-publish-time", Long.toString(System.currentTimeMillis())).build(), ID);

        assertThat(atId).containsExactlyElementsOf(idRows(0, 2));
        assertThat(afterId).containsExactlyElementsOf(idRows(0, 3));
        assertThat(atTime).containsExactlyElementsOf(idRows(0, 2));
        assertThat(pastTheEnd).as("a stop time in the past ends at the last message").containsExactlyElementsOf(idRows(0, 4));
    }

    @Test
    void readsKeyFieldsAndMetadataColumns() throws Exception {
        String topic = topics.create("metadata", 2);
        Instant eventTime = Instant.ofEpochMilli(1_700_000_000_000L);
        MessageId id = topics.write(topic, 1, List.of("{\"name\":\"seven\"}".getBytes(UTF_8)),
                m -> m.keyBytes("{\"id\":7}".getBytes(UTF_8)).property("origin", "it").eventTime(eventTime.toEpochMilli())).get(0);
        Message<byte[]> written = topics.readAll(topic).get(0);
        Schema schema = Schema.newBuilder().column("id", DataTypes.BIGINT()).column("name", DataTypes.STRING())
                .columnByMetadata("topic", DataTypes.STRING().notNull(), "topic", true)
                .columnByMetadata("message_id", DataTypes.BYTES().notNull(), "message_id", true)
                .columnByMetadata("published", DataTypes.TIMESTAMP_LTZ(3).notNull(), "publish_time", true)
                .columnByMetadata("event_time", DataTypes.TIMESTAMP_LTZ(3), "event_time", true)
                .columnByMetadata("properties", DataTypes.MAP(DataTypes.STRING(), DataTypes.STRING()).notNull(), "properties", true)
                .columnByMetadata("key", DataTypes.STRING(), "key", true)
                .build();
        Schema sinkSchema = Schema.newBuilder().column("id", DataTypes.BIGINT()).column("name", DataTypes.STRING())
                .column("topic", DataTypes.STRING()).column("message_id", DataTypes.BYTES())
                .column("published", DataTypes.TIMESTAMP_LTZ(3)).column("event_time", DataTypes.TIMESTAMP_LTZ(3))
                .column("properties", DataTypes.MAP(DataTypes.STRING(), DataTypes.STRING())).column("key", DataTypes.STRING())
                .build();

        List<Row> rows = readAll(topics.sourceTable(topic, schema).option("key.format", "json").option("key.fields", "id")
                .option("source.stop.at-message-id", "latest").build(), sinkSchema);

        assertThat(rows).hasSize(1);
        Row row = rows.get(0);
        assertThat(row.getField(0)).as("id, from the key").isEqualTo(7L);
        assertThat(row.getField(1)).isEqualTo("seven");
        assertThat(row.getField(2)).isEqualTo(TopicName.get(topic).getPartition(1).toString());
        assertThat(MessageIds.compare(MessageIds.fromBytes((byte[]) row.getField(3)), id)).isZero();
        assertThat(row.getField(4)).isEqualTo(Instant.ofEpochMilli(written.getPublishTime()));
        assertThat(row.getField(5)).isEqualTo(eventTime);
        assertThat(row.getField(6)).isEqualTo(Map.of("origin", "it"));
        assertThat(row.getField(7)).isEqualTo(written.getKey());
    }

    @Test
    void decodeErrorsNameTopicPartitionAndMessageId() throws Exception {
        String topic = topics.create("decode-error", 2);
        MessageId bad = topics.write(topic, 1, List.of("{\"id\":1}".getBytes(UTF_8), "not json".getBytes(UTF_8))).get(1);

        assertThatThrownBy(() -> readAll(topics.sourceTable(topic, ID).option("source.stop.at-message-id", "latest").build(), ID))
                .hasStackTraceContaining("topic '" + topic + "', partition 1, message id " + ledgerAndEntry(bad) + ":1");
    }

    @Test
    void writesKeysByHashPropertiesAndEventTime() throws Exception {
        String topic = topics.create("key-hash", 3);
        Schema rowsSchema = Schema.newBuilder().column("id", DataTypes.BIGINT()).column("n", DataTypes.INT())
                .column("properties", DataTypes.MAP(DataTypes.STRING(), DataTypes.STRING()))
                .column("event_time", DataTypes.TIMESTAMP_LTZ(3)).build();
        Schema schema = Schema.newBuilder().column("id", DataTypes.BIGINT()).column("n", DataTypes.INT())
                .columnByMetadata("properties", DataTypes.MAP(DataTypes.STRING(), DataTypes.STRING()), "properties", false)
                .columnByMetadata("event_time", DataTypes.TIMESTAMP_LTZ(3), "event_time", false)
                .build();
        List<Row> rows = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            rows.add(Row.of((long) (n % 5), n, Map.of("n", Integer.toString(n)), Instant.ofEpochMilli(1_000L * n)));
        }

        writeAll(rows, rowsSchema, topics.table(topic, schema).option("key.format", "json").option("key.fields", "id")
                .option("sink.topic-routing-mode", "message-key-hash").build());

        List<Message<byte[]>> messages = topics.readAll(topic);
        assertThat(messages).hasSize(40);
        Map<String, Set<String>> partitionsByKey = new HashMap<>();
        for (Message<byte[]> message : messages) {
            partitionsByKey.computeIfAbsent(new String(message.getKeyBytes(), UTF_8), k -> new HashSet<>()).add(message.getTopicName());
            int n = Integer.parseInt(message.getProperty("n"));
            assertThat(message.getEventTime()).isEqualTo(1_000L * n);
        }
        assertThat(partitionsByKey).hasSize(5).allSatisfy((key, partitions) -> assertThat(partitions).as(key).hasSize(1));
    }

    @Test
    void roundRobinSpreadsKeyedMessagesOverAllPartitions() throws Exception {
        String topic = topics.create("round-robin", 3);
        Schema schema = Schema.newBuilder().column("id", DataTypes.BIGINT()).build();

        writeAll(IntStream.range(0, 30).mapToObj(i -> Row.of(1L)).toList(), schema,
                topics.table(topic, schema).option("key.format", "json").option("key.fields", "id").build());

        Map<String, Integer> perPartition = new HashMap<>();
        topics.readAll(topic).forEach(m -> perPartition.merge(m.getTopicName(), 1, Integer::sum));
        assertThat(perPartition).hasSize(3).allSatisfy((partition, count) -> assertThat(count).isEqualTo(10));
    }

    @Test
    void exactlyOnceRowsStayInvisibleUntilCommittedAndAnAbandonedTransactionIsAborted() throws Exception {
        String topic = topics.create("exactly-once", 1);
        topics.primeTransactionBuffers(topic);
        TableDescriptor sink = topics.table(topic, ID).option("sink.delivery-guarantee", "exactly-once").build();
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        // Checkpoints far apart: the rows stay in the open transaction for as long as the job runs.
        env.getConfig().set("execution.checkpointing.interval", "1 h");
        env.getConfig().set("execution.checkpointing.dir", checkpoints.toString());
        env.createTemporaryTable("source", TableDescriptor.forConnector("values").schema(ID)
                .option("data-id", TestValues.registerData(idRows(0, 10))).option("bounded", "false").build());
        env.createTemporaryTable("sink", sink);
        long messagesBefore = topics.messagesIn(topic);
        JobExecution job = env.from("source").executeInsert("sink").getJobExecution();
        try {
            // Invisible rows prove something only once the broker has them: wait until it took in all ten.
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (topics.messagesIn(topic) < messagesBefore + 10 && job.status() == JobExecution.Status.RUNNING
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(job.metricSum("Sink[", "numRecordsIn")).isEqualTo(10);
            assertThat(topics.messagesIn(topic)).as("messages the broker took in").isEqualTo(messagesBefore + 10);
            assertThat(topics.readAll(topic)).as("uncommitted rows").isEmpty();
        } finally {
            job.cancel();
            job.completion().join();
        }
        // The cancelled writer aborted its transaction: rows written afterwards are not held back behind it.
        writeAll(idRows(10, 12), ID, topics.table(topic, ID).option("sink.delivery-guarantee", "exactly-once").build());

        assertThat(topics.readAll(topic).stream().map(m -> new String(m.getValue(), UTF_8)).toList())
                .containsExactly("{\"id\":10}", "{\"id\":11}");
    }
}
