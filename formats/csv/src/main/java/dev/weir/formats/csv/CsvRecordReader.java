package dev.weir.formats.csv;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.format.RecordLocation;
import java.io.CharConversionException;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV records as lists of field texts, with the line each record starts on (a quoted field
 * may span lines). An empty unquoted field is null; a quoted empty field is ""; blank lines are
 * skipped.
 */
final class CsvRecordReader implements Closeable {
    private final CsvParser parser;
    private long recordLine;

    CsvRecordReader(CsvFactory factory, CsvSchema schema, InputStream in) throws IOException {
        parser = factory.createParser(new LineTerminated(in));
        parser.setSchema(schema);
        parser.enable(CsvParser.Feature.EMPTY_UNQUOTED_STRING_AS_NULL);
    }

    /**
     * The next record's fields, or null at the end. Broken quoting raises a StreamReadException;
     * {@link #skipRestOfRecord()} then moves on to the next record.
     */
    List<String> next() throws IOException {
        List<String> fields;
        do {
            fields = nextIncludingBlankLines();
        } while (fields != null && fields.size() == 1 && fields.get(0) == null);
        return fields;
    }

    /** Jackson's SKIP_EMPTY_LINES does not work together with EMPTY_UNQUOTED_STRING_AS_NULL: a blank line is [null]. */
    private List<String> nextIncludingBlankLines() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return null;
        }
        // The START_ARRAY token still carries the previous record's position: count lines from here.
        recordLine = parser.currentLocation().getLineNr();
        List<String> fields = new ArrayList<>();
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
            if (fields.isEmpty()) {
                recordLine = parser.currentTokenLocation().getLineNr();
            }
            fields.add(token == JsonToken.VALUE_NULL ? null : parser.getText());
        }
        return fields;
    }

    /**
     * What {@link #next()} threw, as a record that cannot be decoded; null for a read error of the
     * input itself, which is no record's fault.
     */
    static RecordDecodeException decodeError(IOException e, RecordLocation location) {
        if (e instanceof StreamReadException malformed) {
            return new RecordDecodeException(location, "malformed CSV: " + malformed.getOriginalMessage(), e);
        }
        if (e instanceof StreamConstraintsException tooLong) {
            return new RecordDecodeException(location, "beyond a limit of the CSV parser: " + tooLong.getOriginalMessage(), e);
        }
        if (e instanceof CharConversionException notUtf8) {
            return new RecordDecodeException(location, "not valid UTF-8: " + notUtf8.getMessage(), e);
        }
        return null;
    }

    /** The line the last record started on, counting from 1. */
    long recordLine() {
        return recordLine;
    }

    /**
     * After a StreamReadException: drops what is left of the broken record. False when nothing more
     * can be read: the end of the input, or a parser that no longer moves forward.
     */
    boolean skipRestOfRecord() throws IOException {
        long stuckAt = -1;
        while (true) {
            JsonToken token;
            try {
                token = parser.nextToken();
            } catch (StreamReadException stillBroken) {
                long at = stillBroken.getLocation().getCharOffset();
                if (at == stuckAt) {
                    return false;
                }
                stuckAt = at;
                continue;
            }
            if (token == null) {
                return false;
            }
            if (token == JsonToken.END_ARRAY) {
                return true;
            }
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /**
     * Ends the input with a line break when it has none: Jackson reads an empty last field as ""
     * instead of null when the input ends without one. A break is added only when missing, since an
     * extra blank line after a quoted field would read as a record of its own.
     */
    private static final class LineTerminated extends FilterInputStream {
        private int last = '\n';
        private boolean terminated;

        LineTerminated(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b == -1) {
                return terminate();
            }
            last = b;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n == -1) {
                int b = terminate();
                if (b == -1) {
                    return -1;
                }
                buffer[offset] = (byte) b;
                return 1;
            }
            if (n > 0) {
                last = buffer[offset + n - 1];
            }
            return n;
        }

        private int terminate() {
            if (terminated || last == '\n') {
                return -1;
            }
            terminated = true;
            return '\n';
        }
    }
}
