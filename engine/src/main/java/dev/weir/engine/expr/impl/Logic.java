package dev.weir.engine.expr.impl;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import java.util.Arrays;
import java.util.Set;

/** Boolean connectives with SQL's three-valued logic, IS tests, CASE, COALESCE and IN. */
final class Logic {
    private Logic() {
    }

    static boolean isFalse(Object value) {
        return value != null && !(Boolean) value;
    }

    static boolean isTrue(Object value) {
        return value != null && (Boolean) value;
    }

    /** FALSE if either side is FALSE, else NULL if either is NULL, else TRUE. */
    static final class And extends Evaluator {
        private final Evaluator left;
        private final Evaluator right;

        And(Evaluator left, Evaluator right, DataType type, String sql) {
            super(type, sql);
            this.left = left;
            this.right = right;
        }

        @Override
        public Object eval(Row input) {
            Object a = left.eval(input);
            if (isFalse(a)) {
                return Boolean.FALSE;
            }
            Object b = right.eval(input);
            if (isFalse(b)) {
                return Boolean.FALSE;
            }
            return a == null || b == null ? null : Boolean.TRUE;
        }
    }

    /** TRUE if either side is TRUE, else NULL if either is NULL, else FALSE. */
    static final class Or extends Evaluator {
        private final Evaluator left;
        private final Evaluator right;

        Or(Evaluator left, Evaluator right, DataType type, String sql) {
            super(type, sql);
            this.left = left;
            this.right = right;
        }

        @Override
        public Object eval(Row input) {
            Object a = left.eval(input);
            if (isTrue(a)) {
                return Boolean.TRUE;
            }
            Object b = right.eval(input);
            if (isTrue(b)) {
                return Boolean.TRUE;
            }
            return a == null || b == null ? null : Boolean.FALSE;
        }
    }

    static final class Not extends Evaluator {
        private final Evaluator operand;

        Not(Evaluator operand, DataType type, String sql) {
            super(type, sql);
            this.operand = operand;
        }

        @Override
        public Object eval(Row input) {
            Object value = operand.eval(input);
            return value == null ? null : !(Boolean) value;
        }
    }

    /** IS [NOT] NULL. */
    static final class IsNull extends Evaluator {
        private final Evaluator operand;
        private final boolean negated;

        IsNull(Evaluator operand, boolean negated, DataType type, String sql) {
            super(type, sql);
            this.operand = operand;
            this.negated = negated;
        }

        @Override
        public Object eval(Row input) {
            return (operand.eval(input) == null) != negated;
        }
    }

    /** IS [NOT] TRUE and IS [NOT] FALSE: never NULL. */
    static final class IsBoolean extends Evaluator {
        private final Evaluator operand;
        private final boolean expected;
        private final boolean negated;

        IsBoolean(Evaluator operand, boolean expected, boolean negated, DataType type, String sql) {
            super(type, sql);
            this.operand = operand;
            this.expected = expected;
            this.negated = negated;
        }

        @Override
        public Object eval(Row input) {
            Object value = operand.eval(input);
            boolean matches = value != null && (Boolean) value == expected;
            return matches != negated;
        }
    }

    /** Searched CASE; simple CASE, IF and NULLIF are rewritten to it. A missing ELSE is NULL. */
    static final class Case extends Evaluator {
        private final Evaluator[] conditions;
        private final Evaluator[] results;
        private final Evaluator otherwise;

        Case(Evaluator[] conditions, Evaluator[] results, Evaluator otherwise, DataType type, String sql) {
            super(type, sql);
            this.conditions = conditions;
            this.results = results;
            this.otherwise = otherwise;
        }

        @Override
        public Object eval(Row input) {
            for (int i = 0; i < conditions.length; i++) {
                if (isTrue(conditions[i].eval(input))) {
                    return results[i].eval(input);
                }
            }
            return otherwise == null ? null : otherwise.eval(input);
        }
    }

    static final class Coalesce extends Evaluator {
        private final Evaluator[] operands;

        Coalesce(Evaluator[] operands, DataType type, String sql) {
            super(type, sql);
            this.operands = operands;
        }

        @Override
        public Object eval(Row input) {
            for (Evaluator operand : operands) {
                Object value = operand.eval(input);
                if (value != null) {
                    return value;
                }
            }
            return null;
        }
    }

    /**
     * {@code x IN (constants)} for integers: binary search in a sorted array. {@code listHasNull} makes a
     * miss NULL rather than FALSE, as SQL requires.
     */
    static final class InLongs extends Evaluator {
        private final Evaluator value;
        private final long[] sorted;
        private final boolean listHasNull;
        private final boolean negated;

        InLongs(Evaluator value, long[] constants, boolean listHasNull, boolean negated, DataType type, String sql) {
            super(type, sql);
            this.value = value;
            this.sorted = constants.clone();
            Arrays.sort(this.sorted);
            this.listHasNull = listHasNull;
            this.negated = negated;
        }

        @Override
        public Object eval(Row input) {
            Object v = value.eval(input);
            if (v == null) {
                return null;
            }
            if (Arrays.binarySearch(sorted, ((Number) v).longValue()) >= 0) {
                return !negated;
            }
            return listHasNull ? null : negated;
        }
    }

    /** {@code x IN (constants)} for strings, booleans and temporal values: a hash set lookup. */
    static final class InSet extends Evaluator {
        private final Evaluator value;
        private final Set<Object> constants;
        private final boolean listHasNull;
        private final boolean negated;

        InSet(Evaluator value, Set<Object> constants, boolean listHasNull, boolean negated, DataType type, String sql) {
            super(type, sql);
            this.value = value;
            this.constants = constants;
            this.listHasNull = listHasNull;
            this.negated = negated;
        }

        @Override
        public Object eval(Row input) {
            Object v = value.eval(input);
            if (v == null) {
                return null;
            }
            if (constants.contains(v)) {
                return !negated;
            }
            return listHasNull ? null : negated;
        }
    }

    /** The general IN: one equality comparison per list item, each already typed by the binder. */
    static final class InList extends Evaluator {
        private final Evaluator value;
        private final Evaluator[] equalities;
        private final boolean negated;

        InList(Evaluator value, Evaluator[] equalities, boolean negated, DataType type, String sql) {
            super(type, sql);
            this.value = value;
            this.equalities = equalities;
            this.negated = negated;
        }

        @Override
        public Object eval(Row input) {
            if (value.eval(input) == null) {
                return null;
            }
            boolean sawNull = false;
            for (Evaluator equality : equalities) {
                Object result = equality.eval(input);
                if (result == null) {
                    sawNull = true;
                } else if ((Boolean) result) {
                    return !negated;
                }
            }
            return sawNull ? null : negated;
        }
    }
}
