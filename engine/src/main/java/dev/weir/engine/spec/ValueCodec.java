package dev.weir.engine.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weir.api.ValidationException;
import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts literal values of {@code values} rows: Java objects to the type's Java representation
 * (so {@code fromValues} accepts 1 for a BIGINT column), and to and from JSON. Temporal values are
 * ISO strings in JSON, TIMESTAMP as UTC-less local time, BYTES base64.
 */
public final class ValueCodec {
    private ValueCodec() {
    }

    /** The value in the Java class the type uses inside rows; throws IllegalArgumentException naming both. */
    public static Object coerce(Object value, DataType type) {
        if (value == null) {
            return null;
        }
        try {
            return switch (type.root()) {
                case BOOLEAN -> value instanceof Boolean ? value : Boolean.valueOf(value.toString());
                case TINYINT -> number(value).byteValue();
                case SMALLINT -> number(value).shortValue();
                case INT -> exactInt(value);
                case BIGINT -> value instanceof Long ? value : exactLong(value);
                case FLOAT -> number(value).floatValue();
                case DOUBLE -> value instanceof Double ? value : number(value).doubleValue();
                case DECIMAL -> (value instanceof BigDecimal b ? b : new BigDecimal(value.toString()))
                        .setScale(type.scale(), RoundingMode.HALF_UP);
                case VARCHAR -> value.toString();
                case BYTES -> value instanceof byte[] ? value : Base64.getDecoder().decode(value.toString());
                case DATE -> value instanceof LocalDate ? value : LocalDate.parse(value.toString());
                case TIME -> value instanceof LocalTime ? value : LocalTime.parse(value.toString());
                case TIMESTAMP -> value instanceof LocalDateTime ? value
                        : value instanceof Instant i ? LocalDateTime.ofInstant(i, ZoneOffset.UTC)
                        : LocalDateTime.parse(value.toString().trim().replace(' ', 'T'));
                case TIMESTAMP_LTZ -> value instanceof Instant ? value
                        : value instanceof LocalDateTime l ? l.toInstant(ZoneOffset.UTC)
                        : parseInstant(value.toString());
                case ARRAY -> ((List<?>) value).stream().map(v -> coerce(v, type.elementType())).toList();
                case MAP -> {
                    Map<Object, Object> m = new LinkedHashMap<>();
                    ((Map<?, ?>) value).forEach((k, v) -> m.put(coerce(k, type.keyType()), coerce(v, type.valueType())));
                    yield m;
                }
                case ROW -> {
                    List<?> fields = value instanceof Row r ? r.values() : (List<?>) value;
                    Object[] out = new Object[type.fieldCount()];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = coerce(fields.get(i), type.fieldType(i));
                    }
                    yield Row.of(out);
                }
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("value " + value + " (" + value.getClass().getSimpleName()
                    + ") is not a valid " + type, e);
        }
    }

    /** The type Flink infers for a Java value in {@code fromElements} without a schema. */
    public static DataType inferType(Object value) {
        if (value instanceof Integer) {
            return DataTypes.INT();
        } else if (value instanceof Long) {
            return DataTypes.BIGINT();
        } else if (value instanceof Double) {
            return DataTypes.DOUBLE();
        } else if (value instanceof Float) {
            return DataTypes.FLOAT();
        } else if (value instanceof Boolean) {
            return DataTypes.BOOLEAN();
        } else if (value instanceof Short) {
            return DataTypes.SMALLINT();
        } else if (value instanceof Byte) {
            return DataTypes.TINYINT();
        } else if (value instanceof BigDecimal b) {
            return DataTypes.DECIMAL(Math.max(1, Math.min(38, b.precision())), Math.max(0, b.scale()));
        } else if (value instanceof LocalDateTime) {
            return DataTypes.TIMESTAMP(3);
        } else if (value instanceof Instant) {
            return DataTypes.TIMESTAMP_LTZ(3);
        } else if (value instanceof LocalDate) {
            return DataTypes.DATE();
        } else if (value instanceof LocalTime) {
            return DataTypes.TIME();
        } else if (value instanceof byte[]) {
            return DataTypes.BYTES();
        } else if (value == null || value instanceof CharSequence) {
            return DataTypes.STRING();
        }
        throw new ValidationException("Cannot infer a SQL type for " + value.getClass().getName()
                + " values: pass a schema to fromValues.");
    }

    public static Object fromJson(JsonNode node, DataType type) {
        if (node == null || node.isNull()) {
            return null;
        }
        return switch (type.root()) {
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                node.forEach(e -> list.add(fromJson(e, type.elementType())));
                yield list;
            }
            case MAP -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                node.fields().forEachRemaining(e -> m.put(coerce(e.getKey(), type.keyType()), fromJson(e.getValue(), type.valueType())));
                yield m;
            }
            case ROW -> {
                Object[] out = new Object[type.fieldCount()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = fromJson(node.isArray() ? node.get(i) : node.get(type.fieldNames().get(i)), type.fieldType(i));
                }
                yield Row.of(out);
            }
            case DECIMAL -> coerce(node.decimalValue(), type);
            default -> coerce(node.isNumber() ? node.numberValue() : node.isBoolean() ? node.booleanValue() : node.asText(), type);
        };
    }

    public static JsonNode toJson(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null) {
            return f.nullNode();
        } else if (value instanceof Boolean b) {
            return f.booleanNode(b);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return f.numberNode(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            return f.numberNode(((Number) value).doubleValue());
        } else if (value instanceof BigDecimal b) {
            return f.numberNode(b);
        } else if (value instanceof byte[] bytes) {
            return f.textNode(Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof List<?> list) {
            var array = f.arrayNode();
            list.forEach(v -> array.add(toJson(v)));
            return array;
        } else if (value instanceof Map<?, ?> map) {
            var object = f.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), toJson(v)));
            return object;
        } else if (value instanceof Row row) {
            return toJson(row.values());
        }
        return f.textNode(value.toString());
    }

    private static Number number(Object value) {
        return value instanceof Number n ? n : new BigDecimal(value.toString());
    }

    private static Integer exactInt(Object value) {
        return value instanceof Integer i ? i : Math.toIntExact(exactLong(value));
    }

    private static Long exactLong(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        return new BigDecimal(value.toString()).longValueExact();
    }

    private static Instant parseInstant(String text) {
        String s = text.trim().replace(' ', 'T');
        return s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$") ? OffsetDateTime.parse(s).toInstant()
                : LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    }
}
