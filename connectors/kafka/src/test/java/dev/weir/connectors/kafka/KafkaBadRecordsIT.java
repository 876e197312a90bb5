package dev.weir.connectors.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.api.data.Row;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.schema.Schema;
import dev.weir.api.types.DataTypes;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.engine.table.EnvironmentSettings;
import dev.weir.engine.table.TableEnvironment;
import dev.weir.formats.avro.confluent.FakeSchemaRegistry;
import dev.weir.it.containers.ContainerLogsOnFailure;
import dev.weir.testing.DeadLetters;
import dev.weir.testing.values.TestValues;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bad-record policies on Kafka topics: every record read is accounted for as a row out, a
 * skipped record or a dead letter (here a JSON Kafka topic) carrying the record's exact bytes, the
 * error and its topic, partition and offset.
 */
@ExtendWith(ContainerLogsOnFailure.class)
class KafkaBadRecordsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema SCHEMA = Schema.newBuilder().column("id", DataTypes.BIGINT().notNull())
            .column("name", DataTypes.STRING()).column("amount", DataTypes.DOUBLE()).build();

    /** Per partition, the JSON values; the bad ones are listed in {@link #BAD_JSON}. */
    private static final List<List<String>> JSON_VALUES = List.of(
            List.of("{\"id\":1,\"name\":\"a\",\"amount\":1.5}", "{\"id\":2,\"name\":", "{\"id\":3,\"name\":\"c\",\"amount\":3}"),
            List.of("{\"id\":\"four\",\"name\":\"d\",\"amount\":4}", "{\"id\":5,\"name\":\"e\",\"amount\":5}", "not json"));
    /** partition:offset of the bad JSON records. */
    private static final List<String> BAD_JSON = List.of("0:1", "1:0", "1:2");

    private final KafkaTestTopics topics = new KafkaTestTopics();
    private FakeSchemaRegistry registry;

    @AfterEach
    void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private String jsonTopic() throws Exception {
        String topic = topics.create("bad-json", 2);
        for (int p = 0; p < JSON_VALUES.size(); p++) {
            topics.write(topic, p, JSON_VALUES.get(p).stream().map(v -> new byte[][]{null, v.getBytes(UTF_8)}).toList());
        }
        return topic;
    }

    private TableDescriptor.Builder bounded(TableDescriptor.Builder table) {
        return table.option("scan.startup.mode", "earliest-offset").option("scan.bounded.mode", "latest-offset");
    }

    /** Copies {@code source} into a 'collect' sink, with 'bad' as a JSON Kafka topic table for dead letters. */
    private JobExecution run(TableDescriptor source, String sinkId, String deadLetterTopic) {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        env.createTemporaryTable("events", source);
        env.createTemporaryTable("out", KafkaJobs.collectSink(sinkId, SCHEMA));
        if (deadLetterTopic != null) {
            env.createTemporaryTable("bad", topics.table(deadLetterTopic, DeadLetters.SCHEMA).build());
        }
        JobExecution job = env.from("events").executeInsert("out").getJobExecution();
        job.await();
        return job;
    }

    private static List<Long> ids(List<Row> rows) {
        return rows.stream().map(r -> (Long) r.getField(0)).sorted().toList();
    }

    @Test
    void jsonSkipCountsEveryBadRecord() throws Exception {
        String topic = jsonTopic();
        String sinkId = TestValues.newSinkId();

        JobExecution job = run(bounded(topics.table(topic, SCHEMA)).option("scan.bad-records.policy", "skip").build(), sinkId, null);

        List<Row> out = TestValues.collected(sinkId);
        long skipped = job.metricSum("Source[", "numRecordsSkipped");
        assertThat(ids(out)).containsExactly(1L, 3L, 5L);
        assertThat(skipped).isEqualTo(BAD_JSON.size());
        assertThat(out.size() + skipped).isEqualTo(6);
    }

    @Test
    void jsonDeadLettersCarryTheExactBytesTheErrorAndTheOffset() throws Exception {
        String topic = jsonTopic();
        String deadLetterTopic = topics.create("bad-json-dlq", 1);
        String sinkId = TestValues.newSinkId();

        JobExecution job = run(bounded(topics.table(topic, SCHEMA)).option("scan.bad-records.policy", "dead-letter")
                .option("scan.bad-records.dead-letter-table", "bad").build(), sinkId, deadLetterTopic);

        List<Row> out = TestValues.collected(sinkId);
        Map<String, byte[]> deadLetters = deadLetters(deadLetterTopic, topic);
        assertThat(ids(out)).containsExactly(1L, 3L, 5L);
        assertThat(out.size() + deadLetters.size()).isEqualTo(6);
        assertThat(job.metricSum("Source[", "numRecordsDeadLettered")).isEqualTo(deadLetters.size());
        assertThat(job.metricSum("Source[", "numRecordsSkipped")).isZero();
        assertThat(deadLetters.keySet()).containsExactlyInAnyOrderElementsOf(BAD_JSON);
        deadLetters.forEach((at, raw) -> {
            String[] po = at.split(":");
            assertThat(new String(raw, UTF_8)).isEqualTo(JSON_VALUES.get(Integer.parseInt(po[0])).get(Integer.parseInt(po[1])));
        });
    }

    @Test
    void failIsTheDefaultAndNamesTheTopicPartitionAndOffset() throws Exception {
        String topic = topics.create("bad-json-fail", 1);
        topics.write(topic, 0, JSON_VALUES.get(0).stream().map(v -> new byte[][]{null, v.getBytes(UTF_8)}).toList());

        assertThatThrownBy(() -> run(bounded(topics.table(topic, SCHEMA)).build(), TestValues.newSinkId(), null))
                .hasStackTraceContaining("Cannot decode the record at topic '" + topic + "', partition 0, offset 1");
    }

    @Test
    void avroConfluentTruncatedRecordsAndUnknownSchemaIdsAreSkippedOrDeadLettered() throws Exception {
        registry = FakeSchemaRegistry.start();
        String topic = topics.create("bad-avro", 1);
        KafkaJobs.start(KafkaJobs.valuesSource(SCHEMA, List.of(Row.of(1L, "one", 1.5), Row.of(2L, "two", 2.5))),
                avroTable(topic).build(), Map.of()).await();
        byte[] valid = topics.readCommitted(topic).get(0).value();
        byte[] truncated = Arrays.copyOf(valid, valid.length - 4);
        byte[] unknownId = ByteBuffer.allocate(7).put((byte) 0).putInt(987_654).put((byte) 2).put((byte) 0).array();
        topics.write(topic, 0, List.of(new byte[][]{null, truncated}, new byte[][]{null, unknownId}));
        KafkaJobs.start(KafkaJobs.valuesSource(SCHEMA, List.of(Row.of(3L, "three", 3.5))), avroTable(topic).build(), Map.of()).await();
        // offsets: 0, 1 valid; 2 truncated; 3 unknown schema id; 4 valid

        String skipSink = TestValues.newSinkId();
        JobExecution skipping = run(bounded(avroTable(topic)).option("scan.bad-records.policy", "skip").build(), skipSink, null);
        assertThat(ids(TestValues.collected(skipSink))).containsExactly(1L, 2L, 3L);
        assertThat(skipping.metricSum("Source[", "numRecordsSkipped")).isEqualTo(2);

        String deadLetterTopic = topics.create("bad-avro-dlq", 1);
        String sinkId = TestValues.newSinkId();
        JobExecution job = run(bounded(avroTable(topic)).option("scan.bad-records.policy", "dead-letter")
                .option("scan.bad-records.dead-letter-table", "bad").build(), sinkId, deadLetterTopic);
        Map<String, byte[]> deadLetters = deadLetters(deadLetterTopic, topic);
        assertThat(TestValues.collected(sinkId).size() + deadLetters.size()).isEqualTo(5);
        assertThat(job.metricSum("Source[", "numRecordsDeadLettered")).isEqualTo(2);
        assertThat(deadLetters).containsOnlyKeys("0:2", "0:3");
        assertThat(deadLetters.get("0:2")).isEqualTo(truncated);
        assertThat(deadLetters.get("0:3")).isEqualTo(unknownId);
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("987654"));
    }

    private final List<String> errors = new ArrayList<>();

    private TableDescriptor.Builder avroTable(String topic) {
        return TableDescriptor.forConnector("kafka").schema(SCHEMA).option("topic", topic)
                .option("properties.bootstrap.servers", topics.bootstrapServers())
                .option("value.format", "avro-confluent").option("value.avro-confluent.url", registry.url());
    }

    /**
     * The dead-letter topic's rows by "partition:offset" of the bad record, checking each row's
     * location, error and source table on the way.
     */
    private Map<String, byte[]> deadLetters(String deadLetterTopic, String topic) throws Exception {
        Map<String, byte[]> byOffset = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : topics.readCommitted(deadLetterTopic)) {
            JsonNode row = JSON.readTree(record.value());
            String location = row.get("location").asText();
            assertThat(location).matches("topic '" + topic + "', partition [0-9]+, offset [0-9]+");
            assertThat(row.get("error").asText()).startsWith("Cannot decode the record at " + location + ": ");
            assertThat(row.get("source_table").asText()).isEqualTo("events");
            assertThat(row.get("failed_at").asText()).isNotBlank();
            errors.add(row.get("error").asText());
            String at = location.replaceAll(".*partition ([0-9]+), offset ([0-9]+)", "$1:$2");
            assertThat(byOffset.put(at, Base64.getDecoder().decode(row.get("raw").asText()))).as("one dead letter per record").isNull();
        }
        return byOffset;
    }
}
