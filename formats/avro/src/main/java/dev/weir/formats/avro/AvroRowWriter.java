package dev.weir.formats.avro;

import static dev.weir.formats.avro.AvroSchemaConverter.describe;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.api.types.TypeRoot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Writes rows as Avro binary data of a given writer schema. Built once per (schema, row type): the
 * build matches record fields to columns by name and checks every type, so a mismatch is reported
 * before any row is written; the tree of writers it builds does no type dispatch per row.
 *
 * <p>What may be written where: each column to the Avro type derived from it, and also INT (TINYINT,
 * SMALLINT) to long, float and double, FLOAT to double, DECIMAL to bytes or fixed decimals of the
 * same or a larger scale, STRING to an enum (the value must be one of its symbols), BYTES to fixed,
 * TIMESTAMP and TIMESTAMP_LTZ to any timestamp-* or local-timestamp-* type (wall clock taken as UTC).
 * A nullable column may go to an Avro type without null: writing a NULL there is then an error. An
 * Avro field without a column gets its default value; one without a default is a mismatch.
 */
public final class AvroRowWriter {
    /** Writes a value, which may be null; each writer knows whether its Avro type allows that. */
    @FunctionalInterface
    private interface ValueWriter {
        void write(Encoder out, Object value) throws IOException;
    }

    private final Schema schema;
    private final ValueWriter rowWriter;

    private AvroRowWriter(Schema schema, ValueWriter rowWriter) {
        this.schema = schema;
        this.rowWriter = rowWriter;
    }

    /**
     * @throws IllegalArgumentException naming the field and both types when the schema does not fit the row type
     */
    public static AvroRowWriter create(Schema writerSchema, DataType rowType) {
        AvroSchemaConverter.requireRecord(writerSchema);
        try {
            return new AvroRowWriter(writerSchema, slot(writerSchema, rowType.notNull()));
        } catch (FieldProblem mismatch) {
            throw new IllegalArgumentException("the Avro schema " + writerSchema.getFullName()
                    + " does not fit the row type: " + mismatch.describe(), mismatch);
        }
    }

    public Schema schema() {
        return schema;
    }

    /**
     * Writes one row.
     *
     * @throws IllegalArgumentException naming the field when a value cannot be written (NULL where the
     *     Avro type has no null, a string that is not an enum symbol, a decimal with too many digits)
     */
    public void write(Row row, Encoder out) throws IOException {
        try {
            rowWriter.write(out, row);
        } catch (FieldProblem problem) {
            throw new IllegalArgumentException("Cannot encode the row as Avro: " + problem.describe(), problem);
        }
    }

    // ---- building ----

    /** The writer of one value of a column: record field, array element or map value. */
    private static ValueWriter slot(Schema schema, DataType type) {
        if (schema.getType() == Schema.Type.UNION) {
            return union(schema, type);
        }
        ValueWriter writer = nonNull(schema, type);
        if (!type.isNullable()) {
            return writer;
        }
        String notNullable = "NULL, but the Avro type " + describe(schema) + " does not allow null";
        return (out, v) -> {
            if (v == null) {
                throw new FieldProblem(notNullable);
            }
            writer.write(out, v);
        };
    }

