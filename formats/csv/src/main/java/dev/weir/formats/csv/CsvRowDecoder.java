package dev.weir.formats.csv;

import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import dev.weir.api.data.Row;
import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.format.RecordLocation;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.SkippedRecords;
import dev.weir.api.metrics.MetricGroup;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;

/** Decodes a message holding one CSV record; fields map to columns by position. */
final class CsvRowDecoder implements RowDecoder {
    private static final long serialVersionUID = 1L;

    private final CsvSettings settings;
    private final CsvRowConverter converter;
    private final SkippedRecords skippedRecords = new SkippedRecords("csv.ignore-parse-errors is true");
    private transient CsvFactory csvFactory;

    CsvRowDecoder(CsvSettings settings, CsvRowConverter converter) {
        this.settings = settings;
        this.converter = converter;
    }

    @Override
    public void open(MetricGroup metrics) {
        skippedRecords.open(metrics);
    }

    @Override
    public void decode(byte[] message, RecordLocation location, Consumer<Row> out) {
        Row row;
        try {
            row = decode(message, location);
        } catch (RecordDecodeException error) {
            if (!settings.ignoreParseErrors()) {
                throw error;
            }
            skippedRecords.skip(error);
            return;
        }
        if (row != null) {
            out.accept(row);
        }
    }

    /** The row, or null for a message without a record (empty, such as a Kafka tombstone). */
    private Row decode(byte[] message, RecordLocation location) {
        settings.sizeLimit().check(message.length, location);
        if (csvFactory == null) {
            csvFactory = settings.jacksonFactory();
        }
        try (CsvRecordReader records = new CsvRecordReader(csvFactory, settings.jacksonSchema(),
                new ByteArrayInputStream(message))) {
            List<String> fields = records.next();
            if (fields == null) {
                return null;
            }
            if (records.next() != null) {
                throw new RecordDecodeException(location, "the message holds more than one CSV record");
            }
            return converter.toRow(fields, location);
        } catch (IOException e) {
            RecordDecodeException undecodable = CsvRecordReader.decodeError(e, location);
            if (undecodable == null) {
                throw new UncheckedIOException("Cannot read a CSV message from memory", e); // not expected from a byte[]
            }
            throw undecodable;
        }
    }
}
