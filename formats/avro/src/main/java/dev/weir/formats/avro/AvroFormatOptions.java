package dev.weir.formats.avro;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import dev.weir.api.config.Configuration;
import dev.weir.api.format.FormatContext;
import java.util.Locale;
import org.apache.avro.Schema;

/**
 * The options of the 'avro' format. 'avro-confluent' declares the same schema options (these
 * constants), so both formats derive and check schemas alike.
 */
public final class AvroFormatOptions {
    private AvroFormatOptions() {
    }

    /** Compression of Avro data files (the container format); messages are never compressed. */
    public enum Codec {
        NULL,
        DEFLATE,
        BZIP2;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final ConfigOption<String> SCHEMA = ConfigOptions.key("schema")
            .stringType()
            .noDefaultValue()
            .withDescription("The Avro schema (JSON) to write with and to read as, instead of the one derived from"
                    + " the table. It must be a record whose fields fit the columns by name; enums and fixed types can"
                    + " only be had this way.");

    public static final ConfigOption<String> RECORD_NAME = ConfigOptions.key("record-name")
            .stringType()
            .defaultValue("record")
            .withDescription("The name of the record in the schema derived from the table. Nested rows become records"
                    + " named '<parent>_<field>'.");

    public static final ConfigOption<String> NAMESPACE = ConfigOptions.key("namespace")
            .stringType()
            .noDefaultValue()
            .withDescription("The namespace of the records in the schema derived from the table; none by default.");

    public static final ConfigOption<Boolean> IGNORE_PARSE_ERRORS = ConfigOptions.key("ignore-parse-errors")
            .booleanType()
            .defaultValue(false)
            .withDescription("Whether to skip records that cannot be decoded (corrupt or truncated Avro data, a value"
                    + " that does not fit its column) instead of failing. Every skipped record is logged with its"
                    + " location and counted in the metric 'numRecordsSkipped'.");

    public static final ConfigOption<Codec> CODEC = ConfigOptions.key("codec")
            .enumType(Codec.class)
            .defaultValue(Codec.NULL)
            .withDescription("The compression of Avro data files written by file connectors: 'null' (none), 'deflate'"
                    + " or 'bzip2'. Files are read with whatever codec they name.");

    /**
     * The table's Avro schema: the 'schema' option, which must be a record, or else the schema derived
     * from the row type with 'record-name' and 'namespace'. Whether the schema fits the row type is
     * checked by whoever reads or writes with it.
     *
     * @throws IllegalArgumentException naming the option when the schema or a name is not valid
     */
    public static Schema tableSchema(FormatContext context) {
        Configuration options = context.options();
        String prefix = context.optionPrefix();
        String given = options.get(SCHEMA);
        if (given != null) {
            try {
                return AvroSchemaConverter.requireRecord(AvroSchemaConverter.parseSchema(given));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the option '" + prefix + SCHEMA.key() + "': " + e.getMessage(), e);
            }
        }
        try {
            return AvroSchemaConverter.deriveSchema(context.rowType(), options.get(RECORD_NAME), options.get(NAMESPACE));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot derive an Avro schema from the row type: " + e.getMessage()
                    + " (or give one with '" + prefix + SCHEMA.key() + "')", e);
        }
    }
}
