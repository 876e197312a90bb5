package dev.weir.engine.expr.impl;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import dev.weir.engine.expr.EvaluationException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * JSON_OBJECT([KEY] k VALUE v, ... [NULL | ABSENT ON NULL]) as a STRING. It sits on hot paths, so the
 * encoded {@code "key":} of every literal key and the way to write every value are fixed when
 * compiling; a row costs one StringBuilder (sized from the largest object so far) and the String.
 * Values are written by type: numbers and booleans bare, text quoted, temporal values in their SQL
 * text form, BYTES as base64, ROW/MAP as objects, ARRAY as arrays and a nested JSON_OBJECT as raw JSON.
 */
final class JsonObject extends Evaluator {
    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

    private final String[] encodedKeys;
    private final Evaluator[] keys;
    private final Evaluator[] values;
    private final Kind[] kinds;
    private final boolean absentOnNull;
    /** The largest object so far; a racy hint, harmless if threads overwrite each other's. */
    private int sizeHint = 32;

    private enum Kind { INTEGER, APPROXIMATE, DECIMAL, BOOLEAN, STRING, RAW_JSON, TIME, TIMESTAMP, TIMESTAMP_LTZ,
        DATE, BYTES, NESTED }

    private JsonObject(String[] encodedKeys, Evaluator[] keys, Evaluator[] values, Kind[] kinds,
                       boolean absentOnNull, DataType type, String sql) {
        super(type, sql);
        this.encodedKeys = encodedKeys;
        this.keys = keys;
        this.values = values;
        this.kinds = kinds;
        this.absentOnNull = absentOnNull;
    }

    static void register(Map<String, Functions.Definition> all) {
        Functions.register(all, "JSON_OBJECT", "JSON_OBJECT([KEY] STRING VALUE value, ... [NULL | ABSENT ON NULL])",
                call -> {
                    int pairs = (call.count() - 1) / 2;
                    String[] encodedKeys = new String[pairs];
                    Evaluator[] keys = new Evaluator[pairs];
                    Evaluator[] values = new Evaluator[pairs];
                    Kind[] kinds = new Kind[pairs];
                    for (int i = 0; i < pairs; i++) {
                        keys[i] = call.string(1 + 2 * i);
                        if (keys[i] instanceof Leaves.Literal literal) {
                            if (literal.value() == null) {
                                throw call.error("A JSON_OBJECT key is NULL");
                            }
                            encodedKeys[i] = "\"" + new String(ENCODER.quoteAsString((String) literal.value())) + "\":";
                        }
                        Evaluator value = call.argument(2 + 2 * i);
                        values[i] = value.type() == null ? new Leaves.Literal(null, DataTypes.STRING(), value.sql()) : value;
                        // Told by the syntax, since a constant nested object has been folded to its text.
                        boolean nested = call.node().arguments().get(2 + 2 * i) instanceof Node.Call inner
                                && inner.name().equals("JSON_OBJECT");
                        kinds[i] = nested ? Kind.RAW_JSON : kindOf(values[i].type());
                    }
                    return new JsonObject(encodedKeys, keys, values, kinds, call.symbol(0).equals("ABSENT"),
                            DataTypes.STRING().notNull(), call.sql());
                });
    }

    private static Kind kindOf(DataType type) {
        return switch (type.root()) {
            case TINYINT, SMALLINT, INT, BIGINT -> Kind.INTEGER;
            case FLOAT, DOUBLE -> Kind.APPROXIMATE;
            case DECIMAL -> Kind.DECIMAL;
            case BOOLEAN -> Kind.BOOLEAN;
            case VARCHAR -> Kind.STRING;
            case DATE -> Kind.DATE;
            case TIME -> Kind.TIME;
            case TIMESTAMP -> Kind.TIMESTAMP;
            case TIMESTAMP_LTZ -> Kind.TIMESTAMP_LTZ;
            case BYTES -> Kind.BYTES;
            default -> Kind.NESTED;
        };
    }

