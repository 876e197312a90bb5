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
import java.io.IOException;
import java.io.InputStream;
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

    @Override
    public Reader open(InputStream in, String sourceName) throws IOException {
        CsvRecordReader records = new CsvRecordReader(new CsvFactory(), settings.jacksonSchema(), in);
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
                        skipOrThrow(malformedCsv(malformed, records, sourceName));
                        if (!records.skipRestOfRecord()) {
                            return null;
                        }
                        continue;
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
        } catch (StreamReadException malformed) {
            throw malformedCsv(malformed, records, sourceName);
        }
        if (header == null) {
            return CsvRowConverter.byPosition(rowType, values);
        }
        return CsvRowConverter.byHeader(rowType, values, header,
                RecordLocation.ofLine(sourceName, records.recordLine()));
    }

    private static RecordDecodeException malformedCsv(StreamReadException e, CsvRecordReader records, String sourceName) {
        return new RecordDecodeException(RecordLocation.ofLine(sourceName, records.recordLine()),
                "malformed CSV: " + e.getOriginalMessage(), e);
    }

    private void skipOrThrow(RecordDecodeException error) {
        if (!settings.ignoreParseErrors()) {
            throw error;
        }
        skippedRecords.skip(error);
    }
}
