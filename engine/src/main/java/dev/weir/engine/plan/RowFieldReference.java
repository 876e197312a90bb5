package dev.weir.engine.plan;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.engine.expr.CompiledExpression;

/** A field of a ROW column (a map function's result spread into columns); NULL when the row is. */
record RowFieldReference(int column, int field, DataType type, String columnName) implements CompiledExpression {
    @Override
    public Object eval(Row input) {
        Row row = (Row) input.getField(column);
        return row == null ? null : row.getField(field);
    }

    @Override
    public String sql() {
        return "`" + columnName.replace("`", "``") + "`." + field;
    }
}
