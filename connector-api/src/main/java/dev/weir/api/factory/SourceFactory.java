package dev.weir.api.factory;

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

    /** Metadata a source can read, by key, with its type (e.g. Kafka's 'offset' BIGINT). */
    default Map<String, DataType> readableMetadata() {
        return Map.of();
    }
}
