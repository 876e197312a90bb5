package dev.weir.api.format;

import dev.weir.api.data.Row;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;

/** Decodes a whole stream (a file) into rows, for formats whose records are not one per message. */
public interface StreamDecoder extends Serializable {
    /** @param sourceName the file name, used in error messages */
    Reader open(InputStream in, String sourceName) throws IOException;

    /** Reads rows one by one. */
    interface Reader extends Closeable {
        /** The next row, or null at the end. Bad input raises a {@link RecordDecodeException}. */
        Row read() throws IOException;
    }
}
