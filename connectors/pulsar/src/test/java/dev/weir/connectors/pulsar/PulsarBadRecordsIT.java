package dev.weir.connectors.pulsar;

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
import dev.weir.it.containers.ContainerLogsOnFailure;
import dev.weir.testing.DeadLetters;
import dev.weir.testing.values.TestValues;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pulsar.client.api.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bad-record policies on Pulsar topics: every message read is a row out, a skipped record or a
 * dead letter (here a JSON Pulsar topic) with the exact bytes, the error and topic, partition and
 * message id.
 */
@ExtendWith(ContainerLogsOnFailure.class)
class PulsarBadRecordsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema SCHEMA = Schema.newBuilder().column("id", DataTypes.BIGINT().notNull())
            .column("name", DataTypes.STRING()).build();
    /** Per partition, the JSON values: the second of partition 0 and the first and last of partition 1 are bad. */
    private static final List<List<String>> VALUES = List.of(
            List.of("{\"id\":1,\"name\":\"a\"}", "{\"id\":2,\"na", "{\"id\":3,\"name\":\"c\"}"),
            List.of("{\"id\":\"four\",\"name\":\"d\"}", "{\"id\":5,\"name\":\"e\"}", "not json"));
    private static final List<String> BAD = List.of("{\"id\":2,\"na", "{\"id\":\"four\",\"name\":\"d\"}", "not json");

    private final PulsarTestTopics topics = new PulsarTestTopics();

    @AfterEach
    void closeClient() throws Exception {
        topics.close();
    }

    private String topicWithBadMessages() throws Exception {
        String topic = topics.create("bad-records", 2);
        for (int p = 0; p < VALUES.size(); p++) {
            topics.write(topic, p, VALUES.get(p).stream().map(v -> v.getBytes(UTF_8)).toList());
        }
        return topic;
    }

    private JobExecution run(TableDescriptor source, String sinkId, String deadLetterTopic) {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        env.createTemporaryTable("events", source);
        env.createTemporaryTable("out", TableDescriptor.forConnector("collect").schema(SCHEMA).option("sink-id", sinkId).build());
        if (deadLetterTopic != null) {
            env.createTemporaryTable("bad", topics.table(deadLetterTopic, DeadLetters.SCHEMA).build());
        }
        JobExecution job = env.from("events").executeInsert("out").getJobExecution();
        job.await();
        return job;
    }

    private TableDescriptor.Builder source(String topic) {
        return topics.sourceTable(topic, SCHEMA).option("source.stop.at-message-id", "latest");
    }

    private static List<Long> ids(List<Row> rows) {
        return rows.stream().map(r -> (Long) r.getField(0)).sorted().toList();
    }

    @Test
    void skipCountsEveryBadMessage() throws Exception {
        String topic = topicWithBadMessages();
        String sinkId = TestValues.newSinkId();

        JobExecution job = run(source(topic).option("scan.bad-records.policy", "skip").build(), sinkId, null);

        List<Row> out = TestValues.collected(sinkId);
        long skipped = job.metricSum("Source[", "numRecordsSkipped");
        assertThat(ids(out)).containsExactly(1L, 3L, 5L);
        assertThat(skipped).isEqualTo(BAD.size());
        assertThat(out.size() + skipped).isEqualTo(6);
    }

    @Test
    void deadLettersCarryTheExactBytesTheErrorAndTheMessageId() throws Exception {
        String topic = topicWithBadMessages();
        String deadLetterTopic = topics.create("bad-records-dlq", 1);
        String sinkId = TestValues.newSinkId();

        JobExecution job = run(source(topic).option("scan.bad-records.policy", "dead-letter")
                .option("scan.bad-records.dead-letter-table", "bad").build(), sinkId, deadLetterTopic);

        List<Row> out = TestValues.collected(sinkId);
        Map<String, String> rawByLocation = new HashMap<>();
        for (Message<byte[]> message : topics.readAll(deadLetterTopic)) {
            JsonNode row = JSON.readTree(message.getValue());
            String location = row.get("location").asText();
            assertThat(location).matches("topic '" + topic + "', partition [01], message id .+");
            assertThat(row.get("error").asText()).startsWith("Cannot decode the record at " + location + ": ");
            assertThat(row.get("source_table").asText()).isEqualTo("events");
            rawByLocation.put(location, new String(Base64.getDecoder().decode(row.get("raw").asText()), UTF_8));
        }
        assertThat(ids(out)).containsExactly(1L, 3L, 5L);
        assertThat(out.size() + rawByLocation.size()).isEqualTo(6);
        assertThat(job.metricSum("Source[", "numRecordsDeadLettered")).isEqualTo(rawByLocation.size());
        assertThat(job.metricSum("Source[", "numRecordsSkipped")).isZero();
        assertThat(rawByLocation.values()).containsExactlyInAnyOrderElementsOf(BAD);
        assertThat(rawByLocation).allSatisfy((location, raw) ->
                assertThat(location).contains("partition " + (raw.equals(BAD.get(0)) ? 0 : 1)));
    }

    @Test
    void failIsTheDefault() throws Exception {
        String topic = topicWithBadMessages();

        assertThatThrownBy(() -> run(source(topic).build(), TestValues.newSinkId(), null))
                .hasStackTraceContaining("Cannot decode the record at topic '" + topic + "', partition ");
    }
}
