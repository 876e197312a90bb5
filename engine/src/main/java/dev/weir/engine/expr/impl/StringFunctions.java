package dev.weir.engine.expr.impl;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import dev.weir.engine.expr.EvaluationException;
import java.util.Locale;
import java.util.Map;

/**
 * String functions. Positions and lengths count characters (code points) and are 1-based, as in SQL.
 * Any NULL argument gives NULL.
 */
final class StringFunctions {
    private StringFunctions() {
    }

    static void register(Map<String, Functions.Definition> all) {
        unary(all, "UPPER", UnaryOperation.UPPER, DataTypes.STRING());
        unary(all, "LOWER", UnaryOperation.LOWER, DataTypes.STRING());
        unary(all, "LTRIM", UnaryOperation.LTRIM, DataTypes.STRING());
        unary(all, "RTRIM", UnaryOperation.RTRIM, DataTypes.STRING());
        unary(all, "CHAR_LENGTH", UnaryOperation.CHAR_LENGTH, DataTypes.INT());
        unary(all, "CHARACTER_LENGTH", UnaryOperation.CHAR_LENGTH, DataTypes.INT());
        Functions.register(all, "CONCAT", "CONCAT(STRING, ...)", call -> {
            call.arity(1, Integer.MAX_VALUE);
            for (int i = 0; i < call.count(); i++) {
                call.string(i);
            }
            return call.binder().concat(call.arguments(), "CONCAT", call.sql());
        });
        Functions.register(all, "SUBSTRING", "SUBSTRING(STRING, INT[, INT]) or SUBSTRING(STRING FROM INT [FOR INT])",
                call -> {
                    call.arity(2, 3);
                    Evaluator string = call.string(0);
                    Evaluator start = call.integral(1);
                    Evaluator length = call.count() == 3 ? call.integral(2) : null;
                    DataType type = DataTypes.STRING().withNullability(call.anyNullable());
                    return new Substring(string, start, length, type, call.sql());
                });
        Functions.register(all, "TRIM", "TRIM([BOTH | LEADING | TRAILING] [STRING] FROM STRING) or TRIM(STRING)",
                call -> {
                    Evaluator characters = call.string(1);
                    Evaluator string = call.string(2);
                    DataType type = DataTypes.STRING().withNullability(call.anyNullable());
                    String side = call.symbol(0);
                    return new Trim(string, characters, !side.equals("TRAILING"), !side.equals("LEADING"), type,
                            call.sql());
                });
        Functions.register(all, "POSITION", "POSITION(STRING IN STRING)", call -> {
            Evaluator needle = call.string(0);
            Evaluator haystack = call.string(1);
            return new Position(needle, haystack, DataTypes.INT().withNullability(call.anyNullable()), call.sql());
        });
        Functions.register(all, "REPLACE", "REPLACE(STRING, STRING, STRING)", call -> {
            call.arity(3, 3);
            return new Replace(call.string(0), call.string(1), call.string(2),
                    DataTypes.STRING().withNullability(call.anyNullable()), call.sql());
        });
    }

    private static void unary(Map<String, Functions.Definition> all, String name, UnaryOperation operation,
                              DataType resultType) {
        Functions.register(all, name, name + "(STRING)", call -> {
            call.arity(1, 1);
            Evaluator operand = call.string(0);
            return new Unary(operand, operation, resultType.withNullability(Binder.nullable(operand)), call.sql());
        });
    }

    enum UnaryOperation {
        UPPER {
            @Override
            Object apply(String s) {
                return s.toUpperCase(Locale.ROOT);
            }
        },
        LOWER {
            @Override
            Object apply(String s) {
                return s.toLowerCase(Locale.ROOT);
            }
        },
        LTRIM {
            @Override
            Object apply(String s) {
                return trim(s, " ", true, false);
            }
        },
        RTRIM {
            @Override
            Object apply(String s) {
                return trim(s, " ", false, true);
            }
        },
        CHAR_LENGTH {
            @Override
            Object apply(String s) {
                return s.codePointCount(0, s.length());
            }
        };

        abstract Object apply(String s);
    }

    static final class Unary extends Evaluator {
        private final Evaluator operand;
        private final UnaryOperation operation;

        Unary(Evaluator operand, UnaryOperation operation, DataType type, String sql) {
            super(type, sql);
            this.operand = operand;
            this.operation = operation;
        }

        @Override
        public Object eval(Row input) {
            Object value = operand.eval(input);
            return value == null ? null : operation.apply((String) value);
        }
    }

