package dev.weir.formats.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.formats.json.JsonFormatOptions.MapNullKeyMode;
import dev.weir.formats.json.JsonFormatOptions.TimestampFormat;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds, once per row type, a tree of writers that put row values into a JsonGenerator: the
 * encoder's hot path does no type dispatch, no reflection and no per-row allocation of its own.
 */
final class JsonWriters {
    /** Writes a non-null value; containers deal with NULLs. */
    @FunctionalInterface
    interface ValueWriter {
        void write(JsonGenerator generator, Object value) throws IOException;
    }

    private final TimestampFormat timestampFormat;
    private final MapNullKeyMode mapNullKeyMode;
    private final String mapNullKeyLiteral;
    private final boolean decimalAsPlainNumber;
    private final boolean ignoreNullFields;

    JsonWriters(TimestampFormat timestampFormat, MapNullKeyMode mapNullKeyMode, String mapNullKeyLiteral,
                boolean decimalAsPlainNumber, boolean ignoreNullFields) {
        this.timestampFormat = timestampFormat;
        this.mapNullKeyMode = mapNullKeyMode;
        this.mapNullKeyLiteral = mapNullKeyLiteral;
        this.decimalAsPlainNumber = decimalAsPlainNumber;
        this.ignoreNullFields = ignoreNullFields;
    }

    ValueWriter forType(DataType type) {
        return switch (type.root()) {
            case BOOLEAN -> (g, v) -> g.writeBoolean((Boolean) v);
            case TINYINT -> (g, v) -> g.writeNumber((short) (byte) (Byte) v);
            case SMALLINT -> (g, v) -> g.writeNumber((Short) v);
            case INT -> (g, v) -> g.writeNumber((Integer) v);
            case BIGINT -> (g, v) -> g.writeNumber((Long) v);
            case FLOAT -> (g, v) -> g.writeNumber((Float) v);
            case DOUBLE -> (g, v) -> g.writeNumber((Double) v);
            // Plain or scientific notation is a generator feature, set by the encoder.
            case DECIMAL -> (g, v) -> g.writeNumber((BigDecimal) v);
            case VARCHAR -> (g, v) -> g.writeString((String) v);
            case BYTES -> (g, v) -> g.writeBinary((byte[]) v);
            case DATE, TIME, TIMESTAMP, TIMESTAMP_LTZ -> {
                Function<Object, String> text = text(type);
                yield (g, v) -> g.writeString(text.apply(v));
            }
            case ARRAY -> array(type);
            case MAP -> map(type);
            case ROW -> row(type);
        };
    }

    /** The textual form of a scalar; also how MAP keys are written. */
    private Function<Object, String> text(DataType type) {
        return switch (type.root()) {
            case VARCHAR -> v -> (String) v;
            case DECIMAL -> decimalAsPlainNumber ? v -> ((BigDecimal) v).toPlainString() : v -> v.toString();
            case BYTES -> v -> Base64.getEncoder().encodeToString((byte[]) v);
            case DATE -> v -> DateTimeFormatter.ISO_LOCAL_DATE.format((LocalDate) v);
            case TIME -> v -> DateTimeFormatter.ISO_LOCAL_TIME.format((LocalTime) v);
            case TIMESTAMP -> {
                DateTimeFormatter formatter = TemporalText.timestampFormatter(timestampFormat, false);
                yield v -> formatter.format((LocalDateTime) v);
            }
            case TIMESTAMP_LTZ -> {
                DateTimeFormatter formatter = TemporalText.timestampFormatter(timestampFormat, true);
                yield v -> TemporalText.formatLtz((Instant) v, formatter);
            }
            case BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE -> {
                Class<?> javaClass = type.root().javaClass();
                yield v -> String.valueOf(javaClass.cast(v));
            }
            case ARRAY, MAP, ROW -> throw new IllegalArgumentException("the json format cannot write MAP keys of type "
                    + type + ": JSON object keys are text, so MAP keys must be of a scalar type");
        };
    }

