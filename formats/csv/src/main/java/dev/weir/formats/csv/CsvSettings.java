package dev.weir.formats.csv;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.Configuration;
import dev.weir.api.format.FormatContext;
import dev.weir.api.format.RecordSizeLimit;
import java.io.Serializable;

/**
 * The csv options of one table, checked and parsed once.
 *
 * @param quoteCharacter null when quoting is disabled
 * @param escapeCharacter null when there is none
 * @param nullLiteral null when NULL is only the empty unquoted field
 * @param sizeLimit 'max-record-size'
 */
record CsvSettings(char fieldDelimiter, Character quoteCharacter, Character escapeCharacter, boolean allowComments,
                   boolean ignoreParseErrors, String arrayElementDelimiter, String nullLiteral,
                   boolean decimalInScientificNotation, boolean header, RecordSizeLimit sizeLimit)
        implements Serializable {

    static CsvSettings of(FormatContext context) {
        Configuration options = context.options();
        String prefix = context.optionPrefix();
        if (options.get(CsvFormatOptions.DISABLE_QUOTE_CHARACTER) && options.contains(CsvFormatOptions.QUOTE_CHARACTER)) {
            throw new IllegalArgumentException("the options '" + prefix + CsvFormatOptions.QUOTE_CHARACTER.key()
                    + "' and '" + prefix + CsvFormatOptions.DISABLE_QUOTE_CHARACTER.key()
                    + "' cannot be used together: either set a quote character or disable quoting.");
        }
        String arrayElementDelimiter = options.get(CsvFormatOptions.ARRAY_ELEMENT_DELIMITER);
        if (arrayElementDelimiter.isEmpty()) {
            throw new IllegalArgumentException("the option '" + prefix + CsvFormatOptions.ARRAY_ELEMENT_DELIMITER.key()
                    + "' cannot be empty.");
        }
        Character quote = options.get(CsvFormatOptions.DISABLE_QUOTE_CHARACTER) ? null
                : singleCharacter(options, prefix, CsvFormatOptions.QUOTE_CHARACTER);
        Character escape = options.contains(CsvFormatOptions.ESCAPE_CHARACTER)
                ? singleCharacter(options, prefix, CsvFormatOptions.ESCAPE_CHARACTER) : null;
        return new CsvSettings(singleCharacter(options, prefix, CsvFormatOptions.FIELD_DELIMITER), quote, escape,
                options.get(CsvFormatOptions.ALLOW_COMMENTS), options.get(CsvFormatOptions.IGNORE_PARSE_ERRORS),
                arrayElementDelimiter, options.get(CsvFormatOptions.NULL_LITERAL),
                options.get(CsvFormatOptions.WRITE_BIGDECIMAL_IN_SCIENTIFIC_NOTATION),
                options.get(CsvFormatOptions.HEADER), RecordSizeLimit.of(context));
    }

    /** One character; '\t' (backslash, t) also stands for a tab, as Flink accepts it. */
    private static char singleCharacter(Configuration options, String prefix, ConfigOption<String> option) {
        String value = options.get(option);
        if (value.equals("\\t")) {
            return '\t';
        }
        if (value.length() != 1) {
            throw new IllegalArgumentException("the option '" + prefix + option.key()
                    + "' must be a single character, but was '" + value + "'.");
        }
        return value.charAt(0);
    }

    /** A parser factory that accepts values as long as a record may be. */
    CsvFactory jacksonFactory() {
        return CsvFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(sizeLimit.maxValueChars()).build())
                .build();
    }

    /** The dialect as Jackson's CSV parser and generator understand it; records are lists of fields. */
    CsvSchema jacksonSchema() {
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(fieldDelimiter).withLineSeparator("\n");
        schema = quoteCharacter == null ? schema.withoutQuoteChar() : schema.withQuoteChar(quoteCharacter);
        schema = escapeCharacter == null ? schema.withoutEscapeChar() : schema.withEscapeChar(escapeCharacter);
        return allowComments ? schema.withComments() : schema.withoutComments();
    }
}