    /** CONCAT and ||: NULL if any operand is NULL, as in Flink. */
    static final class Concat extends Evaluator {
        private final Evaluator[] operands;

        Concat(Evaluator[] operands, DataType type, String sql) {
            super(type, sql);
            this.operands = operands;
        }

        @Override
        public Object eval(Row input) {
            if (operands.length == 2) {
                Object a = operands[0].eval(input);
                if (a == null) {
                    return null;
                }
                Object b = operands[1].eval(input);
                return b == null ? null : ((String) a).concat((String) b);
            }
            StringBuilder sb = new StringBuilder();
            for (Evaluator operand : operands) {
                Object value = operand.eval(input);
                if (value == null) {
                    return null;
                }
                sb.append((String) value);
            }
            return sb.toString();
        }
    }

    /**
     * SUBSTRING with Flink's reading of the start: 0 counts as 1 and a negative start counts from the
     * end. A negative length is an error.
     */
    static final class Substring extends Evaluator {
        private final Evaluator string;
        private final Evaluator start;
        private final Evaluator length;

        Substring(Evaluator string, Evaluator start, Evaluator length, DataType type, String sql) {
            super(type, sql);
            this.string = string;
            this.start = start;
            this.length = length;
        }

        @Override
        public Object eval(Row input) {
            String s = (String) string.eval(input);
            Object from = start.eval(input);
            if (s == null || from == null) {
                return null;
            }
            long count = Long.MAX_VALUE;
            if (length != null) {
                Object len = length.eval(input);
                if (len == null) {
                    return null;
                }
                count = ((Number) len).longValue();
                if (count < 0) {
                    throw new EvaluationException("Negative substring length " + count + " in '" + sql() + "'");
                }
            }
            int characters = s.codePointCount(0, s.length());
            long position = ((Number) from).longValue();
            long first = position > 0 ? position - 1 : position < 0 ? Math.max(0, characters + position) : 0;
            if (first >= characters) {
                return "";
            }
            long last = Math.min(characters, count == Long.MAX_VALUE ? characters : first + count);
            int begin = s.offsetByCodePoints(0, (int) first);
            int end = s.offsetByCodePoints(begin, (int) (last - first));
            return s.substring(begin, end);
        }
    }

    /** Removes any of the given characters from one or both ends. */
    static String trim(String s, String characters, boolean leading, boolean trailing) {
        int begin = 0;
        int end = s.length();
        if (leading) {
            while (begin < end && characters.indexOf(s.charAt(begin)) >= 0) {
                begin++;
            }
        }
        if (trailing) {
            while (end > begin && characters.indexOf(s.charAt(end - 1)) >= 0) {
                end--;
            }
        }
        return s.substring(begin, end);
    }

    static final class Trim extends Evaluator {
        private final Evaluator string;
        private final Evaluator characters;
        private final boolean leading;
        private final boolean trailing;

        Trim(Evaluator string, Evaluator characters, boolean leading, boolean trailing, DataType type, String sql) {
            super(type, sql);
            this.string = string;
            this.characters = characters;
            this.leading = leading;
            this.trailing = trailing;
        }

        @Override
        public Object eval(Row input) {
            Object s = string.eval(input);
            Object chars = characters.eval(input);
            return s == null || chars == null ? null : trim((String) s, (String) chars, leading, trailing);
        }
    }

    /** The 1-based character position of the first occurrence, 0 when absent (1 for the empty needle). */
    static final class Position extends Evaluator {
        private final Evaluator needle;
        private final Evaluator haystack;

        Position(Evaluator needle, Evaluator haystack, DataType type, String sql) {
            super(type, sql);
            this.needle = needle;
            this.haystack = haystack;
        }

        @Override
        public Object eval(Row input) {
            String n = (String) needle.eval(input);
            String h = (String) haystack.eval(input);
            if (n == null || h == null) {
                return null;
            }
            int index = h.indexOf(n);
            return index < 0 ? 0 : h.codePointCount(0, index) + 1;
        }
    }

    static final class Replace extends Evaluator {
        private final Evaluator string;
        private final Evaluator target;
        private final Evaluator replacement;

        Replace(Evaluator string, Evaluator target, Evaluator replacement, DataType type, String sql) {
            super(type, sql);
            this.string = string;
            this.target = target;
            this.replacement = replacement;
        }

        @Override
        public Object eval(Row input) {
            String s = (String) string.eval(input);
            String t = (String) target.eval(input);
            String r = (String) replacement.eval(input);
            if (s == null || t == null || r == null) {
                return null;
            }
            return t.isEmpty() ? s : s.replace(t, r);
        }
    }
}
