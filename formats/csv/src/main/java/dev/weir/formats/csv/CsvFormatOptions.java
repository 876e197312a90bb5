package dev.weir.formats.csv;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;

/** The options of the 'csv' format: Flink's csv options, plus 'header' for files. */
public final class CsvFormatOptions {
    private CsvFormatOptions() {
    }

    public static final ConfigOption<String> FIELD_DELIMITER = ConfigOptions.key("field-delimiter")
            .stringType()
            .defaultValue(",")
            .withDescription("The character between fields: one character, or '\\t' for a tab.");

    public static final ConfigOption<String> QUOTE_CHARACTER = ConfigOptions.key("quote-character")
            .stringType()
            .defaultValue("\"")
            .withDescription("The character that encloses a field containing the delimiter, a quote or a line break;"
                    + " a quote inside such a field is doubled.");

    public static final ConfigOption<Boolean> DISABLE_QUOTE_CHARACTER = ConfigOptions.key("disable-quote-character")
            .booleanType()
            .defaultValue(false)
            .withDescription("Whether to read and write fields without quoting. Cannot be combined with"
                    + " 'quote-character'.");

    public static final ConfigOption<Boolean> ALLOW_COMMENTS = ConfigOptions.key("allow-comments")
            .booleanType()
            .defaultValue(false)
            .withDescription("Whether lines starting with '#' are comments, which are skipped.");

    public static final ConfigOption<Boolean> IGNORE_PARSE_ERRORS = ConfigOptions.key("ignore-parse-errors")
            .booleanType()
            .defaultValue(false)
            .withDescription("Whether to skip records that cannot be decoded (a wrong number of fields, a value that"
                    + " does not fit its column, broken quoting) instead of failing. Every skipped record is logged"
                    + " with its location and counted in the metric 'numRecordsSkipped'.");

    public static final ConfigOption<String> ARRAY_ELEMENT_DELIMITER = ConfigOptions.key("array-element-delimiter")
            .stringType()
            .defaultValue(";")
            .withDescription("The string between the elements of an ARRAY column's value.");

    public static final ConfigOption<String> ESCAPE_CHARACTER = ConfigOptions.key("escape-character")
            .stringType()
            .noDefaultValue()
            .withDescription("A character that makes the next character literal, inside or outside quotes (none by"
                    + " default, as RFC 4180).");

    public static final ConfigOption<String> NULL_LITERAL = ConfigOptions.key("null-literal")
            .stringType()
            .noDefaultValue()
            .withDescription("A field value that stands for NULL, such as 'n/a', read and written. Without it NULL is"
                    + " an empty unquoted field, and an empty string is written as \"\".");

    public static final ConfigOption<Boolean> WRITE_BIGDECIMAL_IN_SCIENTIFIC_NOTATION =
            ConfigOptions.key("write-bigdecimal-in-scientific-notation")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription("Whether DECIMAL values may be written in scientific notation (2.7E-8); when"
                            + " false they are written as plain numbers (0.000000027).");

    public static final ConfigOption<Boolean> HEADER = ConfigOptions.key("header")
            .booleanType()
            .defaultValue(false)
            .withDescription("For files (not in Flink): whether the first line names the columns. Reading maps"
                    + " columns by these names, in any order, and fails if a column of the table is not among them;"
                    + " writing starts each file with them. Messages never have a header.");
}
