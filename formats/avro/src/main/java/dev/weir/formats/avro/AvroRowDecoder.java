package dev.weir.formats.avro;

import dev.weir.api.data.Row;
import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.format.RecordLocation;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.SkippedRecords;
import dev.weir.api.metrics.MetricGroup;
import dev.weir.api.types.DataType;
import java.util.function.Consumer;
import org.apache.avro.Schema;

/** Decodes one Avro binary record per message, written with the table's schema. */
final class AvroRowDecoder implements RowDecoder {
    private static final long serialVersionUID = 1L;

    private final DataType rowType;
    /** As JSON: the schema is parsed again on a worker. */
    private final String writerSchema;
    private final boolean ignoreParseErrors;
    private final SkippedRecords skippedRecords;

    private transient AvroRowReader reader;

    AvroRowDecoder(DataType rowType, Schema writerSchema, boolean ignoreParseErrors, String optionPrefix) {
        this.rowType = rowType;
        this.writerSchema = writerSchema.toString();
        this.ignoreParseErrors = ignoreParseErrors;
        this.skippedRecords = new SkippedRecords(optionPrefix + AvroFormatOptions.IGNORE_PARSE_ERRORS.key() + " is true");
        this.reader = AvroRowReader.create(writerSchema, rowType); // fails here, at validation time, on a misfit
    }

    @Override
    public void open(MetricGroup metrics) {
        skippedRecords.open(metrics);
    }

    @Override
    public void decode(byte[] message, RecordLocation location, Consumer<Row> out) {
        if (message == null || message.length == 0) {
            return; // a tombstone carries no row
        }
        if (reader == null) {
            reader = AvroRowReader.create(AvroSchemaConverter.parseSchema(writerSchema), rowType);
        }
        Row row;
        try {
            row = reader.read(message, 0);
        } catch (AvroDataException bad) {
            RecordDecodeException error = new RecordDecodeException(location, bad.getMessage(), bad);
            if (!ignoreParseErrors) {
                throw error;
            }
            skippedRecords.skip(error);
            return;
        }
        out.accept(row);
    }
}
