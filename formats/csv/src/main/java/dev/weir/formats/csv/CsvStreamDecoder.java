package dev.weir.formats.csv;

import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import dev.weir.api.data.Row;
import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.format.RecordLocation;
import dev.weir.api.format.SkippedRecords;
import dev.weir.api.format.StreamDecoder;
import dev.weir.api.metrics.MetricGroup;
import dev.weir.api.types.DataType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a CSV file (UTF-8). Records are framed by the CSV grammar, not by lines, so quoted fields
 * may hold line breaks; errors name the line a record starts on. With 'header', the first record
 * names the columns.
 */
final class CsvStreamDecoder implements StreamDecoder {
    private static final long serialVersionUID = 1L;

    private final DataType rowType;
    private final CsvSettings settings;
    private final CsvValues values;
    private final SkippedRecords skippedRecords = new SkippedRecords("csv.ignore-parse-errors is true");

    CsvStreamDecoder(DataType rowType, CsvSettings settings, CsvValues values) {
        this.rowType = rowType;
        this.settings = settings;
        this.values = values;
    }

    @Override
    public void open(MetricGroup metrics) {
        skippedRecords.open(metrics);
    }

    /** Dialects with ASCII delimiter, quote and escape characters are framed record by record. */
    @Override
    public boolean isolatesBadRecords() {
        return CsvRecordFramer.supports(settings);
    }

    @Override
    public Reader open(InputStream in, String sourceName) throws IOException {
        return isolatesBadRecords() ? new FramedReader(in, sourceName) : streamingReader(in, sourceName);
    }

    /**
     * Frames records first ({@link CsvRecordFramer}) and parses each on its own, so a record that fails
     * is known byte for byte ({@link Reader#failedRecord()}) and the next one starts cleanly after it.
     */
    private final class FramedReader implements Reader {
        private final CsvFactory factory = settings.jacksonFactory();
        private final CsvRecordFramer framer;
        private final String sourceName;
        private final ArrayDeque<Row> pending = new ArrayDeque<>();
        private final List<Row> decoded = new ArrayList<>();
        private CsvRowConverter converter;
        private byte[] failedRecord;

        FramedReader(InputStream in, String sourceName) {
            this.framer = new CsvRecordFramer(in, settings);
            this.sourceName = sourceName;
        }

        @Override
        public Row read() throws IOException {
            failedRecord = null;
            while (pending.isEmpty()) {
                byte[] record = framer.next();
                if (record == null) {
                    return null;
                }
                if (record.length == 0) {
                    continue; // a blank line
                }
                RecordLocation location = RecordLocation.ofLine(sourceName, framer.recordLine());
                decoded.clear();
                try {
                    settings.sizeLimit().check(record.length, location);
                    decode(record, location);
                } catch (RecordDecodeException error) {
                    if (converter == null) {
                        throw error; // the header: nothing can be read without it
                    }
                    if (!settings.ignoreParseErrors()) {
                        failedRecord = record;
                        throw error;
                    }
                    skippedRecords.skip(error);
                    continue;
                }
                pending.addAll(decoded);
            }
            return pending.poll();
        }

        /** Rows of one framed record into {@code decoded}; the header (the first record) sets the converter. */
        private void decode(byte[] record, RecordLocation location) throws IOException {
            try (CsvRecordReader records = new CsvRecordReader(factory, settings.jacksonSchema(),
                    new ByteArrayInputStream(record))) {
                List<String> fields;
                while ((fields = next(records, location)) != null) {
                    if (converter == null) {
                        converter = settings.header()
                                ? CsvRowConverter.byHeader(rowType, values, fields, location)
                                : CsvRowConverter.byPosition(rowType, values);
                        if (settings.header()) {
                            continue;
                        }
                    }
                    decoded.add(converter.toRow(fields, location));
                }
            }
        }

        private List<String> next(CsvRecordReader records, RecordLocation location) throws IOException {
            try {
                return records.next();
            } catch (IOException e) {
                RecordDecodeException undecodable = CsvRecordReader.decodeError(e, location);
                if (undecodable == null) {
                    throw e;
                }
                throw undecodable;
            }
        }

        @Override
        public byte[] failedRecord() {
            return failedRecord;
        }

        @Override
        public void close() throws IOException {
            framer.close();
        }
    }

    private Reader streamingReader(InputStream in, String sourceName) throws IOException {
        CsvRecordReader records = new CsvRecordReader(settings.jacksonFactory(), settings.jacksonSchema(), in);
        CsvRowConverter converter = settings.header()
                ? converterFromHeader(records, sourceName)
                : CsvRowConverter.byPosition(rowType, values);
        return new Reader() {
            @Override
            public Row read() throws IOException {
                while (true) {
                    List<String> fields;
                    try {
                        fields = records.next();
                    } catch (StreamReadException malformed) {
                        skipOrThrow(decodeError(malformed, records, sourceName));
                        if (!records.skipRestOfRecord()) {
                            return null;
                        }
                        continue;
                    } catch (IOException e) {
                        // Invalid UTF-8 or a value beyond the parser's limit: the parser cannot find the next
                        // record after it, so this fails even when parse errors are ignored.
                        throw decodeError(e, records, sourceName);
                    }
                    if (fields == null) {
                        return null;
                    }
                    try {
                        return converter.toRow(fields, RecordLocation.ofLine(sourceName, records.recordLine()));
                    } catch (RecordDecodeException error) {
                        skipOrThrow(error);
                    }
                }
            }

            @Override
            public void close() throws IOException {
                records.close();
                in.close();
            }
        };
    }

    /** With no header at all (an empty file) there are no records, so any mapping will do. */
    private CsvRowConverter converterFromHeader(CsvRecordReader records, String sourceName) throws IOException {
        List<String> header;
        try {
            header = records.next();
        } catch (IOException e) {
            throw decodeError(e, records, sourceName);
        }
        if (header == null) {
            return CsvRowConverter.byPosition(rowType, values);
        }
        return CsvRowConverter.byHeader(rowType, values, header,
                RecordLocation.ofLine(sourceName, records.recordLine()));
    }

    /** {@code e} as the undecodable record it is, or {@code e} itself when the input could not be read. */
    private static RecordDecodeException decodeError(IOException e, CsvRecordReader records,
                                                     String sourceName) throws IOException {
        RecordDecodeException undecodable = CsvRecordReader.decodeError(e,
                RecordLocation.ofLine(sourceName, records.recordLine()));
        if (undecodable == null) {
            throw e;
        }
        return undecodable;
    }

    private void skipOrThrow(RecordDecodeException error) {
        if (!settings.ignoreParseErrors()) {
            throw error;
        }
        skippedRecords.skip(error);
    }
}
