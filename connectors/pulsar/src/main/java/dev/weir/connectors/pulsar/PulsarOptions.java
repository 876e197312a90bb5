package dev.weir.connectors.pulsar;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import dev.weir.api.sink.DeliveryGuarantee;
import java.time.Duration;
import java.util.List;
import org.apache.pulsar.client.api.SubscriptionType;

/** The options of the 'pulsar' connector; keys and meanings are those of Flink's Pulsar connector (4.x). */
public final class PulsarOptions {

    private PulsarOptions() {
    }

    /** How the sink spreads messages over a partitioned topic's partitions. */
    public enum TopicRoutingMode {
        /** Messages in turn, whatever their key. */
        ROUND_ROBIN("round-robin"),
        /** By the hash of the message key, as a Pulsar producer with default settings does; unkeyed messages in turn. */
        MESSAGE_KEY_HASH("message-key-hash");

        private final String value;

        TopicRoutingMode(String value) {
            this.value = value;
        }

        @Override
        public String toString() {
            return value;
        }
    }

    public static final ConfigOption<String> SERVICE_URL = ConfigOptions.key("service-url").stringType().noDefaultValue()
            .withDescription("The Pulsar service URL, e.g. 'pulsar://localhost:6650' or 'pulsar+ssl://host:6651'.");
    public static final ConfigOption<List<String>> TOPICS = ConfigOptions.key("topics").stringListType().noDefaultValue()
            .withDescription("Topic(s) to read, separated by ';', or the one topic to write. Short names are in "
                    + "'persistent://public/default/'; a partition ('t-partition-0') may be named alone.");
    public static final ConfigOption<String> TOPIC_PATTERN = ConfigOptions.key("topic-pattern").stringType().noDefaultValue()
            .withDescription("Regular expression of the topics to read, matched against full names within one namespace "
                    + "('persistent://tenant/namespace/orders-.*'; a short pattern is in 'persistent://public/default/').");
    public static final ConfigOption<String> PULSAR_CLIENT = ConfigOptions.key("pulsar.client.*").stringType().noDefaultValue()
            .withDescription("Any Pulsar client setting by its ClientBuilder.loadConf name (e.g. 'pulsar.client.authPluginClassName', "
                    + "'pulsar.client.operationTimeoutMs'), passed through.");

    public static final ConfigOption<String> SOURCE_SUBSCRIPTION_NAME = ConfigOptions.key("source.subscription-name")
            .stringType().noDefaultValue()
            .withDescription("The subscription the source reads with and acknowledges to on completed checkpoints; required to read.");
    public static final ConfigOption<SubscriptionType> SOURCE_SUBSCRIPTION_TYPE = ConfigOptions.key("source.subscription-type")
            .enumType(SubscriptionType.class).defaultValue(SubscriptionType.Exclusive)
            .withDescription("Exclusive or Failover (cumulative acknowledgement), Shared or Key_Shared (each message acknowledged).");
    public static final ConfigOption<String> SOURCE_START_MESSAGE_ID = ConfigOptions.key("source.start.message-id")
            .stringType().noDefaultValue()
            .withDescription("Where to start: 'earliest' (the default), 'latest', or 'ledgerId:entryId:partitionIndex' (inclusive; "
                    + "for the partition it names, other partitions start at the earliest). Takes precedence over source.start.publish-time.");
    public static final ConfigOption<Long> SOURCE_START_PUBLISH_TIME = ConfigOptions.key("source.start.publish-time")
            .longType().noDefaultValue()
            .withDescription("Epoch millis: start at the first message published at or after it.");
    public static final ConfigOption<String> SOURCE_STOP_AT_MESSAGE_ID = ConfigOptions.key("source.stop.at-message-id")
            .stringType().noDefaultValue()
            .withDescription("Makes the source bounded: 'never' (the default), 'latest' (the last message when the job starts, "
                    + "included) or 'ledgerId:entryId:partitionIndex' (excluded).");
    public static final ConfigOption<String> SOURCE_STOP_AFTER_MESSAGE_ID = ConfigOptions.key("source.stop.after-message-id")
            .stringType().noDefaultValue()
            .withDescription("Makes the source bounded: stop after 'ledgerId:entryId:partitionIndex' (included).");
    public static final ConfigOption<Long> SOURCE_STOP_AT_PUBLISH_TIME = ConfigOptions.key("source.stop.at-publish-time")
            .longType().noDefaultValue()
            .withDescription("Makes the source bounded: stop before the first message published at or after these epoch millis.");
    public static final ConfigOption<Long> SOURCE_PARTITION_DISCOVERY_INTERVAL = ConfigOptions
            .key("pulsar.source.partitionDiscoveryIntervalMs").longType().defaultValue(30_000L)
            .withDescription("How often an unbounded source looks for new partitions and topics, in millis; 0 or less disables.");

    public static final ConfigOption<TopicRoutingMode> SINK_TOPIC_ROUTING_MODE = ConfigOptions.key("sink.topic-routing-mode")
            .enumType(TopicRoutingMode.class).defaultValue(TopicRoutingMode.ROUND_ROBIN)
            .withDescription("round-robin or message-key-hash: how messages spread over the partitions of the topic.");
    public static final ConfigOption<DeliveryGuarantee> SINK_DELIVERY_GUARANTEE = ConfigOptions.key("sink.delivery-guarantee")
            .enumType(DeliveryGuarantee.class).defaultValue(DeliveryGuarantee.AT_LEAST_ONCE)
            .withDescription("none, at-least-once (flush on checkpoint) or exactly-once (Pulsar transactions committed on checkpoint completion).");
    public static final ConfigOption<Long> SINK_TRANSACTION_TIMEOUT = ConfigOptions.key("pulsar.sink.transactionTimeoutMillis")
            .longType().defaultValue(Duration.ofHours(3).toMillis())
            .withDescription("Timeout of the exactly-once sink's transactions; must exceed the checkpoint interval by far. "
                    + "A transaction left open by a crashed process blocks readers of its topic until it times out.");

    public static final ConfigOption<String> FORMAT = ConfigOptions.key("format").stringType().noDefaultValue()
            .withDescription("The value format; same as 'value.format'.");
    public static final ConfigOption<String> VALUE_FORMAT = ConfigOptions.key("value.format").stringType().noDefaultValue()
            .withDescription("The value format; the value holds every physical column.");
    public static final ConfigOption<String> KEY_FORMAT = ConfigOptions.key("key.format").stringType().noDefaultValue()
            .withDescription("The format of the message key; needs 'key.fields'.");
    public static final ConfigOption<List<String>> KEY_FIELDS = ConfigOptions.key("key.fields").stringListType()
            .noDefaultValue().withDescription("Physical columns, separated by ';', that make up the message key, in key order.");
}
