package dev.weir.engine.expr.impl;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import dev.weir.api.types.TypeRoot;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAccessor;
import java.util.Map;

/**
 * Date and time functions. TIMESTAMP_LTZ values are read in UTC (Weir has no session time zone);
 * string parsing and formatting use Java {@link DateTimeFormatter} patterns, which agree with Flink's
 * SimpleDateFormat patterns for the usual letters (yyyy MM dd HH mm ss SSS).
 */
final class TemporalFunctions {
    static final long MILLIS_PER_DAY = 86_400_000L;

    private TemporalFunctions() {
    }

    static void register(Map<String, Functions.Definition> all) {
        Functions.register(all, "EXTRACT", "EXTRACT(unit FROM DATE | TIME | TIMESTAMP | TIMESTAMP_LTZ)", call -> {
            String unitName = call.symbol(0);
            Unit unit;
            try {
                unit = Unit.valueOf(unitName);
            } catch (IllegalArgumentException e) {
                throw call.error("Unknown time unit " + unitName + " in EXTRACT; expected one of "
                        + java.util.Arrays.toString(Unit.values()));
            }
            return extract(call, 1, unit);
        });
        for (Unit unit : Unit.values()) {
            if (unit.functionName != null) {
                Functions.register(all, unit.functionName, unit.functionName + "(DATE | TIME | TIMESTAMP)", call -> {
                    call.arity(1, 1);
                    return extract(call, 0, unit);
                });
            }
        }
        Functions.register(all, "TO_TIMESTAMP", "TO_TIMESTAMP(STRING[, format STRING])", call -> {
            call.arity(1, 2);
            Evaluator text = call.string(0);
            String format = call.count() == 2 ? call.constantString(1, "format") : null;
            return new ParseTimestamp(text, format, false, DataTypes.TIMESTAMP(3), call.sql());
        });
        Functions.register(all, "UNIX_TIMESTAMP", "UNIX_TIMESTAMP(STRING[, format STRING])", call -> {
            if (call.count() == 0) {
                throw call.error("UNIX_TIMESTAMP() without arguments reads the clock, which Weir does not allow "
                        + "in deterministic expressions");
            }
            call.arity(1, 2);
            Evaluator text = call.string(0);
            String format = call.count() == 2 ? call.constantString(1, "format") : null;
            return new ParseTimestamp(text, format, true, DataTypes.BIGINT(), call.sql());
        });
        Functions.register(all, "TO_TIMESTAMP_LTZ", "TO_TIMESTAMP_LTZ(NUMERIC, precision 0 | 3)", call -> {
            call.arity(2, 2);
            Evaluator epoch = call.numeric(0);
            int precision = call.constantInt(1, "precision");
            if (precision != 0 && precision != 3) {
                throw call.error("The precision of TO_TIMESTAMP_LTZ must be 0 (epoch seconds) or 3 (epoch milliseconds)"
                        + ", not " + precision);
            }
            return new FromEpoch(epoch, precision == 0 ? 1000 : 1,
                    DataTypes.TIMESTAMP_LTZ(3).withNullability(Binder.nullable(epoch)), call.sql());
        });
        Functions.register(all, "DATE_FORMAT", "DATE_FORMAT(TIMESTAMP | TIMESTAMP_LTZ | DATE | STRING, format STRING)",
                call -> {
                    call.arity(2, 2);
                    Evaluator value = call.argument(0);
                    if (value.type() != null && !Types.isString(value.type()) && !(Types.isTemporal(value.type())
                            && value.type().root() != TypeRoot.TIME)) {
                        throw call.wrongTypes();
                    }
                    value = value.type() == null ? call.string(0) : value;
                    String format = call.constantString(1, "format");
                    DataType type = DataTypes.STRING().withNullability(Binder.nullable(value)
                            || value.type().root() == TypeRoot.VARCHAR);
                    return new FormatTimestamp(value, format, type, call.sql());
                });
    }

    private static Evaluator extract(Functions.Call call, int index, Unit unit) {
        Evaluator operand = call.temporal(index);
        TypeRoot root = operand.type().root();
        if ((root == TypeRoot.DATE && unit.timeOfDay) || (root == TypeRoot.TIME && !unit.timeOfDay)) {
            throw call.error("Cannot extract " + unit + " from a " + root);
        }
        return new Extract(operand, unit, DataTypes.BIGINT().withNullability(Binder.nullable(operand)), call.sql());
    }

    /** EXTRACT units; MILLISECOND includes the seconds (12:00:05.123 gives 5123), as in Flink. */
    enum Unit {
        YEAR("YEAR", false), QUARTER("QUARTER", false), MONTH("MONTH", false), WEEK("WEEK", false),
        DAY("DAYOFMONTH", false), DOY("DAYOFYEAR", false), DOW("DAYOFWEEK", false),
        HOUR("HOUR", true), MINUTE("MINUTE", true), SECOND("SECOND", true), MILLISECOND(null, true);

        /** The shorthand function, e.g. YEAR(x), or null. */
        final String functionName;
        final boolean timeOfDay;

        Unit(String functionName, boolean timeOfDay) {
            this.functionName = functionName;
            this.timeOfDay = timeOfDay;
        }

