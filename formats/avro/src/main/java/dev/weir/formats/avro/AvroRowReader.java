package dev.weir.formats.avro;

import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.api.types.DataType;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroTypeException;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.ResolvingDecoder;

/**
 * Reads Avro binary data written with one writer schema into rows of a table's row type, through
 * Avro's schema resolution (ResolvingDecoder) against a reader schema fitted from the row type (see
 * {@link ReaderSchemas}): fields are matched by name, columns the writer lacks are NULL, fields the
 * table lacks are skipped, and numbers are promoted.
 *
 * <p>Built once per writer schema; the build checks every column, and the tree of readers it builds
 * does no type dispatch per record. Not thread-safe: it reuses its decoders.
 */
public final class AvroRowReader {
    /** Reads one value in the reader schema's order; returns null only for an Avro null. */
    @FunctionalInterface
    private interface ValueReader {
        Object read(ResolvingDecoder in) throws IOException;
    }

    private final Schema writerSchema;
    private final Schema readerSchema;
    private final ResolvingDecoder resolver;
    private final ValueReader rowReader;
    private BinaryDecoder binaryDecoder;

    private AvroRowReader(Schema writerSchema, Schema readerSchema, ValueReader rowReader) throws IOException {
        this.writerSchema = writerSchema;
        this.readerSchema = readerSchema;
        this.rowReader = rowReader;
        this.resolver = DecoderFactory.get().resolvingDecoder(writerSchema, readerSchema, null);
    }

    /**
     * @throws IllegalArgumentException naming the field and both types when data of the writer schema
     *     cannot be read as the row type
     */
    public static AvroRowReader create(Schema writerSchema, DataType rowType) {
        Schema readerSchema = ReaderSchemas.forWriter(writerSchema, rowType);
        try {
            return new AvroRowReader(writerSchema, readerSchema, slot(readerSchema, rowType.notNull()));
        } catch (IOException | AvroTypeException e) {
            throw new IllegalArgumentException("the writer schema " + writerSchema.getFullName()
                    + " cannot be read as the row type: " + e.getMessage(), e);
        }
    }

    public Schema writerSchema() {
        return writerSchema;
    }

    public Schema readerSchema() {
        return readerSchema;
    }

    /**
     * Reads one record that fills the message from {@code offset} to its end.
     *
     * @throws AvroDataException naming the field when the bytes are not a record of the writer schema
     *     (truncated, corrupt, bytes left over) or a value does not fit its column
     */
    public Row read(byte[] message, int offset) {
        binaryDecoder = DecoderFactory.get().binaryDecoder(message, offset, message.length - offset, binaryDecoder);
        Row row = read(binaryDecoder);
        try {
            if (!binaryDecoder.isEnd()) {
                throw new AvroDataException(corrupt("bytes are left over after the record; was it written"
                        + " with another schema?"), null);
            }
        } catch (IOException e) {
            throw new AvroDataException(corrupt(e), e);
        }
        return row;
    }

    /** Reads the next record from a decoder positioned at its start (an Avro data file's block). */
    public Row read(Decoder in) {
        try {
            resolver.configure(in);
            Row row = (Row) rowReader.read(resolver);
            resolver.drain();
            return row;
        } catch (FieldProblem problem) {
            throw new AvroDataException(problem.describe(), problem, misfit(problem.getCause()));
        } catch (IOException | RuntimeException e) {
            throw new AvroDataException(corrupt(e), e, misfit(e));
        }
    }

    /**
     * A problem found by a check here (no cause) or by schema resolution (AvroTypeException: a union
     * branch or enum symbol the reader lacks) is a value that does not fit; anything else Avro raises
     * (EOF, invalid varints or lengths, indexes out of range) means the bytes are corrupt.
     */
    private static boolean misfit(Throwable cause) {
        return cause == null || cause instanceof AvroTypeException;
    }

    private static String corrupt(String detail) {
        return "truncated or corrupt Avro data: " + detail;
    }

