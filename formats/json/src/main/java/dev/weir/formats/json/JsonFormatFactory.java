package dev.weir.formats.json;

import static dev.weir.formats.json.JsonFormatOptions.ENCODE_DECIMAL_AS_PLAIN_NUMBER;
import static dev.weir.formats.json.JsonFormatOptions.ENCODE_IGNORE_NULL_FIELDS;
import static dev.weir.formats.json.JsonFormatOptions.FAIL_ON_MISSING_FIELD;
import static dev.weir.formats.json.JsonFormatOptions.IGNORE_PARSE_ERRORS;
import static dev.weir.formats.json.JsonFormatOptions.MAP_NULL_KEY_LITERAL;
import static dev.weir.formats.json.JsonFormatOptions.MAP_NULL_KEY_MODE;
import static dev.weir.formats.json.JsonFormatOptions.TIMESTAMP_FORMAT;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.Configuration;
import dev.weir.api.factory.FormatFactory;
import dev.weir.api.format.FormatContext;
import dev.weir.api.format.RecordSizeLimit;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.RowEncoder;
import java.util.Set;

/**
 * The 'json' format: one JSON object per message, or per line of a file. Options and textual forms
 * follow Flink's json format, so tables declared for PyFlink read the same data the same way.
 */
public final class JsonFormatFactory implements FormatFactory {
    public static final String IDENTIFIER = "json";

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "JSON objects, one per message or per line of a file; fields map to columns by name.";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(FAIL_ON_MISSING_FIELD, IGNORE_PARSE_ERRORS, TIMESTAMP_FORMAT, MAP_NULL_KEY_MODE,
                MAP_NULL_KEY_LITERAL, ENCODE_DECIMAL_AS_PLAIN_NUMBER, ENCODE_IGNORE_NULL_FIELDS, RecordSizeLimit.OPTION);
    }

    @Override
    public RowDecoder createDecoder(FormatContext context) {
        Configuration options = context.options();
        boolean failOnMissingField = options.get(FAIL_ON_MISSING_FIELD);
        boolean ignoreParseErrors = options.get(IGNORE_PARSE_ERRORS);
        if (failOnMissingField && ignoreParseErrors) {
            // As in Flink: a missing field cannot be both fatal and skipped.
            throw new IllegalArgumentException("the options '" + context.optionPrefix() + FAIL_ON_MISSING_FIELD.key()
                    + "' and '" + context.optionPrefix() + IGNORE_PARSE_ERRORS.key()
                    + "' cannot both be true: choose whether a record with a missing field fails or is skipped.");
        }
        return new JsonRowDecoder(context.rowType(), failOnMissingField, ignoreParseErrors,
                options.get(TIMESTAMP_FORMAT), RecordSizeLimit.of(context));
    }

    @Override
    public RowEncoder createEncoder(FormatContext context) {
        Configuration options = context.options();
        return new JsonRowEncoder(context.rowType(), options.get(TIMESTAMP_FORMAT), options.get(MAP_NULL_KEY_MODE),
                options.get(MAP_NULL_KEY_LITERAL), options.get(ENCODE_DECIMAL_AS_PLAIN_NUMBER),
                options.get(ENCODE_IGNORE_NULL_FIELDS));
    }
}
