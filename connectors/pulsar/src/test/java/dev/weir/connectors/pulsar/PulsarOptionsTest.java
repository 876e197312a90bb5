package dev.weir.connectors.pulsar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ValidationException;
import dev.weir.api.source.Boundedness;
import dev.weir.testing.TestTable;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Option handling: every problem is reported before anything connects. */
class PulsarOptionsTest {

    private static TestTable table() {
        return TestTable.named("orders").column("id", "BIGINT").column("name", "STRING")
                .option("connector", "pulsar").option("service-url", "pulsar://localhost:6650")
                .option("value.format", "json");
    }

    private static TestTable source() {
        return table().option("topics", "orders").option("source.subscription-name", "weir");
    }

    @Test
    void needsExactlyOneOfTopicsAndTopicPattern() {
        assertThatThrownBy(() -> table().option("source.subscription-name", "s").createSource())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("set exactly one of 'topics' and 'topic-pattern'");
        assertThatThrownBy(() -> source().option("topic-pattern", "o.*").createSource())
                .hasMessageContaining("set exactly one of 'topics' and 'topic-pattern'");
    }

    @Test
    void credentialsInTheServiceUrlAreRejectedWithoutEchoingThem() {
        String url = "pulsar://admin:hunter2@localhost:6650";
        assertThatThrownBy(() -> source().option("service-url", url).createSource())
                .isInstanceOf(ValidationException.class)
                .hasMessageNotContaining("hunter2")
                .hasMessageContaining("'service-url' has 'pulsar://******@localhost:6650', with credentials in the URL.");
        assertThatThrownBy(() -> table().option("topics", "orders").option("service-url", url).createSink())
                .hasMessageNotContaining("hunter2").hasMessageContaining("pulsar.client.authParams");
    }

    @Test
    void theClientSettingsNeverShowSecrets() {
        PulsarClients clients = PulsarClients.of("pulsar://localhost:6650", Map.of(
                "pulsar.client.authParams", "token:hunter2", "pulsar.client.operationTimeoutMs", "500"));
        assertThat(clients.toString()).doesNotContain("hunter2").contains("authParams=******")
                .contains("operationTimeoutMs=500");
    }

    @Test
    void readingNeedsASubscriptionName() {
        assertThatThrownBy(() -> table().option("topics", "orders").createSource())
                .hasMessageContaining("reading needs 'source.subscription-name'");
    }

    @Test
    void shortTopicNamesAndPatternsAreInThePublicDefaultNamespace() {
        PulsarSource named = (PulsarSource) source().option("topics", "orders;persistent://t/ns/audit").createSource();
        PulsarSource patterned = (PulsarSource) table().option("source.subscription-name", "s")
                .option("topic-pattern", "orders-.*").createSource();

        assertThat(named.topics.names()).containsExactly("persistent://public/default/orders", "persistent://t/ns/audit");
        assertThat(patterned.topics.pattern()).isEqualTo("persistent://public/default/orders-.*");
    }

    @Test
    void aTopicPatternNamesItsNamespaceAndCompiles() {
        assertThatThrownBy(() -> table().option("source.subscription-name", "s").option("topic-pattern", "persistent://t/orders")
                .createSource()).hasMessageContaining("must name its namespace");
        assertThatThrownBy(() -> table().option("source.subscription-name", "s").option("topic-pattern", "orders-(")
                .createSource()).hasMessageContaining("is not a regular expression");
    }

    @Test
    void messageIdsAreLedgerEntryAndPartition() {
        assertThatThrownBy(() -> source().option("source.start.message-id", "12:2").createSource())
                .hasMessageContaining("'12:2' is not 'ledgerId:entryId:partitionIndex', 'earliest' or 'latest'");
        assertThatThrownBy(() -> source().option("source.stop.after-message-id", "a:b:c").createSource())
                .hasMessageContaining("'a:b:c' is not 'ledgerId:entryId:partitionIndex'");
    }

    @Test
    void aStopCursorMakesTheSourceBounded() {
        assertThat(((PulsarSource) source().createSource()).boundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
        assertThat(((PulsarSource) source().option("source.stop.at-message-id", "latest").createSource()).boundedness())
                .isEqualTo(Boundedness.BOUNDED);
        assertThat(((PulsarSource) source().option("source.stop.at-publish-time", "1700000000000").createSource()).boundedness())
                .isEqualTo(Boundedness.BOUNDED);
        assertThatThrownBy(() -> source().option("source.stop.at-message-id", "latest")
                .option("source.stop.at-publish-time", "1700000000000").createSource())
                .hasMessageContaining("set at most one of");
        assertThatThrownBy(() -> source().batch().createSource()).hasMessageContaining("the job runs in batch mode");
    }

    @Test
    void aSpecificStartMessageIdAppliesToItsPartitionOnly() {
        StartCursor cursor = ((PulsarSource) source().option("source.start.message-id", "12:2:1").createSource()).start;

        assertThat(MessageIds.fromBytes(cursor.forPartition(1).messageId())).isEqualTo(MessageIds.parse("12:2:1"));
        assertThat(MessageIds.fromBytes(cursor.forPartition(0).messageId()))
                .isEqualTo(org.apache.pulsar.client.api.MessageId.earliest);
    }

    @Test
    void keyFieldsNeedAKeyFormatAndExistingColumns() {
        assertThatThrownBy(() -> source().option("key.fields", "id").createSource()).hasMessageContaining("need a 'key.format'");
        assertThatThrownBy(() -> source().option("key.fields", "nope").option("key.format", "json").createSource())
                .hasMessageContaining("key column 'nope' is not a physical column");
        assertThatThrownBy(() -> source().option("key.format", "json").createSource()).hasMessageContaining("needs 'key.fields'");
    }

    @Test
    void sinkWritesOneTopic() {
        assertThatThrownBy(() -> table().option("topics", "a;b").createSink()).hasMessageContaining("a sink writes to one topic");
    }

    @Test
    void enumsAreFlinksValues() {
        assertThat(((PulsarSink) table().option("topics", "a").option("sink.topic-routing-mode", "message-key-hash")
                .option("sink.delivery-guarantee", "exactly-once").createSink()).routing)
                .isEqualTo(PulsarOptions.TopicRoutingMode.MESSAGE_KEY_HASH);
        assertThat(((PulsarSource) source().option("source.subscription-type", "Key_Shared").createSource()).subscriptionType)
                .isEqualTo(org.apache.pulsar.client.api.SubscriptionType.Key_Shared);
        assertThatThrownBy(() -> table().option("topics", "a").option("sink.topic-routing-mode", "hash").createSink())
                .hasMessageContaining("'round-robin', 'message-key-hash'");
    }

    @Test
    void clientSettingsPassThroughWithoutTheirPrefix() {
        PulsarSource source = (PulsarSource) source().option("pulsar.client.operationTimeoutMs", "60000").createSource();

        assertThat(source.clients.clientSettings()).containsEntry("operationTimeoutMs", "60000");
    }

    @Test
    void unknownOptionsAreRejected() {
        assertThatThrownBy(() -> source().option("source.subscription-nam", "x").createSource())
                .hasMessageContaining("unknown option 'source.subscription-nam'");
    }
}
