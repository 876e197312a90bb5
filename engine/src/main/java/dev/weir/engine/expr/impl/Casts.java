package dev.weir.engine.expr.impl;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.api.types.TypeRoot;
import dev.weir.engine.expr.EvaluationException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Locale;

/**
 * CAST, TRY_CAST and the implicit widening the binder inserts. A {@link Converter} is chosen per
 * (source, target) pair when compiling; a failing conversion throws, which CAST reports naming the
 * value and TRY_CAST turns into NULL.
 */
final class Casts {
    private Casts() {
    }

    /** Converts a non-null value; throws a RuntimeException when the value has no representation. */
    interface Converter extends Serializable {
        Object convert(Object value);
    }

    static final class Cast extends Evaluator {
        private final Evaluator operand;
        private final Converter converter;
        private final boolean orNull;

        Cast(Evaluator operand, Converter converter, boolean orNull, DataType type, String sql) {
            super(type, sql);
            this.operand = operand;
            this.converter = converter;
            this.orNull = orNull;
        }

        @Override
        public Object eval(Row input) {
            Object value = operand.eval(input);
            if (value == null) {
                return null;
            }
            try {
                return converter.convert(value);
            } catch (RuntimeException e) {
                if (orNull) {
                    return null;
                }
                throw new EvaluationException("Cannot cast " + describe(value) + " to " + Types.name(type())
                        + " in '" + sql() + "'" + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
            }
        }
    }

    static String describe(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }

    /** The converter for CAST(from AS to), or null when SQL has no such cast. */
    static Converter converter(DataType from, DataType to) {
        TypeRoot source = from.root();
        if (from.equalsIgnoringNullability(to)) {
            return Identity.INSTANCE;
        }
        return switch (to.root()) {
            case VARCHAR -> source == TypeRoot.ARRAY || source == TypeRoot.MAP || source == TypeRoot.ROW ? null
                    : ToString.of(from, to.length());
            case BOOLEAN -> source == TypeRoot.VARCHAR ? Simple.STRING_TO_BOOLEAN
                    : source.isNumeric() ? Simple.NUMBER_TO_BOOLEAN : null;
            case TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE -> {
                NumberTarget target = NumberTarget.valueOf(to.root().name());
                if (source.isNumeric()) {
                    yield new FromNumber(target);
                }
                yield source == TypeRoot.VARCHAR ? new FromString(target)
                        : source == TypeRoot.BOOLEAN ? new FromBoolean(target) : null;
            }
            case DECIMAL -> source.isNumeric() || source == TypeRoot.VARCHAR
                    ? new ToDecimal(to.precision(), to.scale()) : null;
            case BYTES -> source == TypeRoot.VARCHAR ? Simple.STRING_TO_BYTES : null;
            case DATE -> switch (source) {
                case VARCHAR -> Simple.STRING_TO_DATE;
                case TIMESTAMP -> Simple.TIMESTAMP_TO_DATE;
                case TIMESTAMP_LTZ -> Simple.INSTANT_TO_DATE;
                default -> null;
            };
            case TIME, TIMESTAMP, TIMESTAMP_LTZ -> switch (source) {
                case VARCHAR, DATE, TIME, TIMESTAMP, TIMESTAMP_LTZ -> source == TypeRoot.DATE && to.root() == TypeRoot.TIME
                        ? null : new ToTemporal(source, to.root(), to.precision());
                default -> null;
            };
            default -> null;
        };
    }

    /** Wraps an evaluator in a conversion to {@code to}; constants are converted once, here. */
    static Evaluator cast(Evaluator operand, DataType to, boolean orNull, String sql) {
        Converter converter = converter(operand.type(), to);
        if (converter == Identity.INSTANCE && operand.type().equals(to)) {
            return operand;
        }
        return new Cast(operand, converter, orNull, to, sql);
    }

    /** Implicit widening for operands of a typed operation; never fails. */
    static Evaluator widen(Evaluator operand, DataType to) {
        if (operand.type() == null) {
            return new Leaves.Literal(null, to.nullable(), operand.sql());
        }
        DataType target = to.withNullability(operand.type().isNullable());
        if (operand.type().equalsIgnoringNullability(target)) {
            return operand;
        }
        return Binder.fold(new Cast(operand, converter(operand.type(), target), false, target, operand.sql()));
    }

    enum Identity implements Converter {
        INSTANCE;

        @Override
        public Object convert(Object value) {
            return value;
        }
    }

    enum Simple implements Converter {
        STRING_TO_BOOLEAN {
            @Override
            public Object convert(Object value) {
                return switch (((String) value).trim().toLowerCase(Locale.ROOT)) {
                    case "true", "t", "yes", "y", "1" -> Boolean.TRUE;
                    case "false", "f", "no", "n", "0" -> Boolean.FALSE;
                    default -> throw new IllegalArgumentException("not a boolean");
                };
            }
        },
        NUMBER_TO_BOOLEAN {
            @Override
            public Object convert(Object value) {
                return value instanceof BigDecimal d ? d.signum() != 0 : ((Number) value).doubleValue() != 0;
            }
        },
        STRING_TO_BYTES {
            @Override
            public Object convert(Object value) {
                return ((String) value).getBytes(StandardCharsets.UTF_8);
            }
        },
        STRING_TO_DATE {
            @Override
            public Object convert(Object value) {
                return LocalDate.parse(((String) value).trim());
            }
        },
        TIMESTAMP_TO_DATE {
            @Override
            public Object convert(Object value) {
                return ((LocalDateTime) value).toLocalDate();
            }
        },
        INSTANT_TO_DATE {
            @Override
            public Object convert(Object value) {
                return Temporals.toLocal((Instant) value).toLocalDate();
            }
        }
    }

