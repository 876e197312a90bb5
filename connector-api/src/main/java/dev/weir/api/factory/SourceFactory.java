package dev.weir.api.factory;

import dev.weir.api.data.ChangelogMode;
import dev.weir.api.source.Source;
import dev.weir.api.types.DataType;
import java.util.Map;

/** Creates a {@link Source} for a table. Options are validated with {@link FactoryHelper} first. */
public interface SourceFactory extends Factory {
    /**
     * The source produces {@link TableContext#producedRowType()}: physical columns, then the
     * requested metadata columns.
     */
    Source<?, ?> createSource(TableContext context);

    /**
     * The kinds of row this table's source produces. An {@link ChangelogMode#upsert() upsert}
     * source applies its rows by the table's primary key (an INSERT of a known key replaces its row,
     * a DELETE carries the key). Insert-only unless a source says otherwise.
     */
    default ChangelogMode producedChangelogMode(TableContext context) {
        return ChangelogMode.insertOnly();
    }

    /** Metadata a source can read, by key, with its type (e.g. Kafka's 'offset' BIGINT). */
    default Map<String, DataType> readableMetadata() {
        return Map.of();
    }
}
