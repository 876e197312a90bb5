package dev.weir.api.factory;

import dev.weir.api.config.Configuration;
import dev.weir.api.schema.Column;
import dev.weir.api.schema.Schema;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * What a source or sink factory is given: the table's name, schema and options.
 *
 * @param tableName for error messages
 * @param schema as declared
 * @param options every option of the table, format options included under their prefixes
 * @param classLoader loads formats and user classes
 * @param partitionKeys columns the table is partitioned by (e.g. directories of a filesystem sink)
 * @param streaming true in streaming mode; false in batch mode, where sources must be bounded
 */
public record TableContext(String tableName, Schema schema, Configuration options, List<String> partitionKeys,
                           ClassLoader classLoader, boolean streaming) {

    /** The physical columns as a ROW type: what the formats decode. */
    public DataType physicalRowType() {
        return schema.physicalColumns().isEmpty() ? DataTypes.ROW() : schema.physicalRowType();
    }

    /**
     * What a source produces for each record: the physical columns, then the metadata columns in
     * schema order. Sinks receive the same layout without the virtual metadata columns.
     */
    public DataType producedRowType() {
        List<DataTypes.Field> fields = new ArrayList<>(physicalRowType().fields());
        for (Column.Metadata m : schema.metadataColumns()) {
            fields.add(DataTypes.FIELD(m.name(), m.type()));
        }
        return DataTypes.ROW(fields);
    }

    /** Metadata keys in the order they follow the physical columns. */
    public List<String> metadataKeys() {
        return schema.metadataColumns().stream().map(Column.Metadata::key).toList();
    }
}