        long of(TemporalAccessor t) {
            return switch (this) {
                case YEAR -> t.get(ChronoField.YEAR);
                case QUARTER -> t.get(IsoFields.QUARTER_OF_YEAR);
                case MONTH -> t.get(ChronoField.MONTH_OF_YEAR);
                case WEEK -> t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                case DAY -> t.get(ChronoField.DAY_OF_MONTH);
                case DOY -> t.get(ChronoField.DAY_OF_YEAR);
                // SQL counts Sunday as 1; ISO counts Monday as 1.
                case DOW -> t.get(ChronoField.DAY_OF_WEEK) % 7 + 1;
                case HOUR -> t.get(ChronoField.HOUR_OF_DAY);
                case MINUTE -> t.get(ChronoField.MINUTE_OF_HOUR);
                case SECOND -> t.get(ChronoField.SECOND_OF_MINUTE);
                case MILLISECOND -> t.get(ChronoField.SECOND_OF_MINUTE) * 1000L + t.get(ChronoField.MILLI_OF_SECOND);
            };
        }
    }

    static final class Extract extends Evaluator {
        private final Evaluator operand;
        private final Unit unit;

        Extract(Evaluator operand, Unit unit, DataType type, String sql) {
            super(type, sql);
            this.operand = operand;
            this.unit = unit;
        }

        @Override
        public Object eval(Row input) {
            Object value = operand.eval(input);
            if (value == null) {
                return null;
            }
            TemporalAccessor t = value instanceof Instant instant ? Temporals.toLocal(instant) : (TemporalAccessor) value;
            return unit.of(t);
        }
    }

    /** Adds a constant number of milliseconds (negative to subtract) to a date, time or timestamp. */
    static final class Shift extends Evaluator {
        private final Evaluator operand;
        private final long millis;

        Shift(Evaluator operand, long millis, DataType type, String sql) {
            super(type, sql);
            this.operand = operand;
            this.millis = millis;
        }

        @Override
        public Object eval(Row input) {
            Object value = operand.eval(input);
            if (value instanceof LocalDateTime timestamp) {
                return timestamp.plusNanos(millis * 1_000_000L);
            }
            if (value instanceof Instant instant) {
                return instant.plusMillis(millis);
            }
            if (value instanceof LocalDate date) {
                return date.plusDays(millis / MILLIS_PER_DAY);
            }
            return value == null ? null : ((LocalTime) value).plusNanos(millis % MILLIS_PER_DAY * 1_000_000L);
        }
    }

    /** A formatter kept as its pattern, because DateTimeFormatter is not Serializable. */
    abstract static class WithFormat extends Evaluator {
        private final String pattern;
        private transient DateTimeFormatter formatter;

        WithFormat(String pattern, DataType type, String sql) {
            super(type, sql);
            this.pattern = pattern;
            this.formatter = pattern == null ? null : DateTimeFormatter.ofPattern(pattern);
        }

        /** The formatter, or null for the default SQL form. */
        final DateTimeFormatter formatter() {
            return formatter;
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            formatter = pattern == null ? null : DateTimeFormatter.ofPattern(pattern);
        }
    }

    /**
     * TO_TIMESTAMP (a TIMESTAMP(3)) and UNIX_TIMESTAMP (epoch seconds, UTC). Text that does not match the
     * format gives NULL, as in Flink. A format without a time of day gives midnight.
     */
    static final class ParseTimestamp extends WithFormat {
        private final Evaluator text;
        private final boolean epochSeconds;

        ParseTimestamp(Evaluator text, String pattern, boolean epochSeconds, DataType type, String sql) {
            super(pattern, type, sql);
            this.text = text;
            this.epochSeconds = epochSeconds;
        }

        @Override
        public Object eval(Row input) {
            Object value = text.eval(input);
            if (value == null) {
                return null;
            }
            LocalDateTime timestamp;
            try {
                timestamp = parse((String) value);
            } catch (RuntimeException e) {
                return null;
            }
            return epochSeconds ? timestamp.toEpochSecond(ZoneOffset.UTC) : Temporals.truncate(timestamp, 3);
        }

        private LocalDateTime parse(String value) {
            DateTimeFormatter formatter = formatter();
            if (formatter == null) {
                return Temporals.parseTimestamp(value);
            }
            TemporalAccessor parsed = formatter.parseBest(value, LocalDateTime::from, LocalDate::from);
            return parsed instanceof LocalDate date ? date.atStartOfDay() : (LocalDateTime) parsed;
        }
    }

    /** DATE_FORMAT; a string argument is read as a timestamp first and gives NULL when it is not one. */
    static final class FormatTimestamp extends WithFormat {
        private final Evaluator value;

        FormatTimestamp(Evaluator value, String pattern, DataType type, String sql) {
            super(pattern, type, sql);
            this.value = value;
        }

        @Override
        public Object eval(Row input) {
            Object v = value.eval(input);
            if (v == null) {
                return null;
            }
            TemporalAccessor t;
            if (v instanceof String s) {
                try {
                    t = Temporals.parseTimestamp(s);
                } catch (RuntimeException e) {
                    return null;
                }
            } else if (v instanceof Instant instant) {
                t = Temporals.toLocal(instant);
            } else {
                t = v instanceof LocalDate date ? date.atStartOfDay() : (TemporalAccessor) v;
            }
            return formatter().format(t);
        }
    }

    /** TO_TIMESTAMP_LTZ: epoch seconds or milliseconds to an instant. */
    static final class FromEpoch extends Evaluator {
        private final Evaluator epoch;
        private final long millisPerUnit;

        FromEpoch(Evaluator epoch, long millisPerUnit, DataType type, String sql) {
            super(type, sql);
            this.epoch = epoch;
            this.millisPerUnit = millisPerUnit;
        }

        @Override
        public Object eval(Row input) {
            Object value = epoch.eval(input);
            if (value == null) {
                return null;
            }
            long millis = value instanceof Long || value instanceof Integer || value instanceof Short
                    || value instanceof Byte ? ((Number) value).longValue() * millisPerUnit
                    : (long) Math.floor(((Number) value).doubleValue() * millisPerUnit);
            return Instant.ofEpochMilli(millis);
        }
    }
}
