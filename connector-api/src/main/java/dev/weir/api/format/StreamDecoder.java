package dev.weir.api.format;

import dev.weir.api.data.Row;
import dev.weir.api.metrics.MetricGroup;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;

/** Decodes a whole stream (a file) into rows, for formats whose records are not one per message. */
public interface StreamDecoder extends Serializable {
    /** Runtime setup, as {@link RowDecoder#open}: formats count skipped records in {@code numRecordsSkipped}. */
    default void open(MetricGroup metrics) {
    }

    /** @param sourceName the file name, used in error messages */
    Reader open(InputStream in, String sourceName) throws IOException;

    /** Reads rows one by one. */
    interface Reader extends Closeable {
        /** The next row, or null at the end. Bad input raises a {@link RecordDecodeException}. */
        Row read() throws IOException;
    }
}
