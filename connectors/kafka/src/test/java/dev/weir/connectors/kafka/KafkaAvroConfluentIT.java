package dev.weir.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.data.Row;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.schema.Schema;
import dev.weir.api.types.DataTypes;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.formats.avro.confluent.FakeSchemaRegistry;
import dev.weir.it.containers.ContainerLogsOnFailure;
import dev.weir.testing.values.TestValues;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The avro-confluent format as the key and the value format of Kafka tables, against
 * FakeSchemaRegistry (the registry's test double): subjects named after the table's topic, which
 * the connector passes to the format, and decode errors located by topic, partition and offset.
 */
@ExtendWith(ContainerLogsOnFailure.class)
class KafkaAvroConfluentIT {

    private static final Schema SCHEMA = Schema.newBuilder().column("id", DataTypes.BIGINT().notNull())
            .column("name", DataTypes.STRING()).column("amount", DataTypes.DOUBLE()).build();
    private static final List<Row> ROWS = List.of(Row.of(1L, "one", 1.5), Row.of(2L, null, -2.25), Row.of(3L, "three", 0.0));

    private final KafkaTestTopics topics = new KafkaTestTopics();
    private final FakeSchemaRegistry registry = FakeSchemaRegistry.start();

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    /** A table keyed by 'id', key and value in avro-confluent, the value without the key. */
    private TableDescriptor.Builder avroTable(String topic) {
        return TableDescriptor.forConnector("kafka").schema(SCHEMA).option("topic", topic)
                .option("properties.bootstrap.servers", topics.bootstrapServers())
                .option("key.format", "avro-confluent").option("key.avro-confluent.url", registry.url())
                .option("key.fields", "id")
                .option("value.format", "avro-confluent").option("value.avro-confluent.url", registry.url())
                .option("value.fields-include", "EXCEPT_KEY")
                .option("scan.startup.mode", "earliest-offset").option("scan.bounded.mode", "latest-offset");
    }

    private void writeRows(String topic) {
        KafkaJobs.start(KafkaJobs.valuesSource(SCHEMA, ROWS), avroTable(topic).build(), Map.of()).await();
    }

    @Test
    void keyAndValueRoundTripWithSubjectsNamedAfterTheTopic() throws Exception {
        String topic = topics.create("avro-confluent", 1);

        writeRows(topic);

        assertThat(registry.count("POST", "/subjects/" + topic + "-key/versions")).as("key schema registrations").isEqualTo(1);
        assertThat(registry.count("POST", "/subjects/" + topic + "-value/versions")).as("value schema registrations").isEqualTo(1);
        for (ConsumerRecord<byte[], byte[]> record : topics.readCommitted(topic)) {
            assertThat(record.key()[0]).as("the key's magic byte").isZero();
            assertThat(record.value()[0]).as("the value's magic byte").isZero();
        }
        assertThat(KafkaJobs.readBounded(avroTable(topic).build(), SCHEMA)).containsExactlyElementsOf(ROWS);
    }

    @Test
    void aRecordThatIsNotConfluentAvroFailsNamingItsLocation() throws Exception {
        String topic = topics.create("avro-confluent-bad", 1);
        writeRows(topic);
        topics.write(topic, 0, List.<byte[][]>of(new byte[][]{null, "not avro".getBytes(StandardCharsets.UTF_8)}));

        assertThatThrownBy(() -> KafkaJobs.readBounded(avroTable(topic).build(), SCHEMA))
                .hasStackTraceContaining("topic '" + topic + "', partition 0, offset 3")
                .hasStackTraceContaining("wrong magic byte");
    }

    @Test
    void withIgnoreParseErrorsABadRecordIsSkippedAndCounted() throws Exception {
        String topic = topics.create("avro-confluent-skip", 1);
        writeRows(topic);
        topics.write(topic, 0, List.<byte[][]>of(new byte[][]{null, "not avro".getBytes(StandardCharsets.UTF_8)}));
        String sinkId = TestValues.newSinkId();

        JobExecution job = KafkaJobs.start(avroTable(topic).option("value.avro-confluent.ignore-parse-errors", "true").build(),
                KafkaJobs.collectSink(sinkId, SCHEMA), Map.of());
        job.await();

        assertThat(TestValues.collected(sinkId)).containsExactlyElementsOf(ROWS);
        assertThat(job.metricSum("Source[", "numRecordsSkipped")).isEqualTo(1);
    }
}