    @Override
    public Object eval(Row input) {
        StringBuilder sb = new StringBuilder(sizeHint);
        sb.append('{');
        boolean first = true;
        for (int i = 0; i < values.length; i++) {
            Object value = values[i].eval(input);
            if (value == null && absentOnNull) {
                continue;
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            if (encodedKeys[i] != null) {
                sb.append(encodedKeys[i]);
            } else {
                Object key = keys[i].eval(input);
                if (key == null) {
                    throw new EvaluationException("A JSON_OBJECT key is NULL in '" + sql() + "'");
                }
                appendQuoted(sb, (String) key);
                sb.append(':');
            }
            if (value == null) {
                sb.append("null");
            } else {
                appendValue(sb, value, kinds[i], values[i].type());
            }
        }
        sb.append('}');
        if (sb.length() > sizeHint) {
            sizeHint = sb.length();
        }
        return sb.toString();
    }

    private static void appendQuoted(StringBuilder sb, String text) {
        sb.append('"');
        ENCODER.quoteAsString(text, sb);
        sb.append('"');
    }

    /** The common kinds, kept small so the JIT inlines it into {@link #eval}. */
    private static void appendValue(StringBuilder sb, Object value, Kind kind, DataType type) {
        if (kind == Kind.INTEGER) {
            if (value instanceof Integer i) {
                sb.append(i.intValue());
            } else {
                sb.append(((Number) value).longValue());
            }
        } else if (kind == Kind.STRING) {
            appendQuoted(sb, (String) value);
        } else {
            appendOther(sb, value, kind, type);
        }
    }

    private static void appendOther(StringBuilder sb, Object value, Kind kind, DataType type) {
        switch (kind) {
            case APPROXIMATE -> {
                double d = ((Number) value).doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    appendQuoted(sb, Double.toString(d));
                } else if (value instanceof Float f) {
                    sb.append(f.floatValue());
                } else {
                    sb.append(d);
                }
            }
            case DECIMAL -> sb.append(((BigDecimal) value).toPlainString());
            case BOOLEAN -> sb.append(((Boolean) value).booleanValue());
            case RAW_JSON -> sb.append((String) value);
            case DATE -> sb.append('"').append(value).append('"');
            case TIME -> sb.append('"').append(Temporals.formatTime((LocalTime) value, type.precision())).append('"');
            case TIMESTAMP -> sb.append('"').append(Temporals.formatTimestamp((LocalDateTime) value, type.precision()))
                    .append('"');
            case TIMESTAMP_LTZ -> sb.append('"').append(Temporals.formatInstant((Instant) value, type.precision()))
                    .append('"');
            case BYTES -> sb.append('"').append(Base64.getEncoder().encodeToString((byte[]) value)).append('"');
            default -> appendNested(sb, value, type);
        }
    }

    private static void appendNested(StringBuilder sb, Object value, DataType type) {
        switch (type.root()) {
            case ROW -> {
                Row row = (Row) value;
                sb.append('{');
                for (int i = 0; i < type.fieldCount(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    appendQuoted(sb, type.fieldNames().get(i));
                    sb.append(':');
                    appendAny(sb, row.getField(i), type.fieldType(i));
                }
                sb.append('}');
            }
            case ARRAY -> {
                sb.append('[');
                List<?> list = (List<?>) value;
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    appendAny(sb, list.get(i), type.elementType());
                }
                sb.append(']');
            }
            default -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    appendQuoted(sb, String.valueOf(entry.getKey()));
                    sb.append(':');
                    appendAny(sb, entry.getValue(), type.valueType());
                }
                sb.append('}');
            }
        }
    }

    private static void appendAny(StringBuilder sb, Object value, DataType type) {
        if (value == null) {
            sb.append("null");
        } else {
            appendValue(sb, value, kindOf(type), type);
        }
    }
}
