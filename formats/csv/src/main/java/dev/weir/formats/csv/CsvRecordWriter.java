package dev.weir.formats.csv;

import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/** Writes rows as CSV records through a Jackson generator; used for messages and for files. */
final class CsvRecordWriter implements Serializable {
    private static final long serialVersionUID = 1L;

    private final DataType rowType;
    private final CsvSettings settings;
    private final CsvValues values;

    CsvRecordWriter(DataType rowType, CsvSettings settings, CsvValues values) {
        this.rowType = rowType;
        this.settings = settings;
        this.values = values;
    }

    /** A generator for the table's dialect; {@code lineSeparator} ends every record ("" for a message). */
    CsvGenerator configure(CsvGenerator generator, String lineSeparator) {
        generator.setSchema(settings.jacksonSchema().withLineSeparator(lineSeparator));
        // Tells an empty string ("") apart from NULL (an empty unquoted field).
        generator.enable(CsvGenerator.Feature.ALWAYS_QUOTE_EMPTY_STRINGS);
        return generator;
    }

    void writeHeader(CsvGenerator generator) throws IOException {
        writeRecord(generator, rowType.fieldNames());
    }

    private static void writeRecord(CsvGenerator generator, List<String> fields) throws IOException {
        generator.writeStartArray();
        for (String field : fields) {
            generator.writeString(field);
        }
        generator.writeEndArray();
    }

    /** Checks the whole row before writing any of it, so a bad row leaves no partial record behind. */
    void write(CsvGenerator generator, Row row) throws IOException {
        if (row.arity() != rowType.fieldCount()) {
            throw new IllegalArgumentException("Cannot encode the row as CSV: expected " + rowType.fieldCount()
                    + " fields, found " + row.arity() + ": " + row);
        }
        String[] fields = new String[row.arity()];
        for (int i = 0; i < fields.length; i++) {
            Object value = row.getField(i);
            DataType type = rowType.fieldType(i);
            try {
                fields[i] = value == null ? settings.nullLiteral() : values.format(type, value);
            } catch (ClassCastException e) {
                throw new IllegalArgumentException("Cannot encode the row as CSV: column '"
                        + rowType.fieldNames().get(i) + "': " + CsvValues.describeWrongClass(type, value));
            }
        }
        generator.writeStartArray();
        for (int i = 0; i < fields.length; i++) {
            String field = fields[i];
            if (field == null) {
                generator.writeRawValue(""); // NULL without a null literal: an empty unquoted field
            } else if (!needsQuotes(field)) {
                // Jackson's own check quotes any text with a character below the delimiter (with ';'
                // every number), so quoting is decided here, by RFC 4180's rules.
                generator.writeRawValue(field);
            } else {
                generator.writeString(field);
            }
        }
        generator.writeEndArray();
    }

    /**
     * Empty strings (to tell them from NULL), and text with the delimiter, a quote or escape
     * character, a line break, edge spaces, or a leading comment mark when comments are allowed.
     */
    private boolean needsQuotes(String text) {
        if (text.isEmpty() || settings.quoteCharacter() == null) {
            return true; // without a quote character Jackson escapes instead: let it
        }
        if (Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(text.charAt(text.length() - 1))
                || (settings.allowComments() && text.charAt(0) == '#')) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == settings.fieldDelimiter() || c == settings.quoteCharacter() || c == '\n' || c == '\r'
                    || (settings.escapeCharacter() != null && c == settings.escapeCharacter())) {
                return true;
            }
        }
        return false;
    }
}