    /** What went wrong, for errors Avro raises while reading bytes that are not what the schema says. */
    static String corrupt(Throwable e) {
        if (e instanceof EOFException) {
            return corrupt("the data ends too early");
        }
        if (e instanceof AvroTypeException) {
            return "the writer's data does not fit the reader's type: " + e.getMessage();
        }
        if (e instanceof IndexOutOfBoundsException) {
            // The JVM may throw this without a message once it is frequent (OmitStackTraceInFastThrow).
            return corrupt("an enum or union index is out of range" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
        return corrupt(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    // ---- building ----

    private static ValueReader slot(Schema schema, DataType type) {
        if (schema.getType() != Schema.Type.UNION) {
            return nonNull(schema, type);
        }
        // Reader schemas are built by ReaderSchemas: a union is always ["null", T].
        Schema value = AvroSchemaConverter.nonNull(schema);
        int nullIndex = schema.getIndexNamed(Schema.Type.NULL.getName());
        ValueReader valueReader = nonNull(value, type);
        String notNullable = "NULL, but the column is " + type;
        boolean nullable = type.isNullable();
        return in -> {
            if (in.readIndex() == nullIndex) {
                in.readNull();
                if (!nullable) {
                    throw new FieldProblem(notNullable);
                }
                return null;
            }
            return valueReader.read(in);
        };
    }

    private static ValueReader nonNull(Schema schema, DataType type) {
        LogicalType logical = schema.getLogicalType();
        return switch (type.root()) {
            case BOOLEAN -> in -> in.readBoolean();
            case TINYINT -> in -> {
                int v = in.readInt();
                if (v < Byte.MIN_VALUE || v > Byte.MAX_VALUE) {
                    throw new FieldProblem(v + " is out of the range of TINYINT");
                }
                return (byte) v;
            };
            case SMALLINT -> in -> {
                int v = in.readInt();
                if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                    throw new FieldProblem(v + " is out of the range of SMALLINT");
                }
                return (short) v;
            };
            case INT -> in -> in.readInt();
            case BIGINT -> in -> in.readLong();
            case FLOAT -> in -> in.readFloat();
            case DOUBLE -> in -> in.readDouble();
            case DECIMAL -> decimal(schema, type);
            case VARCHAR -> {
                if (schema.getType() == Schema.Type.ENUM) {
                    String[] symbols = schema.getEnumSymbols().toArray(String[]::new);
                    yield in -> symbols[in.readEnum()];
                }
                yield in -> in.readString();
            }
            case BYTES -> schema.getType() == Schema.Type.FIXED ? fixed(schema.getFixedSize()) : in -> bytes(in);
            case DATE -> in -> LocalDate.ofEpochDay(in.readInt());
            case TIME -> time(logical instanceof LogicalTypes.TimeMillis, type.precision());
            case TIMESTAMP -> {
                TimestampUnit unit = TimestampUnit.of(logical);
                ChronoUnit precision = truncation(type.precision());
                yield in -> unit.toLocal(in.readLong()).truncatedTo(precision);
            }
            case TIMESTAMP_LTZ -> {
                TimestampUnit unit = TimestampUnit.of(logical);
                ChronoUnit precision = truncation(type.precision());
                yield in -> unit.toInstant(in.readLong()).truncatedTo(precision);
            }
            case ARRAY -> array(schema, type);
            case MAP -> map(schema, type);
            case ROW -> record(schema, type);
        };
    }

    private static byte[] bytes(ResolvingDecoder in) throws IOException {
        ByteBuffer buffer = in.readBytes(null);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static ValueReader fixed(int size) {
        return in -> {
            byte[] bytes = new byte[size];
            in.readFixed(bytes);
            return bytes;
        };
    }

    private static ValueReader decimal(Schema schema, DataType type) {
        LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) schema.getLogicalType();
        int writerScale = decimal.getScale();
        int scale = type.scale();
        int precision = type.precision();
        ValueReader unscaled = schema.getType() == Schema.Type.FIXED ? fixed(schema.getFixedSize()) : in -> bytes(in);
        return in -> {
            byte[] bytes = (byte[]) unscaled.read(in);
            if (bytes.length == 0) {
                throw new FieldProblem("an empty byte string is not a decimal");
            }
            BigDecimal written = new BigDecimal(new BigInteger(bytes), writerScale);
            BigDecimal value;
            try {
                value = written.setScale(scale, RoundingMode.UNNECESSARY);
            } catch (ArithmeticException wouldRound) {
                throw new FieldProblem(written.toPlainString() + " has more fraction digits than " + type + " keeps");
            }
            if (value.precision() > precision) {
                throw new FieldProblem(value.toPlainString() + " has more digits than " + type + " allows");
            }
            return value;
        };
    }

    private static ValueReader time(boolean millis, int precision) {
        ChronoUnit truncation = truncation(precision);
        long nanosPerUnit = millis ? 1_000_000L : 1_000L;
        return in -> {
            long value = millis ? in.readInt() : in.readLong();
            if (value < 0 || value >= 86_400_000_000_000L / nanosPerUnit) {
                throw new FieldProblem(value + (millis ? " ms" : " µs") + " is not a time of day");
            }
            return LocalTime.ofNanoOfDay(value * nanosPerUnit).truncatedTo(truncation);
        };
    }

    /** TIME(p), TIMESTAMP(p): digits beyond the precision are cut, as the json format does. */
    private static ChronoUnit truncation(int precision) {
        return precision == 0 ? ChronoUnit.SECONDS : precision <= 3 ? ChronoUnit.MILLIS
                : precision <= 6 ? ChronoUnit.MICROS : ChronoUnit.NANOS;
    }

    private static ValueReader array(Schema schema, DataType type) {
        ValueReader element = slot(schema.getElementType(), type.elementType());
        return in -> {
            long count = in.readArrayStart();
            // A corrupt count must not allocate a huge list before the data runs out.
            List<Object> list = new ArrayList<>((int) Math.min(count, 64));
            while (count > 0) {
                for (long i = 0; i < count; i++) {
                    try {
                        list.add(element.read(in));
                    } catch (FieldProblem problem) {
                        throw problem.atIndex(list.size());
                    } catch (IOException | RuntimeException e) {
                        throw new FieldProblem(corrupt(e), e).atIndex(list.size());
                    }
                }
                count = in.arrayNext();
            }
            return list;
        };
    }

    private static ValueReader map(Schema schema, DataType type) {
        ValueReader value = slot(schema.getValueType(), type.valueType());
        return in -> {
            long count = in.readMapStart();
            Map<String, Object> map = new LinkedHashMap<>();
            while (count > 0) {
                for (long i = 0; i < count; i++) {
                    String key = in.readString();
                    try {
                        map.put(key, value.read(in));
                    } catch (FieldProblem problem) {
                        throw problem.atKey(key);
                    } catch (IOException | RuntimeException e) {
                        throw new FieldProblem(corrupt(e), e).atKey(key);
                    }
                }
                count = in.mapNext();
            }
            return map;
        };
    }

    private static ValueReader record(Schema schema, DataType rowType) {
        // ReaderSchemas builds the reader record with one field per column, in the columns' order.
        int arity = rowType.fieldCount();
        ValueReader[] readers = new ValueReader[arity];
        String[] names = new String[arity];
        for (int i = 0; i < arity; i++) {
            names[i] = rowType.fieldNames().get(i);
            readers[i] = slot(schema.getFields().get(i).schema(), rowType.fieldType(i));
        }
        return in -> {
            Object[] values = new Object[arity];
            // Resolution hands out the fields in the writer's order; defaults for the rest come last.
            for (Schema.Field field : in.readFieldOrder()) {
                int column = field.pos();
                try {
                    values[column] = readers[column].read(in);
                } catch (FieldProblem problem) {
                    throw problem.inField(names[column]);
                } catch (IOException | RuntimeException e) {
                    throw new FieldProblem(corrupt(e), e).inField(names[column]);
                }
            }
            return new Row(RowKind.INSERT, values);
        };
    }
}
