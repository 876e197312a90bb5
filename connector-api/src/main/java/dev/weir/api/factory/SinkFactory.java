package dev.weir.api.factory;

import dev.weir.api.data.ChangelogMode;
import dev.weir.api.sink.Sink;
import dev.weir.api.types.DataType;
import java.util.Map;

/** Creates a {@link Sink} for a table. */
public interface SinkFactory extends Factory {
    /** The sink receives the physical columns, then the non-virtual metadata columns. */
    Sink createSink(TableContext context);

    /**
     * The kinds of row this table's sink can apply. The engine refuses, at planning, a query whose
     * rows it could not apply (updates into a sink that only appends), and sends an {@link
     * ChangelogMode#upsert() upsert} sink no UPDATE_BEFORE rows, only when its primary key is the
     * query's unique key. Insert-only unless a sink says otherwise.
     */
    default ChangelogMode acceptedChangelogMode(TableContext context) {
        return ChangelogMode.insertOnly();
    }

    /** Metadata a sink can write, by key, with its type (e.g. Kafka's 'headers'). */
    default Map<String, DataType> writableMetadata() {
        return Map.of();
    }
}
