package dev.weir.connectors.pulsar;

import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a table's columns live in a Pulsar message: the value holds every physical column, the key
 * (when key.fields is set) the key columns in key order, and metadata columns follow the physical
 * ones in the rows the source produces and the sink receives.
 */
final class MessageLayout implements Serializable {

    private final int physicalArity;
    private final int[] keyIndexes;
    private final DataType keyType;
    private final List<String> metadataKeys;

    MessageLayout(DataType physicalType, int[] keyIndexes, List<String> metadataKeys) {
        this.physicalArity = physicalType.fieldCount();
        this.keyIndexes = keyIndexes.clone();
        List<DataTypes.Field> keyFields = new ArrayList<>();
        for (int i : keyIndexes) {
            keyFields.add(DataTypes.FIELD(physicalType.fieldNames().get(i), physicalType.fieldType(i)));
        }
        this.keyType = DataTypes.ROW(keyFields);
        this.metadataKeys = List.copyOf(metadataKeys);
    }

    DataType keyType() {
        return keyType;
    }

    List<String> metadataKeys() {
        return metadataKeys;
    }

    /** The index of a metadata column in a full row. */
    int metadataPosition(int metadataIndex) {
        return physicalArity + metadataIndex;
    }

    /**
     * A row of the physical columns with room for the metadata columns: the decoded value's, with the
     * key columns taken from the decoded key when there is one (the key is what producers route and
     * compact by, so it wins over a value that repeats or lacks those columns).
     */
    Row combine(Row key, Row value) {
        Row row = new Row(value.kind(), new Object[physicalArity + metadataKeys.size()]);
        for (int i = 0; i < physicalArity; i++) {
            row.setField(i, value.getField(i));
        }
        if (key != null) {
            for (int i = 0; i < keyIndexes.length; i++) {
                row.setField(keyIndexes[i], key.getField(i));
            }
        }
        return row;
    }

    Row keyOf(Row row) {
        Object[] fields = new Object[keyIndexes.length];
        for (int i = 0; i < keyIndexes.length; i++) {
            fields[i] = row.getField(keyIndexes[i]);
        }
        return new Row(RowKind.INSERT, fields);
    }

    Row valueOf(Row row) {
        Object[] fields = new Object[physicalArity];
        for (int i = 0; i < physicalArity; i++) {
            fields[i] = row.getField(i);
        }
        return new Row(RowKind.INSERT, fields);
    }
}
