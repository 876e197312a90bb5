package dev.weir.api.format;

import dev.weir.api.data.Row;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;

/** Encodes rows into a stream (a file), for formats with headers or framing. */
public interface StreamEncoder extends Serializable {
    Writer open(OutputStream out) throws IOException;

    /** Writes rows one by one; {@link #finish()} writes any trailer and flushes, without closing the stream. */
    interface Writer {
        void write(Row row) throws IOException;

        void finish() throws IOException;
    }
}