    private ValueWriter array(DataType type) {
        DataType elementType = type.elementType();
        ValueWriter elementWriter = forType(elementType);
        return (g, value) -> {
            List<?> elements = (List<?>) value;
            g.writeStartArray();
            for (int i = 0; i < elements.size(); i++) {
                Object element = elements.get(i);
                if (element == null) {
                    g.writeNull();
                    continue;
                }
                try {
                    elementWriter.write(g, element);
                } catch (ClassCastException e) {
                    throw wrongClass(elementType, element).atIndex(i);
                } catch (FieldProblem problem) {
                    throw problem.atIndex(i);
                }
            }
            g.writeEndArray();
        };
    }

    private ValueWriter map(DataType type) {
        DataType keyType = type.keyType();
        DataType valueType = type.valueType();
        Function<Object, String> keyText = text(keyType);
        ValueWriter valueWriter = forType(valueType);
        return (g, value) -> {
            g.writeStartObject();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                String key = keyText(entry.getKey(), keyType, keyText);
                if (key == null) {
                    continue; // a NULL key with map-null-key.mode DROP
                }
                g.writeFieldName(key);
                Object entryValue = entry.getValue();
                if (entryValue == null) {
                    g.writeNull();
                    continue;
                }
                try {
                    valueWriter.write(g, entryValue);
                } catch (ClassCastException e) {
                    throw wrongClass(valueType, entryValue).atKey(key);
                } catch (FieldProblem problem) {
                    throw problem.atKey(key);
                }
            }
            g.writeEndObject();
        };
    }

    /** The key as text; null when the entry is dropped. */
    private String keyText(Object key, DataType keyType, Function<Object, String> keyText) {
        if (key != null) {
            try {
                return keyText.apply(key);
            } catch (ClassCastException e) {
                throw wrongClass(keyType, key);
            }
        }
        return switch (mapNullKeyMode) {
            case FAIL -> throw new FieldProblem("a MAP has a NULL key, which JSON cannot express; set"
                    + " 'map-null-key.mode' to 'DROP' or 'LITERAL' to write such maps");
            case DROP -> null;
            case LITERAL -> mapNullKeyLiteral;
        };
    }

    /** A ROW as a JSON object; also the top level of every record. */
    ValueWriter row(DataType rowType) {
        return new RowWriter(rowType);
    }

    private final class RowWriter implements ValueWriter {
        private final DataType[] types;
        private final SerializedString[] names;
        private final ValueWriter[] writers;

        RowWriter(DataType rowType) {
            types = rowType.children().toArray(DataType[]::new);
            // Pre-quoted names: the generator copies their bytes instead of escaping each time.
            names = rowType.fieldNames().stream().map(SerializedString::new).toArray(SerializedString[]::new);
            writers = new ValueWriter[types.length];
            for (int i = 0; i < types.length; i++) {
                writers[i] = forType(types[i]);
            }
        }

        @Override
        public void write(JsonGenerator g, Object value) throws IOException {
            Row row = (Row) value;
            if (row.arity() != writers.length) {
                throw new FieldProblem("expected a row of " + writers.length + " fields, found " + row.arity()
                        + ": " + row);
            }
            g.writeStartObject();
            for (int i = 0; i < writers.length; i++) {
                Object field = row.getField(i);
                if (field == null) {
                    if (!ignoreNullFields) {
                        g.writeFieldName(names[i]);
                        g.writeNull();
                    }
                    continue;
                }
                g.writeFieldName(names[i]);
                try {
                    writers[i].write(g, field);
                } catch (ClassCastException e) {
                    throw wrongClass(types[i], field).inField(names[i].getValue());
                } catch (FieldProblem problem) {
                    throw problem.inField(names[i].getValue());
                }
            }
            g.writeEndObject();
        }
    }

    private static FieldProblem wrongClass(DataType type, Object value) {
        return new FieldProblem("expected a " + type.root().javaClass().getName() + " for type " + type.nullable()
                + ", found a " + value.getClass().getName() + " (" + value + ")");
    }
}
