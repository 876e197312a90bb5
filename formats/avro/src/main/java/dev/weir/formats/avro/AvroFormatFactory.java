package dev.weir.formats.avro;

import static dev.weir.formats.avro.AvroFormatOptions.CODEC;
import static dev.weir.formats.avro.AvroFormatOptions.IGNORE_PARSE_ERRORS;
import static dev.weir.formats.avro.AvroFormatOptions.NAMESPACE;
import static dev.weir.formats.avro.AvroFormatOptions.RECORD_NAME;
import static dev.weir.formats.avro.AvroFormatOptions.SCHEMA;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.factory.FormatFactory;
import dev.weir.api.format.FormatContext;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.RowEncoder;
import dev.weir.api.format.StreamDecoder;
import dev.weir.api.format.StreamEncoder;
import java.util.Set;

/**
 * The 'avro' format: one Avro binary record per message, without any header, of a schema derived
 * from the table or given in 'schema'; in files, Avro data files. As Flink's avro format.
 */
public final class AvroFormatFactory implements FormatFactory {
    public static final String IDENTIFIER = "avro";

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "Apache Avro binary records, one per message, or Avro data files; the schema is derived from the"
                + " table or given explicitly.";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(SCHEMA, RECORD_NAME, NAMESPACE, IGNORE_PARSE_ERRORS, CODEC);
    }

    @Override
    public RowDecoder createDecoder(FormatContext context) {
        return new AvroRowDecoder(context.rowType(), AvroFormatOptions.tableSchema(context),
                context.options().get(IGNORE_PARSE_ERRORS), context.optionPrefix());
    }

    @Override
    public RowEncoder createEncoder(FormatContext context) {
        return new AvroRowEncoder(context.rowType(), AvroFormatOptions.tableSchema(context));
    }

    /** Avro data files carry their writer schema, which is resolved against the row type. */
    @Override
    public StreamDecoder createStreamDecoder(FormatContext context) {
        // Checks the table's own schema now, so that a misfit is reported before any file is read.
        AvroRowReader.create(AvroFormatOptions.tableSchema(context), context.rowType());
        return new AvroFileDecoder(context.rowType(), context.options().get(IGNORE_PARSE_ERRORS), context.optionPrefix());
    }

    @Override
    public StreamEncoder createStreamEncoder(FormatContext context) {
        return new AvroFileEncoder(context.rowType(), AvroFormatOptions.tableSchema(context),
                context.options().get(CODEC));
    }
}
