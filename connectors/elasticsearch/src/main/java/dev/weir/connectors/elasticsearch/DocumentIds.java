package dev.weir.connectors.elasticsearch;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.api.types.TypeRoot;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * Document ids from the primary key, as Flink's Elasticsearch sink makes them: the key columns'
 * values as text (temporal values in ISO-8601, e.g. {@code 2024-01-31T12:00}), joined by
 * 'document-id.key-delimiter'. A NULL key value is written as {@code null}, as Flink does.
 */
final class DocumentIds implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Flink rejects these key types too: they have no stable text form. */
    private static final Set<TypeRoot> UNSUPPORTED = Set.of(TypeRoot.ARRAY, TypeRoot.MAP, TypeRoot.ROW, TypeRoot.BYTES);

    private final int[] keyFields;
    private final String delimiter;

    private DocumentIds(int[] keyFields, String delimiter) {
        this.keyFields = keyFields;
        this.delimiter = delimiter;
    }

    /** The ids of a table with this primary key; null (and problems) when a key column's type cannot make an id. */
    static DocumentIds of(List<String> primaryKey, DataType rowType, String delimiter, List<String> problems) {
        int[] fields = new int[primaryKey.size()];
        for (int i = 0; i < fields.length; i++) {
            String column = primaryKey.get(i);
            fields[i] = rowType.fieldNames().indexOf(column);
            if (fields[i] < 0) {
                problems.add("primary key column '" + column + "' is not a physical column.");
                return null;
            }
            DataType type = rowType.fieldType(fields[i]);
            if (UNSUPPORTED.contains(type.root())) {
                problems.add("primary key column '" + column + "' has type " + type
                        + ", which cannot be a document id; use columns of scalar types.");
                return null;
            }
        }
        return new DocumentIds(fields, delimiter);
    }

    String idOf(Row row) {
        if (keyFields.length == 1) {
            return text(row.getField(keyFields[0]));
        }
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < keyFields.length; i++) {
            if (i > 0) {
                id.append(delimiter);
            }
            id.append(text(row.getField(keyFields[i])));
        }
        return id.toString();
    }

    private static String text(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return String.valueOf(value);
    }
}