    private static ValueWriter union(Schema union, DataType type) {
        List<Schema> branches = union.getTypes();
        int nullIndex = -1;
        int valueIndex = -1;
        ValueWriter valueWriter = null;
        List<FieldProblem> misfits = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            Schema branch = branches.get(i);
            if (branch.getType() == Schema.Type.NULL) {
                nullIndex = i;
            } else if (valueWriter == null) {
                try {
                    valueWriter = nonNull(branch, type);
                    valueIndex = i;
                } catch (FieldProblem misfit) {
                    misfits.add(misfit); // the next branch may fit
                }
            }
        }
        if (valueWriter == null) {
            // With one candidate its own problem says more, e.g. which nested field does not fit.
            throw misfits.size() == 1 ? misfits.get(0) : mismatch(type, union);
        }
        int nullBranch = nullIndex;
        int valueBranch = valueIndex;
        ValueWriter branchWriter = valueWriter;
        String notNullable = "NULL, but the Avro type " + describe(union) + " does not allow null";
        return (out, v) -> {
            if (v == null) {
                if (nullBranch < 0) {
                    throw new FieldProblem(notNullable);
                }
                out.writeIndex(nullBranch);
                out.writeNull();
            } else {
                out.writeIndex(valueBranch);
                branchWriter.write(out, v);
            }
        };
    }

    /** The writer of a non-null value to a non-union Avro type, or a FieldProblem when the types do not fit. */
    private static ValueWriter nonNull(Schema schema, DataType type) {
        Schema.Type avro = schema.getType();
        LogicalType logical = schema.getLogicalType();
        boolean plain = logical == null;
        ValueWriter writer = switch (type.root()) {
            case BOOLEAN -> avro == Schema.Type.BOOLEAN ? (out, v) -> out.writeBoolean((Boolean) v) : null;
            case TINYINT, SMALLINT, INT -> !plain ? null : switch (avro) {
                case INT -> (out, v) -> out.writeInt(((Number) v).intValue());
                case LONG -> (out, v) -> out.writeLong(((Number) v).longValue());
                case FLOAT -> (out, v) -> out.writeFloat(((Number) v).floatValue());
                case DOUBLE -> (out, v) -> out.writeDouble(((Number) v).doubleValue());
                default -> null;
            };
            case BIGINT -> plain && avro == Schema.Type.LONG ? (out, v) -> out.writeLong((Long) v) : null;
            case FLOAT -> !plain ? null : switch (avro) {
                case FLOAT -> (out, v) -> out.writeFloat((Float) v);
                case DOUBLE -> (out, v) -> out.writeDouble((Float) v);
                default -> null;
            };
            case DOUBLE -> plain && avro == Schema.Type.DOUBLE ? (out, v) -> out.writeDouble((Double) v) : null;
            case DECIMAL -> decimal(schema, type);
            case VARCHAR -> switch (avro) {
                case STRING -> (out, v) -> out.writeString((String) v);
                case ENUM -> enumSymbol(schema);
                default -> null;
            };
            case BYTES -> !plain ? null : switch (avro) {
                case BYTES -> (out, v) -> out.writeBytes((byte[]) v);
                case FIXED -> fixedBytes(schema);
                default -> null;
            };
            case DATE -> logical instanceof LogicalTypes.Date
                    ? (out, v) -> out.writeInt((int) ((LocalDate) v).toEpochDay()) : null;
            case TIME -> logical instanceof LogicalTypes.TimeMillis
                    ? (out, v) -> out.writeInt((int) (((LocalTime) v).toNanoOfDay() / 1_000_000L))
                    : logical instanceof LogicalTypes.TimeMicros
                    ? (out, v) -> out.writeLong(((LocalTime) v).toNanoOfDay() / 1_000L) : null;
            case TIMESTAMP, TIMESTAMP_LTZ -> timestamp(schema, type);
            case ARRAY -> avro == Schema.Type.ARRAY ? array(schema, type) : null;
            case MAP -> avro == Schema.Type.MAP && type.keyType().root() == TypeRoot.VARCHAR ? map(schema, type) : null;
            case ROW -> avro == Schema.Type.RECORD ? record(schema, type) : null;
        };
        if (writer == null) {
            throw mismatch(type, schema);
        }
        return writer;
    }

    static FieldProblem mismatch(DataType column, Schema avro) {
        return new FieldProblem("the column is " + column + " but the Avro type is " + describe(avro));
    }

    private static ValueWriter timestamp(Schema schema, DataType type) {
        TimestampUnit unit = TimestampUnit.of(schema.getLogicalType());
        if (schema.getType() != Schema.Type.LONG || unit == null) {
            return null;
        }
        boolean local = type.root() == TypeRoot.TIMESTAMP;
        return (out, v) -> {
            long value;
            try {
                value = local ? unit.fromLocal((LocalDateTime) v) : unit.fromInstant((Instant) v);
            } catch (ArithmeticException overflow) {
                throw new FieldProblem(v + " is out of the range of " + describe(schema));
            }
            out.writeLong(value);
        };
    }

    private static ValueWriter decimal(Schema schema, DataType type) {
        if (!(schema.getLogicalType() instanceof LogicalTypes.Decimal decimal) || decimal.getScale() < type.scale()) {
            return null; // a smaller scale would drop digits
        }
        int scale = decimal.getScale();
        int precision = decimal.getPrecision();
        if (schema.getType() == Schema.Type.BYTES) {
            return (out, v) -> out.writeBytes(unscaled((BigDecimal) v, scale, precision, schema).toByteArray());
        }
        int size = schema.getFixedSize();
        return (out, v) -> {
            byte[] bytes = unscaled((BigDecimal) v, scale, precision, schema).toByteArray();
            if (bytes.length > size) {
                throw new FieldProblem(v + " does not fit " + describe(schema));
            }
            byte[] fixed = new byte[size];
            // Sign-extend the big-endian two's complement to the fixed size.
            Arrays.fill(fixed, 0, size - bytes.length, (byte) (bytes[0] < 0 ? -1 : 0));
            System.arraycopy(bytes, 0, fixed, size - bytes.length, bytes.length);
            out.writeFixed(fixed);
        };
    }

    private static BigInteger unscaled(BigDecimal value, int scale, int precision, Schema schema) {
        BigDecimal scaled = value.setScale(scale, RoundingMode.HALF_UP);
        if (scaled.precision() > precision) {
            throw new FieldProblem(value.toPlainString() + " has more digits than " + describe(schema) + " allows");
        }
        return scaled.unscaledValue();
    }

    private static ValueWriter enumSymbol(Schema schema) {
        Map<String, Integer> ordinals = new HashMap<>();
        List<String> symbols = schema.getEnumSymbols();
        for (int i = 0; i < symbols.size(); i++) {
            ordinals.put(symbols.get(i), i);
        }
        String known = String.join(", ", symbols);
        return (out, v) -> {
            Integer ordinal = ordinals.get((String) v);
            if (ordinal == null) {
                throw new FieldProblem("'" + v + "' is not a symbol of the Avro enum " + schema.getFullName()
                        + " (" + known + ")");
            }
            out.writeEnum(ordinal);
        };
    }

    private static ValueWriter fixedBytes(Schema schema) {
        int size = schema.getFixedSize();
        return (out, v) -> {
            byte[] bytes = (byte[]) v;
            if (bytes.length != size) {
                throw new FieldProblem(bytes.length + " bytes, but " + describe(schema) + " holds exactly " + size);
            }
            out.writeFixed(bytes);
        };
    }

    private static ValueWriter array(Schema schema, DataType type) {
        ValueWriter element = slot(schema.getElementType(), type.elementType());
        return (out, v) -> {
            List<?> list = (List<?>) v;
            out.writeArrayStart();
            out.setItemCount(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.startItem();
                try {
                    element.write(out, list.get(i));
                } catch (FieldProblem problem) {
                    throw problem.atIndex(i);
                }
            }
            out.writeArrayEnd();
        };
    }

    private static ValueWriter map(Schema schema, DataType type) {
        ValueWriter value = slot(schema.getValueType(), type.valueType());
        return (out, v) -> {
            Map<?, ?> map = (Map<?, ?>) v;
            out.writeMapStart();
            out.setItemCount(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = (String) entry.getKey();
                if (key == null) {
                    throw new FieldProblem("a NULL map key, but Avro map keys are strings");
                }
                out.startItem();
                out.writeString(key);
                try {
                    value.write(out, entry.getValue());
                } catch (FieldProblem problem) {
                    throw problem.atKey(key);
                }
            }
            out.writeMapEnd();
        };
    }

    private static ValueWriter record(Schema schema, DataType rowType) {
        List<Schema.Field> fields = schema.getFields();
        ValueWriter[] writers = new ValueWriter[fields.size()];
        int[] columns = new int[fields.size()];
        boolean[] used = new boolean[rowType.fieldCount()];
        for (Schema.Field field : fields) {
            int column = rowType.fieldIndex(field.name());
            columns[field.pos()] = column;
            if (column < 0) {
                writers[field.pos()] = defaultValue(field);
                continue;
            }
            used[column] = true;
            try {
                writers[field.pos()] = slot(field.schema(), rowType.fieldType(column));
            } catch (FieldProblem problem) {
                throw problem.inField(field.name());
            }
        }
        for (int c = 0; c < used.length; c++) {
            if (!used[c]) {
                throw new FieldProblem("the Avro record " + schema.getFullName() + " has no field for the column '"
                        + rowType.fieldNames().get(c) + "' (its fields: " + fieldNames(schema) + ")");
            }
        }
        return (out, v) -> {
            Row row = (Row) v;
            for (int i = 0; i < writers.length; i++) {
                int column = columns[i];
                try {
                    writers[i].write(out, column < 0 ? null : row.getField(column));
                } catch (FieldProblem problem) {
                    throw problem.inField(fields.get(i).name());
                }
            }
        };
    }

    static String fieldNames(Schema record) {
        List<String> names = new ArrayList<>();
        record.getFields().forEach(f -> names.add(f.name()));
        return String.join(", ", names);
    }

    /** Writes the field's default, encoded once: the bytes of a default never change. */
    private static ValueWriter defaultValue(Schema.Field field) {
        if (!field.hasDefaultValue()) {
            throw new FieldProblem("no column has this name and the Avro field has no default value").inField(field.name());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
        try {
            new GenericDatumWriter<>(field.schema(), GenericData.get())
                    .write(GenericData.get().getDefaultValue(field), encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not expected when writing to memory
        }
        byte[] encoded = bytes.toByteArray();
        return (out, ignored) -> out.writeFixed(encoded);
    }
}
