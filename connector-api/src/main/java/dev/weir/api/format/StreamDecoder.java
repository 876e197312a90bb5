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

    /**
     * True when this decoder's readers can hand over a bad record ({@link Reader#failedRecord()}) and
     * go on after it, which the {@code skip} and {@code dead-letter} bad-record policies need. Formats
     * framed by {@link LineDelimited} can; a format that frames records itself must implement
     * {@link Reader#failedRecord()} before it says so.
     */
    default boolean isolatesBadRecords() {
        return false;
    }

    /** @param sourceName the file name, used in error messages */
    Reader open(InputStream in, String sourceName) throws IOException;

    /** Reads rows one by one. */
    interface Reader extends Closeable {
        /** The next row, or null at the end. Bad input raises a {@link RecordDecodeException}. */
        Row read() throws IOException;

        /**
         * Right after {@link #read()} threw a {@link RecordDecodeException}: the raw bytes of the record
         * that failed, exactly as framed in the stream (a line without its line break). The reader is
         * then past that record, so the next {@link #read()} continues with the one after it. Null when
         * the decoder does not {@linkplain StreamDecoder#isolatesBadRecords() isolate bad records}.
         */
        default byte[] failedRecord() {
            return null;
        }
    }
}
