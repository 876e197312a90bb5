package dev.weir.formats.csv;

import dev.weir.api.data.Row;
import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.format.RecordLocation;
import dev.weir.api.types.DataType;
import java.io.Serializable;
import java.util.List;

/**
 * Turns a record's fields into a row. Which field feeds which column is fixed per file: by position,
 * or by the header's names.
 */
final class CsvRowConverter implements Serializable {
    private static final long serialVersionUID = 1L;

    private final DataType rowType;
    private final CsvValues values;
    /** For each column, the index of its field in a record. */
    private final int[] fieldIndexes;
    /** The fields a record must have, named for error messages. */
    private final List<String> expectedFields;

    private CsvRowConverter(DataType rowType, CsvValues values, int[] fieldIndexes, List<String> expectedFields) {
        this.rowType = rowType;
        this.values = values;
        this.fieldIndexes = fieldIndexes;
        this.expectedFields = expectedFields;
    }

    /** Columns in table order, one field each. */
    static CsvRowConverter byPosition(DataType rowType, CsvValues values) {
        int[] indexes = new int[rowType.fieldCount()];
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = i;
        }
        return new CsvRowConverter(rowType, values, indexes, rowType.fieldNames());
    }

    /** Columns found by name in a file's header; a column the header lacks is an error naming the file. */
    static CsvRowConverter byHeader(DataType rowType, CsvValues values, List<String> header, RecordLocation headerAt) {
        int[] indexes = new int[rowType.fieldCount()];
        for (int i = 0; i < indexes.length; i++) {
            String column = rowType.fieldNames().get(i);
            indexes[i] = header.indexOf(column);
            if (indexes[i] < 0) {
                throw new RecordDecodeException(headerAt, "the header has no column '" + column
                        + "', which the table needs. Header columns: " + String.join(", ", header) + ".");
            }
        }
        return new CsvRowConverter(rowType, values, indexes, header);
    }

    Row toRow(List<String> fields, RecordLocation location) {
        if (fields.size() != expectedFields.size()) {
            throw new RecordDecodeException(location, "expected " + expectedFields.size() + " fields ("
                    + String.join(", ", expectedFields) + "), found " + fields.size());
        }
        Object[] row = new Object[fieldIndexes.length];
        for (int i = 0; i < fieldIndexes.length; i++) {
            try {
                row[i] = values.parse(rowType.fieldType(i), fields.get(fieldIndexes[i]));
            } catch (IllegalArgumentException e) {
                throw new RecordDecodeException(location, "column '" + rowType.fieldNames().get(i) + "': "
                        + e.getMessage());
            }
        }
        return Row.of(row);
    }
}