    /** The Java class each numeric type is held in, with conversion from any number. */
    enum NumberTarget {
        TINYINT {
            @Override
            Object from(Number n) {
                return n.byteValue();
            }

            @Override
            Object parse(String s) {
                return Byte.parseByte(s);
            }
        },
        SMALLINT {
            @Override
            Object from(Number n) {
                return n.shortValue();
            }

            @Override
            Object parse(String s) {
                return Short.parseShort(s);
            }
        },
        INT {
            @Override
            Object from(Number n) {
                return n.intValue();
            }

            @Override
            Object parse(String s) {
                return Integer.parseInt(s);
            }
        },
        BIGINT {
            @Override
            Object from(Number n) {
                return n.longValue();
            }

            @Override
            Object parse(String s) {
                return Long.parseLong(s);
            }
        },
        FLOAT {
            @Override
            Object from(Number n) {
                return n.floatValue();
            }

            @Override
            Object parse(String s) {
                return Float.parseFloat(s);
            }
        },
        DOUBLE {
            @Override
            Object from(Number n) {
                return n.doubleValue();
            }

            @Override
            Object parse(String s) {
                return Double.parseDouble(s);
            }
        };

        /** Java's primitive conversion: integers wrap, approximate numbers truncate toward zero. */
        abstract Object from(Number n);

        abstract Object parse(String s);
    }

    record FromNumber(NumberTarget target) implements Converter {
        @Override
        public Object convert(Object value) {
            return target.from((Number) value);
        }
    }

    record FromString(NumberTarget target) implements Converter {
        @Override
        public Object convert(Object value) {
            return target.parse(((String) value).trim());
        }
    }

    record FromBoolean(NumberTarget target) implements Converter {
        @Override
        public Object convert(Object value) {
            return target.from((Boolean) value ? 1 : 0);
        }
    }

    /** To DECIMAL(p, s), rounding half-up; a value with too many integer digits fails. */
    record ToDecimal(int precision, int scale) implements Converter {
        @Override
        public Object convert(Object value) {
            BigDecimal decimal;
            if (value instanceof BigDecimal d) {
                decimal = d;
            } else if (value instanceof String s) {
                decimal = new BigDecimal(s.trim());
            } else if (value instanceof Double || value instanceof Float) {
                decimal = new BigDecimal(value.toString());
            } else {
                decimal = BigDecimal.valueOf(((Number) value).longValue());
            }
            BigDecimal fitted = Decimals.fit(decimal, precision, scale);
            if (fitted == null) {
                throw new IllegalArgumentException("the value needs more than " + (precision - scale)
                        + " digits before the point");
            }
            return fitted;
        }
    }

    /** How values of a type are written as text. */
    enum TextForm {
        BOOLEAN, NUMBER, DECIMAL, DATE, TIME, TIMESTAMP, TIMESTAMP_LTZ, BYTES, STRING;

        static TextForm of(DataType type) {
            return switch (type.root()) {
                case BOOLEAN -> BOOLEAN;
                case DECIMAL -> DECIMAL;
                case DATE -> DATE;
                case TIME -> TIME;
                case TIMESTAMP -> TIMESTAMP;
                case TIMESTAMP_LTZ -> TIMESTAMP_LTZ;
                case BYTES -> BYTES;
                case VARCHAR -> STRING;
                default -> NUMBER;
            };
        }
    }

    /**
     * Text as CAST(x AS STRING) writes it: TRUE/FALSE, plain decimals, and temporal values with as
     * many fraction digits as the type's precision.
     */
    static String toText(Object value, TextForm form, int precision) {
        return switch (form) {
            case BOOLEAN -> (Boolean) value ? "TRUE" : "FALSE";
            case DECIMAL -> ((BigDecimal) value).toPlainString();
            case TIME -> Temporals.formatTime((LocalTime) value, precision);
            case TIMESTAMP -> Temporals.formatTimestamp((LocalDateTime) value, precision);
            case TIMESTAMP_LTZ -> Temporals.formatInstant((Instant) value, precision);
            case BYTES -> new String((byte[]) value, StandardCharsets.UTF_8);
            default -> value.toString();
        };
    }

    /** To STRING or VARCHAR(n); longer text is cut to n characters, as Flink does. */
    static final class ToString implements Converter {
        private final TextForm form;
        private final int precision;
        private final int length;

        private ToString(TextForm form, int precision, int length) {
            this.form = form;
            this.precision = precision;
            this.length = length;
        }

        /** Temporal sources need their precision to know how many fraction digits to write. */
        static ToString of(DataType from, int length) {
            return new ToString(TextForm.of(from), from.precision(), length);
        }

        @Override
        public Object convert(Object value) {
            String text = toText(value, form, precision);
            return text.length() > length ? text.substring(0, length) : text;
        }
    }

    /** Between strings, dates, times, timestamps and TIMESTAMP_LTZ (read as UTC). */
    record ToTemporal(TypeRoot from, TypeRoot to, int precision) implements Converter {
        @Override
        public Object convert(Object value) {
            LocalDateTime timestamp = switch (from) {
                case VARCHAR -> to == TypeRoot.TIME ? null : Temporals.parseTimestamp((String) value);
                case DATE -> ((LocalDate) value).atStartOfDay();
                case TIMESTAMP -> (LocalDateTime) value;
                case TIMESTAMP_LTZ -> Temporals.toLocal((Instant) value);
                default -> null;
            };
            return switch (to) {
                case TIME -> Temporals.truncate(timestamp != null ? timestamp.toLocalTime()
                        : from == TypeRoot.TIME ? (LocalTime) value : Temporals.parseTime((String) value), precision);
                case TIMESTAMP -> Temporals.truncate(timestamp, precision);
                default -> Temporals.truncate(Temporals.toInstant(timestamp), precision);
            };
        }
    }
}
