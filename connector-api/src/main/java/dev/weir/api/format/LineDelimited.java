package dev.weir.api.format;

import dev.weir.api.data.Row;
import dev.weir.api.metrics.MetricGroup;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The default file framing: one message per line ('\n', with an optional '\r' before it). Lets a
 * message format such as JSON or raw read and write files with no code of its own.
 */
public final class LineDelimited {
    private LineDelimited() {
    }

    public static StreamDecoder decoder(RowDecoder decoder) {
        return new StreamDecoder() {
            @Override
            public void open(MetricGroup metrics) {
                decoder.open(metrics);
            }

            @Override
            public boolean isolatesBadRecords() {
                return true;
            }

            @Override
            public Reader open(InputStream in, String sourceName) {
                return new LineReader(in, sourceName, decoder);
            }
        };
    }

    public static StreamEncoder encoder(RowEncoder encoder) {
        return out -> new StreamEncoder.Writer() {
            @Override
            public void write(Row row) throws IOException {
                writeLine(out, encoder.encode(row));
            }

            @Override
            public void finish() throws IOException {
                out.flush();
            }
        };
    }

    private static final class LineReader implements StreamDecoder.Reader {
        private final InputStream in;
        private final String sourceName;
        private final RowDecoder decoder;
        private final ArrayDeque<Row> pending = new ArrayDeque<>();
        /** Rows of the line being decoded: they reach {@code pending} only if the whole line decodes. */
        private final List<Row> decoded = new ArrayList<>();
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        private byte[] failedRecord;
        private long lineNumber;
        private boolean eof;

        LineReader(InputStream in, String sourceName, RowDecoder decoder) {
            this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 64 * 1024);
            this.sourceName = sourceName;
            this.decoder = decoder;
        }

        @Override
        public Row read() throws IOException {
            while (pending.isEmpty()) {
                if (eof || !nextLine()) {
                    return null;
                }
                if (line.size() == 0) {
                    continue; // blank lines carry no record
                }
                byte[] message = line.toByteArray();
                decoded.clear();
                try {
                    decoder.decode(message, RecordLocation.ofLine(sourceName, lineNumber), decoded::add);
                } catch (RecordDecodeException e) {
                    failedRecord = message;
                    throw e;
                }
                pending.addAll(decoded);
            }
            failedRecord = null;
            return pending.poll();
        }

        @Override
        public byte[] failedRecord() {
            return failedRecord;
        }

        private boolean nextLine() throws IOException {
            line.reset();
            int b;
            boolean any = false;
            while ((b = in.read()) != -1) {
                any = true;
                if (b == '\n') {
                    break;
                }
                line.write(b);
            }
            if (b == -1) {
                eof = true;
            }
            if (!any) {
                return false;
            }
            lineNumber++;
            byte[] buf = line.toByteArray();
            if (buf.length > 0 && buf[buf.length - 1] == '\r') {
                line.reset();
                line.write(buf, 0, buf.length - 1);
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Writes raw bytes followed by a newline; shared by formats that frame by lines. */
    public static void writeLine(OutputStream out, byte[] message) throws IOException {
        out.write(message);
        out.write('\n');
    }
}
