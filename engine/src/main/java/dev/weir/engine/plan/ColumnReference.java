package dev.weir.engine.plan;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.engine.expr.CompiledExpression;

/** A plain column read, used for drop/rename projections without going through the compiler. */
record ColumnReference(int index, String name, DataType type) implements CompiledExpression {
    @Override
    public Object eval(Row input) {
        return input.getField(index);
    }

    @Override
    public int inputColumn() {
        return index;
    }

    @Override
    public String sql() {
        return "`" + name.replace("`", "``") + "`";
    }
}
