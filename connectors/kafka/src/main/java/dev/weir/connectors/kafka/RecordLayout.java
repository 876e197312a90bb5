package dev.weir.connectors.kafka;

import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a table's columns live in a Kafka record: which physical columns the key format carries
 * (key.fields, named without key.fields-prefix), which the value format carries (value.fields-include),
 * and which metadata follows the physical columns.
 */
final class RecordLayout implements Serializable {

    private final int physicalArity;
    private final int[] keyIndexes;
    private final int[] valueIndexes;
    private final DataType keyType;
    private final DataType valueType;
    private final List<String> metadataKeys;

    RecordLayout(DataType physicalType, int[] keyIndexes, int[] valueIndexes, String keyPrefix, List<String> metadataKeys) {
        this.physicalArity = physicalType.fieldCount();
        this.keyIndexes = keyIndexes;
        this.valueIndexes = valueIndexes;
        this.keyType = project(physicalType, keyIndexes, keyPrefix == null ? "" : keyPrefix);
        this.valueType = project(physicalType, valueIndexes, "");
        this.metadataKeys = List.copyOf(metadataKeys);
    }

    private static DataType project(DataType type, int[] indexes, String prefixToStrip) {
        List<DataTypes.Field> fields = new ArrayList<>();
        for (int i : indexes) {
            String name = type.fieldNames().get(i);
            fields.add(DataTypes.FIELD(name.substring(prefixToStrip.length()), type.fieldType(i)));
        }
        return DataTypes.ROW(fields);
    }

    DataType keyType() {
        return keyType;
    }

    DataType valueType() {
        return valueType;
    }

    boolean hasKey() {
        return keyIndexes.length > 0;
    }

    List<String> metadataKeys() {
        return metadataKeys;
    }

    int metadataPosition(int metadataIndex) {
        return physicalArity + metadataIndex;
    }

    /** A produced row (physical columns, then metadata) from the decoded key and value rows; either may be null. */
    Row combine(Row key, Row value, RowKind kind) {
        Row row = new Row(kind, new Object[physicalArity + metadataKeys.size()]);
        if (key != null) {
            for (int i = 0; i < keyIndexes.length; i++) {
                row.setField(keyIndexes[i], key.getField(i));
            }
        }
        if (value != null) {
            for (int i = 0; i < valueIndexes.length; i++) {
                row.setField(valueIndexes[i], value.getField(i));
            }
        }
        return row;
    }

    Row keyOf(Row row) {
        return project(row, keyIndexes);
    }

    Row valueOf(Row row) {
        return project(row, valueIndexes);
    }

    private static Row project(Row row, int[] indexes) {
        Object[] fields = new Object[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            fields[i] = row.getField(indexes[i]);
        }
        return new Row(RowKind.INSERT, fields);
    }
}
