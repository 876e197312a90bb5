package dev.weir.connectors.kafka;

import static dev.weir.connectors.kafka.KafkaOptions.*;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.data.ChangelogMode;
import dev.weir.api.factory.TableContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code 'connector' = 'upsert-kafka'}: a changelog keyed by the primary key. Reading, each record
 * is an upsert of its key and a tombstone (null value) a DELETE; writing, INSERT and UPDATE_AFTER
 * become records keyed by the primary key and DELETE a tombstone. Reads from the earliest offset.
 */
public final class UpsertKafkaTableFactory extends KafkaFactoryBase {

    @Override
    public String identifier() {
        return "upsert-kafka";
    }

    @Override
    public String description() {
        return "A Kafka topic as a changelog keyed by the table's primary key: records are upserts, tombstones deletes.";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(PROPS_BOOTSTRAP_SERVERS, KEY_FORMAT);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> options = new HashSet<>(commonOptions());
        options.remove(KEY_FORMAT); // required here: the primary key is always written as the Kafka key
        return options;
    }

    @Override
    List<String> keyColumns(TableContext context, List<String> problems) {
        List<String> primaryKey = context.schema().primaryKey();
        if (primaryKey.isEmpty()) {
            problems.add("'upsert-kafka' needs a PRIMARY KEY: it becomes the Kafka key.");
        }
        return primaryKey;
    }

    @Override
    boolean upsert() {
        return true;
    }

    @Override
    public ChangelogMode producedChangelogMode(TableContext context) {
        return ChangelogMode.upsert();
    }

    @Override
    public ChangelogMode acceptedChangelogMode(TableContext context) {
        return ChangelogMode.upsert();
    }
}
