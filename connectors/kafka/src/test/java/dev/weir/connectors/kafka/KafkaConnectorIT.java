package dev.weir.connectors.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.schema.Schema;
import dev.weir.api.types.DataTypes;
import dev.weir.it.containers.ContainerLogsOnFailure;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Kafka features beyond the conformance suites, on the shared broker through the engine. */
@ExtendWith(ContainerLogsOnFailure.class)
class KafkaConnectorIT {

    private final KafkaTestTopics topics = new KafkaTestTopics();

    private static byte[][] record(String key, String value) {
        return new byte[][]{key == null ? null : key.getBytes(UTF_8), value == null ? null : value.getBytes(UTF_8)};
    }

    @Test
    void keyFieldsAndMetadataColumnsAreRead() throws Exception {
        String topic = topics.create("metadata", 1);
        topics.write(topic, 0, List.<byte[][]>of(record("{\"id\":7}", "{\"name\":\"seven\"}")), 1_700_000_000_000L);
        Schema schema = Schema.newBuilder().column("id", DataTypes.BIGINT()).column("name", DataTypes.STRING())
                .columnByMetadata("topic", DataTypes.STRING().notNull(), "topic", true)
                .columnByMetadata("part", DataTypes.INT().notNull(), "partition", true)
                .columnByMetadata("off", DataTypes.BIGINT().notNull(), "offset", true)
                .columnByMetadata("ts", DataTypes.TIMESTAMP_LTZ(3).notNull(), "timestamp", true)
                .build();
        Schema sinkSchema = Schema.newBuilder().column("id", DataTypes.BIGINT()).column("name", DataTypes.STRING())
                .column("topic", DataTypes.STRING()).column("part", DataTypes.INT()).column("off", DataTypes.BIGINT())
                .column("ts", DataTypes.TIMESTAMP_LTZ(3)).build();

        List<Row> rows = KafkaJobs.readBounded(topics.table(topic, schema).option("key.format", "json").option("key.fields", "id")
                .option("value.fields-include", "EXCEPT_KEY").option("scan.startup.mode", "earliest-offset")
                .option("scan.bounded.mode", "latest-offset").build(), sinkSchema);

        assertThat(rows).containsExactly(Row.of(7L, "seven", topic, 0, 0L, java.time.Instant.ofEpochMilli(1_700_000_000_000L)));
    }

    @Test
    void decodeErrorsNameTopicPartitionAndOffset() throws Exception {
        String topic = topics.create("decode-error", 1);
        topics.write(topic, 0, List.<byte[][]>of(record(null, "{\"id\":1}"), record(null, "not json")));
        Schema schema = Schema.newBuilder().column("id", DataTypes.BIGINT()).build();

        assertThatThrownBy(() -> KafkaJobs.readBounded(topics.table(topic, schema).option("scan.startup.mode", "earliest-offset")
                .option("scan.bounded.mode", "latest-offset").build(), schema))
                .hasStackTraceContaining("topic '" + topic + "', partition 0, offset 1");
    }

    @Test
    void upsertKafkaReadsTombstonesAsDeletes() throws Exception {
        String topic = topics.create("upsert", 1);
        topics.write(topic, 0, List.<byte[][]>of(record("{\"id\":1}", "{\"id\":1,\"name\":\"a\"}"), record("{\"id\":1}", null)));
        Schema schema = Schema.newBuilder().column("id", DataTypes.BIGINT()).column("name", DataTypes.STRING())
                .primaryKey("id").build();
        TableDescriptor source = TableDescriptor.forConnector("upsert-kafka").schema(schema).option("topic", topic)
                .option("properties.bootstrap.servers", topics.bootstrapServers())
                .option("key.format", "json").option("value.format", "json")
                .option("scan.bounded.mode", "latest-offset").build();

        List<Row> rows = KafkaJobs.readBounded(source, Schema.newBuilder().column("id", DataTypes.BIGINT()).column("name", DataTypes.STRING()).build());

        // normalized as in Flink: the delete carries the row it deletes
        assertThat(rows).containsExactly(Row.of(1L, "a"), Row.ofKind(RowKind.DELETE, 1L, "a"));
    }
}
