package dev.weir.connectors.kafka;

import static dev.weir.connectors.kafka.KafkaOptions.*;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.factory.TableContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code 'connector' = 'kafka'}: reads and writes Kafka topics, options as Flink's Kafka connector. */
public final class KafkaTableFactory extends KafkaFactoryBase {

    @Override
    public String identifier() {
        return "kafka";
    }

    @Override
    public String description() {
        return "Reads Kafka topics (partitions as splits, offsets committed on checkpoints) and writes a topic "
                + "with at-least-once or exactly-once (transactional) delivery.";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(PROPS_BOOTSTRAP_SERVERS);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> options = new HashSet<>(commonOptions());
        options.addAll(Set.of(KEY_FIELDS, SCAN_STARTUP_MODE, SCAN_STARTUP_TIMESTAMP_MILLIS, SCAN_STARTUP_SPECIFIC_OFFSETS));
        return options;
    }

    @Override
    List<String> keyColumns(TableContext context, List<String> problems) {
        List<String> keys = context.options().get(KEY_FIELDS);
        return keys == null ? List.of() : keys;
    }

    @Override
    boolean upsert() {
        return false;
    }
}
