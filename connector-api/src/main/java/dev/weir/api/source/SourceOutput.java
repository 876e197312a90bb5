package dev.weir.api.source;

import dev.weir.api.data.Row;

/** Where a reader emits rows. */
public interface SourceOutput {
    void collect(Row row);

    /** Emits a row with its record timestamp (e.g. a Kafka record's timestamp), in epoch millis. */
    void collect(Row row, long timestampMillis);

    /**
     * Declares that no more rows older than this will come. Most connectors never call this: the
     * engine derives watermarks from the table's watermark spec.
     */
    void emitWatermark(long watermarkMillis);

    /** No rows for a while: this output must not hold back the watermark. */
    void markIdle();

    void markActive();
}
