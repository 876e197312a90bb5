package dev.weir.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ValidationException;
import dev.weir.testing.TestTable;
import org.junit.jupiter.api.Test;

/** Option handling: every problem is reported before anything connects. */
class KafkaOptionsTest {

    private static TestTable table() {
        return TestTable.named("orders").column("id", "BIGINT").column("name", "STRING")
                .option("connector", "kafka").option("properties.bootstrap.servers", "localhost:9092")
                .option("value.format", "json");
    }

    @Test
    void needsExactlyOneOfTopicAndTopicPattern() {
        assertThatThrownBy(() -> table().createSource()).isInstanceOf(ValidationException.class)
                .hasMessageContaining("set exactly one of 'topic' and 'topic-pattern'");
        assertThatThrownBy(() -> table().option("topic", "a").option("topic-pattern", "a.*").createSource())
                .hasMessageContaining("set exactly one of 'topic' and 'topic-pattern'");
    }

    @Test
    void startupTimestampGoesWithTimestampMode() {
        assertThatThrownBy(() -> table().option("topic", "a").option("scan.startup.mode", "timestamp").createSource())
                .hasMessageContaining("'scan.startup.timestamp-millis' goes with");
    }

    @Test
    void specificOffsetsAreParsed() {
        assertThatThrownBy(() -> table().option("topic", "a").option("scan.bounded.mode", "specific-offsets")
                .option("scan.bounded.specific-offsets", "partition:0,offset:x").createSource())
                .hasMessageContaining("'partition:0,offset:x' is not 'partition:<n>,offset:<n>'");
    }

    @Test
    void keyFieldsNeedAKeyFormatAndExistingColumns() {
        assertThatThrownBy(() -> table().option("topic", "a").option("key.fields", "id").createSource())
                .hasMessageContaining("need a 'key.format'");
        assertThatThrownBy(() -> table().option("topic", "a").option("key.fields", "nope").option("key.format", "json").createSource())
                .hasMessageContaining("key column 'nope' is not a physical column");
    }

    @Test
    void exactlyOnceNeedsATransactionalIdPrefix() {
        assertThatThrownBy(() -> table().option("topic", "a").option("sink.delivery-guarantee", "exactly-once").createSink())
                .hasMessageContaining("needs 'sink.transactional-id-prefix'");
    }

    @Test
    void sinkWritesOneTopic() {
        assertThatThrownBy(() -> table().option("topic", "a;b").createSink()).hasMessageContaining("a sink writes to one topic");
    }

    @Test
    void upsertKafkaNeedsAPrimaryKey() {
        assertThatThrownBy(() -> table().option("connector", "upsert-kafka").option("topic", "a").option("key.format", "json").createSink())
                .hasMessageContaining("needs a PRIMARY KEY");
    }

    @Test
    void unknownOptionsAreRejected() {
        assertThatThrownBy(() -> table().option("topic", "a").option("scan.startup.mod", "earliest-offset").createSource())
                .hasMessageContaining("unknown option 'scan.startup.mod'");
    }
}
