package dev.weir.formats.csv;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * Cuts a CSV byte stream into records as the CSV grammar frames them, without decoding them: a
 * record ends at a line break ('\n', '\r\n' or '\r') outside quotes; a quote opens a quoted field
 * only at the start of a field, and inside one a doubled quote or an escaped character does not
 * close it. A record's bytes are exactly as in the stream, without the line break that ends it, so
 * a record that fails to decode can be handed over as it was. Only for dialects whose delimiter,
 * quote and escape characters are ASCII (one byte each in UTF-8).
 */
final class CsvRecordFramer implements Closeable {
    private final PushbackInputStream in;
    private final int delimiter;
    private final int quote;
    private final int escape;
    private final boolean comments;
    private final ByteArrayOutputStream record = new ByteArrayOutputStream(256);
    /** Line breaks consumed so far. */
    private long lines;
    private long recordLine;

    CsvRecordFramer(InputStream in, CsvSettings settings) {
        this.in = new PushbackInputStream(in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 64 * 1024));
        this.delimiter = settings.fieldDelimiter();
        this.quote = settings.quoteCharacter() == null ? -2 : settings.quoteCharacter();
        this.escape = settings.escapeCharacter() == null ? -2 : settings.escapeCharacter();
        this.comments = settings.allowComments();
    }

    /** True when {@code settings} can be framed byte by byte. */
    static boolean supports(CsvSettings settings) {
        return settings.fieldDelimiter() < 0x80
                && (settings.quoteCharacter() == null || settings.quoteCharacter() < 0x80)
                && (settings.escapeCharacter() == null || settings.escapeCharacter() < 0x80);
    }

    /** The next record's bytes (empty for a blank line), or null at the end of the stream. */
    byte[] next() throws IOException {
        record.reset();
        recordLine = lines + 1;
        int b = in.read();
        if (b == -1) {
            return null;
        }
        boolean comment = comments && b == '#';
        boolean fieldStart = true;
        boolean quoted = false;
        while (b != -1) {
            if (quoted) {
                if (b == quote) {
                    record.write(b);
                    int after = in.read();
                    if (after == quote) {
                        record.write(after);
                        b = in.read();
                    } else {
                        quoted = false;
                        b = after;
                    }
                    continue;
                }
                if (b == escape) {
                    record.write(b);
                    b = in.read();
                    if (b == -1) {
                        break;
                    }
                }
                if (b == '\n') {
                    lines++;
                }
                record.write(b);
                b = in.read();
                continue;
            }
            if (b == '\n') {
                lines++;
                break;
            }
            if (b == '\r') {
                lines++;
                int after = in.read();
                if (after != '\n' && after != -1) {
                    in.unread(after);
                }
                break;
            }
            if (!comment) {
                if (b == escape) {
                    record.write(b);
                    b = in.read();
                    if (b == -1) {
                        break;
                    }
                    if (b == '\n') {
                        lines++;
                    }
                    record.write(b);
                    fieldStart = false;
                    b = in.read();
                    continue;
                }
                if (b == quote && fieldStart) {
                    quoted = true;
                    fieldStart = false;
                    record.write(b);
                    b = in.read();
                    continue;
                }
                fieldStart = b == delimiter;
            }
            record.write(b);
            b = in.read();
        }
        return record.toByteArray();
    }

    /** The line the last record starts on, counting from 1. */
    long recordLine() {
        return recordLine;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
