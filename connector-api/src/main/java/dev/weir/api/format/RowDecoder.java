package dev.weir.api.format;

import dev.weir.api.data.Row;
import dev.weir.api.metrics.MetricGroup;
import java.io.Serializable;
import java.util.function.Consumer;

/**
 * Decodes one message (a Kafka value, a line of a file) into rows of the format's row type.
 * Serializable because sources that hold it are shipped to workers; {@link #open} runs on the worker.
 */
public interface RowDecoder extends Serializable {
    /** Runtime setup; formats count skipped records in {@code numRecordsSkipped}. */
    default void open(MetricGroup metrics) {
    }

    /**
     * Decodes a message into zero or more rows. Bad input raises a {@link RecordDecodeException}
     * naming the location, unless the format was configured to skip it (and count it).
     */
    void decode(byte[] message, RecordLocation location, Consumer<Row> out);
}
