package dev.weir.connectors.kafka;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import dev.weir.api.sink.DeliveryGuarantee;
import java.time.Duration;
import java.util.List;

/** The options of the 'kafka' and 'upsert-kafka' connectors; keys and meanings are Flink's. */
public final class KafkaOptions {

    private KafkaOptions() {
    }

    /** Where a reader starts in each partition. */
    public enum StartupMode {
        EARLIEST_OFFSET("earliest-offset"),
        LATEST_OFFSET("latest-offset"),
        GROUP_OFFSETS("group-offsets"),
        TIMESTAMP("timestamp"),
        SPECIFIC_OFFSETS("specific-offsets");

        private final String value;

        StartupMode(String value) {
            this.value = value;
        }

        @Override
        public String toString() {
            return value;
        }
    }

    /** Where a bounded reader stops in each partition. */
    public enum BoundedMode {
        UNBOUNDED("unbounded"),
        LATEST_OFFSET("latest-offset"),
        TIMESTAMP("timestamp"),
        SPECIFIC_OFFSETS("specific-offsets");

        private final String value;

        BoundedMode(String value) {
            this.value = value;
        }

        @Override
        public String toString() {
            return value;
        }
    }

    /** Which physical columns the value format carries. */
    public enum ValueFieldsInclude {
        ALL, EXCEPT_KEY
    }

    public static final ConfigOption<List<String>> TOPIC = ConfigOptions.key("topic").stringListType().noDefaultValue()
            .withDescription("Topic(s) to read, separated by ';', or the one topic to write.");
    public static final ConfigOption<String> TOPIC_PATTERN = ConfigOptions.key("topic-pattern").stringType().noDefaultValue()
            .withDescription("Regular expression of the topics to read; new matching topics are found by partition discovery.");
    public static final ConfigOption<String> PROPS_BOOTSTRAP_SERVERS = ConfigOptions.key("properties.bootstrap.servers")
            .stringType().noDefaultValue().withDescription("Kafka brokers, 'host:port,host:port'.");
    public static final ConfigOption<String> PROPS_GROUP_ID = ConfigOptions.key("properties.group.id").stringType()
            .noDefaultValue().withDescription("Consumer group: offsets are committed to it on completed checkpoints.");
    public static final ConfigOption<String> PROPERTIES = ConfigOptions.key("properties.*").stringType().noDefaultValue()
            .withDescription("Any Kafka client property, passed through (SASL, SSL, ...); secret-looking values are never logged.");

    public static final ConfigOption<StartupMode> SCAN_STARTUP_MODE = ConfigOptions.key("scan.startup.mode")
            .enumType(StartupMode.class).defaultValue(StartupMode.GROUP_OFFSETS)
            .withDescription("Where to start: earliest-offset, latest-offset, group-offsets (the group's committed offsets, "
                    + "else properties.auto.offset.reset, default earliest), timestamp or specific-offsets.");
    public static final ConfigOption<Long> SCAN_STARTUP_TIMESTAMP_MILLIS = ConfigOptions.key("scan.startup.timestamp-millis")
            .longType().noDefaultValue().withDescription("Epoch millis to start from with scan.startup.mode 'timestamp'.");
    public static final ConfigOption<String> SCAN_STARTUP_SPECIFIC_OFFSETS = ConfigOptions.key("scan.startup.specific-offsets")
            .stringType().noDefaultValue()
            .withDescription("'partition:0,offset:42;partition:1,offset:300' for scan.startup.mode 'specific-offsets'; other partitions start at the earliest offset.");
    public static final ConfigOption<BoundedMode> SCAN_BOUNDED_MODE = ConfigOptions.key("scan.bounded.mode")
            .enumType(BoundedMode.class).defaultValue(BoundedMode.UNBOUNDED)
            .withDescription("Where to stop: unbounded, latest-offset (the end at start), timestamp or specific-offsets.");
    public static final ConfigOption<Long> SCAN_BOUNDED_TIMESTAMP_MILLIS = ConfigOptions.key("scan.bounded.timestamp-millis")
            .longType().noDefaultValue().withDescription("Epoch millis to stop at (exclusive) with scan.bounded.mode 'timestamp'.");
    public static final ConfigOption<String> SCAN_BOUNDED_SPECIFIC_OFFSETS = ConfigOptions.key("scan.bounded.specific-offsets")
            .stringType().noDefaultValue()
            .withDescription("'partition:0,offset:42;...' to stop at (exclusive) with scan.bounded.mode 'specific-offsets'; other partitions stop at the latest offset.");
    public static final ConfigOption<Duration> SCAN_TOPIC_PARTITION_DISCOVERY = ConfigOptions
            .key("scan.topic-partition-discovery.interval").durationType().defaultValue(Duration.ofMinutes(5))
            .withDescription("How often an unbounded source looks for new partitions and topics; 0 disables.");

    public static final ConfigOption<String> FORMAT = ConfigOptions.key("format").stringType().noDefaultValue()
            .withDescription("The value format; same as 'value.format'.");
    public static final ConfigOption<String> KEY_FORMAT = ConfigOptions.key("key.format").stringType().noDefaultValue()
            .withDescription("The key format; needs 'key.fields'.");
    public static final ConfigOption<String> VALUE_FORMAT = ConfigOptions.key("value.format").stringType().noDefaultValue()
            .withDescription("The value format.");
    public static final ConfigOption<List<String>> KEY_FIELDS = ConfigOptions.key("key.fields").stringListType()
            .noDefaultValue().withDescription("Physical columns, separated by ';', that make up the key, in key order.");
    public static final ConfigOption<String> KEY_FIELDS_PREFIX = ConfigOptions.key("key.fields-prefix").stringType()
            .noDefaultValue().withDescription("Prefix of the key columns' names that the key format does not see, e.g. 'k_'.");
    public static final ConfigOption<ValueFieldsInclude> VALUE_FIELDS_INCLUDE = ConfigOptions.key("value.fields-include")
            .enumType(ValueFieldsInclude.class).defaultValue(ValueFieldsInclude.ALL)
            .withDescription("ALL: the value holds every physical column; EXCEPT_KEY: all but the key columns.");

    public static final ConfigOption<String> SINK_PARTITIONER = ConfigOptions.key("sink.partitioner")
            .enumType("default", "fixed", "round-robin").defaultValue("default")
            .withDescription("default: by key hash, else sticky; fixed: each writer subtask to one partition; round-robin: records in turn.");
    public static final ConfigOption<DeliveryGuarantee> SINK_DELIVERY_GUARANTEE = ConfigOptions.key("sink.delivery-guarantee")
            .enumType(DeliveryGuarantee.class).defaultValue(DeliveryGuarantee.AT_LEAST_ONCE)
            .withDescription("none, at-least-once (flush on checkpoint) or exactly-once (Kafka transactions committed on checkpoint completion).");
    public static final ConfigOption<String> SINK_TRANSACTIONAL_ID_PREFIX = ConfigOptions.key("sink.transactional-id-prefix")
            .stringType().noDefaultValue()
            .withDescription("Prefix of the transactional ids with exactly-once; unique per job writing to the cluster.");
}
