package dev.weir.formats.json;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;

/** The options of the 'json' format. Keys, defaults and meanings are those of Flink's json format. */
public final class JsonFormatOptions {
    private JsonFormatOptions() {
    }

    /** How TIMESTAMP and TIMESTAMP_LTZ values are written as text. */
    public enum TimestampFormat {
        /** {@code 2024-01-02 03:04:05.123}, and {@code 2024-01-02 03:04:05.123Z} for TIMESTAMP_LTZ. */
        SQL,
        /** {@code 2024-01-02T03:04:05.123}, and {@code 2024-01-02T03:04:05.123Z} for TIMESTAMP_LTZ. */
        ISO_8601;

        @Override
        public String toString() {
            return this == SQL ? "SQL" : "ISO-8601";
        }
    }

    /** What the encoder does with a NULL key of a MAP. */
    public enum MapNullKeyMode {
        FAIL,
        DROP,
        LITERAL
    }

    public static final ConfigOption<Boolean> FAIL_ON_MISSING_FIELD = ConfigOptions.key("fail-on-missing-field")
            .booleanType()
            .defaultValue(false)
            .withDescription("Whether a JSON object that lacks a field of the table's row type is an error. When false,"
                    + " the missing field is read as NULL (and is an error only if the column is NOT NULL).");

    public static final ConfigOption<Boolean> IGNORE_PARSE_ERRORS = ConfigOptions.key("ignore-parse-errors")
            .booleanType()
            .defaultValue(false)
            .withDescription("Whether to skip records that cannot be decoded (malformed JSON, a value of the wrong"
                    + " type, NULL in a NOT NULL column) instead of failing. Every skipped record is logged with its"
                    + " location and counted in the metric 'numRecordsSkipped'.");

    public static final ConfigOption<TimestampFormat> TIMESTAMP_FORMAT = ConfigOptions.key("timestamp-format.standard")
            .enumType(TimestampFormat.class)
            .defaultValue(TimestampFormat.SQL)
            .withDescription("The textual form of TIMESTAMP and TIMESTAMP_LTZ values, for reading and writing. 'SQL':"
                    + " '2024-01-02 03:04:05.123'; 'ISO-8601': '2024-01-02T03:04:05.123'. TIMESTAMP_LTZ values are in"
                    + " UTC and carry a trailing 'Z' in both forms.");

    public static final ConfigOption<MapNullKeyMode> MAP_NULL_KEY_MODE = ConfigOptions.key("map-null-key.mode")
            .enumType(MapNullKeyMode.class)
            .defaultValue(MapNullKeyMode.FAIL)
            .withDescription("What encoding does with a NULL key in a MAP value: 'FAIL' raises an error, 'DROP' leaves"
                    + " the entry out, 'LITERAL' writes the key as the string in 'map-null-key.literal'.");

    public static final ConfigOption<String> MAP_NULL_KEY_LITERAL = ConfigOptions.key("map-null-key.literal")
            .stringType()
            .defaultValue("null")
            .withDescription("The key written for a NULL MAP key when 'map-null-key.mode' is 'LITERAL'.");

    public static final ConfigOption<Boolean> ENCODE_DECIMAL_AS_PLAIN_NUMBER =
            ConfigOptions.key("encode.decimal-as-plain-number")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Whether DECIMAL values are written as plain numbers, never in scientific"
                            + " notation: 0.000000027 instead of 2.7E-8.");

    public static final ConfigOption<Boolean> ENCODE_IGNORE_NULL_FIELDS = ConfigOptions.key("encode.ignore-null-fields")
            .booleanType()
            .defaultValue(false)
            .withDescription("Whether NULL fields are left out of the encoded JSON object instead of written as null.");
}
