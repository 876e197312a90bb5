package dev.weir.formats.csv;

import static dev.weir.formats.csv.CsvFormatOptions.ALLOW_COMMENTS;
import static dev.weir.formats.csv.CsvFormatOptions.ARRAY_ELEMENT_DELIMITER;
import static dev.weir.formats.csv.CsvFormatOptions.DISABLE_QUOTE_CHARACTER;
import static dev.weir.formats.csv.CsvFormatOptions.ESCAPE_CHARACTER;
import static dev.weir.formats.csv.CsvFormatOptions.FIELD_DELIMITER;
import static dev.weir.formats.csv.CsvFormatOptions.HEADER;
import static dev.weir.formats.csv.CsvFormatOptions.IGNORE_PARSE_ERRORS;
import static dev.weir.formats.csv.CsvFormatOptions.NULL_LITERAL;
import static dev.weir.formats.csv.CsvFormatOptions.QUOTE_CHARACTER;
import static dev.weir.formats.csv.CsvFormatOptions.WRITE_BIGDECIMAL_IN_SCIENTIFIC_NOTATION;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.factory.FormatFactory;
import dev.weir.api.format.FormatContext;
import dev.weir.api.format.RecordSizeLimit;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.RowEncoder;
import dev.weir.api.format.StreamDecoder;
import dev.weir.api.format.StreamEncoder;
import java.util.Set;

/**
 * The 'csv' format (RFC 4180), with Flink's csv options. Files are framed by the CSV grammar rather
 * than by lines, so quoted fields may contain line breaks, and may start with a header.
 */
public final class CsvFormatFactory implements FormatFactory {
    public static final String IDENTIFIER = "csv";

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "Comma-separated values (RFC 4180): one record per message, or a file of records, optionally with a"
                + " header naming the columns.";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(FIELD_DELIMITER, QUOTE_CHARACTER, DISABLE_QUOTE_CHARACTER, ALLOW_COMMENTS, IGNORE_PARSE_ERRORS,
                ARRAY_ELEMENT_DELIMITER, ESCAPE_CHARACTER, NULL_LITERAL, WRITE_BIGDECIMAL_IN_SCIENTIFIC_NOTATION, HEADER,
                RecordSizeLimit.OPTION);
    }

    @Override
    public RowDecoder createDecoder(FormatContext context) {
        CsvSettings settings = settings(context);
        return new CsvRowDecoder(settings, CsvRowConverter.byPosition(context.rowType(), new CsvValues(settings)));
    }

    @Override
    public RowEncoder createEncoder(FormatContext context) {
        return new CsvRowEncoder(recordWriter(context, settings(context)));
    }

    @Override
    public StreamDecoder createStreamDecoder(FormatContext context) {
        CsvSettings settings = settings(context);
        return new CsvStreamDecoder(context.rowType(), settings, new CsvValues(settings));
    }

    @Override
    public StreamEncoder createStreamEncoder(FormatContext context) {
        CsvSettings settings = settings(context);
        return new CsvStreamEncoder(recordWriter(context, settings), settings.header());
    }

    private static CsvSettings settings(FormatContext context) {
        CsvValues.checkSupported(context.tableName(), context.rowType());
        return CsvSettings.of(context);
    }

    private static CsvRecordWriter recordWriter(FormatContext context, CsvSettings settings) {
        return new CsvRecordWriter(context.rowType(), settings, new CsvValues(settings));
    }
}
