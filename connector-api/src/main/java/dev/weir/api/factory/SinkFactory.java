package dev.weir.api.factory;

import dev.weir.api.sink.Sink;
import dev.weir.api.types.DataType;
import java.util.Map;

/** Creates a {@link Sink} for a table. */
public interface SinkFactory extends Factory {
    /** The sink receives the physical columns, then the non-virtual metadata columns. */
    Sink createSink(TableContext context);

    /** Metadata a sink can write, by key, with its type (e.g. Kafka's 'headers'). */
    default Map<String, DataType> writableMetadata() {
        return Map.of();
    }
}
