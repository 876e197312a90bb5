package dev.weir.engine.expr.impl;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;

/** Literals, column references and nested field access. */
final class Leaves {
    private Leaves() {
    }

    static final class Literal extends Evaluator {
        private final Object value;

        Literal(Object value, DataType type, String sql) {
            super(type, sql);
            this.value = value;
        }

        Object value() {
            return value;
        }

        @Override
        boolean isConstant() {
            return true;
        }

        @Override
        public Object eval(Row input) {
            return value;
        }
    }

    static final class ColumnRef extends Evaluator {
        private final int index;

        ColumnRef(int index, DataType type, String sql) {
            super(type, sql);
            this.index = index;
        }

        int index() {
            return index;
        }

        @Override
        public int inputColumn() {
            return index;
        }

        @Override
        public Object eval(Row input) {
            return input.getField(index);
        }
    }

    /** A field of a nested ROW value; NULL when the row itself is NULL. */
    static final class FieldAccess extends Evaluator {
        private final Evaluator parent;
        private final int index;

        FieldAccess(Evaluator parent, int index, DataType type, String sql) {
            super(type, sql);
            this.parent = parent;
            this.index = index;
        }

        @Override
        public Object eval(Row input) {
            Row nested = (Row) parent.eval(input);
            return nested == null ? null : nested.getField(index);
        }
    }
}
