package dev.weir.engine.python;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.api.types.TypeRoot;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columnar encoding of batches exchanged with Python workers (python-bindings/README.md,
 * "Python workers"; the Python side is {@code weir._worker.columns}). A column is an 8-byte header
 * (byte 0: 1 when a validity bitmap follows), the bitmap, then its values: fixed-width types as
 * little-endian arrays, STRING/BYTES/DECIMAL as n + 1 int32 offsets and UTF-8 bytes, ARRAY as
 * offsets and an element column, MAP as offsets, a key column and a value column (entries in the
 * map's iteration order), ROW as one column per field. Every buffer is 8-byte aligned.
 */
public final class ColumnCodec {
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private ColumnCodec() {
    }

    static void write(FrameBuffer out, DataType type, Object[] values, int count) {
        int header = out.skip(8);
        boolean hasNulls = false;
        for (int i = 0; i < count; i++) {
            if (values[i] == null) {
                hasNulls = true;
                break;
            }
        }
        if (hasNulls) {
            out.array()[header] = 1;
            int bitmap = out.skip((count + 7) >>> 3);
            for (int i = 0; i < count; i++) {
                if (values[i] != null) {
                    out.setBit(bitmap, i);
                }
            }
            out.align();
        }
        switch (type.root()) {
            case BOOLEAN -> {
                for (int i = 0; i < count; i++) {
                    out.putByte(Boolean.TRUE.equals(values[i]) ? 1 : 0);
                }
            }
            case TINYINT -> {
                for (int i = 0; i < count; i++) {
                    out.putByte(values[i] == null ? 0 : (Byte) values[i]);
                }
            }
            case SMALLINT -> {
                for (int i = 0; i < count; i++) {
                    out.putShort(values[i] == null ? 0 : (Short) values[i]);
                }
            }
            case INT -> {
                for (int i = 0; i < count; i++) {
                    out.putInt(values[i] == null ? 0 : (Integer) values[i]);
                }
            }
            case BIGINT -> {
                for (int i = 0; i < count; i++) {
                    out.putLong(values[i] == null ? 0 : (Long) values[i]);
                }
            }
            case FLOAT -> {
                for (int i = 0; i < count; i++) {
                    out.putFloat(values[i] == null ? 0 : (Float) values[i]);
                }
            }
            case DOUBLE -> {
                for (int i = 0; i < count; i++) {
                    out.putDouble(values[i] == null ? 0 : (Double) values[i]);
                }
            }
            case DATE -> {
                for (int i = 0; i < count; i++) {
                    out.putInt(values[i] == null ? 0 : (int) ((LocalDate) values[i]).toEpochDay());
                }
            }
            case TIME -> {
                for (int i = 0; i < count; i++) {
                    out.putInt(values[i] == null ? 0 : (int) (((LocalTime) values[i]).toNanoOfDay() / 1_000_000));
                }
            }
            case TIMESTAMP -> {
                for (int i = 0; i < count; i++) {
                    LocalDateTime t = (LocalDateTime) values[i];
                    out.putLong(t == null ? 0 : t.toEpochSecond(ZoneOffset.UTC) * MICROS_PER_SECOND + t.getNano() / 1000);
                }
            }
            case TIMESTAMP_LTZ -> {
                for (int i = 0; i < count; i++) {
                    Instant t = (Instant) values[i];
                    out.putLong(t == null ? 0 : t.getEpochSecond() * MICROS_PER_SECOND + t.getNano() / 1000);
                }
            }
            case VARCHAR, BYTES, DECIMAL -> writeVariable(out, type.root(), values, count);
            case ARRAY, MAP -> {
                // ARRAY: the elements of every row in one column; MAP: the keys, then the values
                boolean map = type.root() == TypeRoot.MAP;
                int offsets = out.skip(4 * (count + 1));
                List<Object> elements = new ArrayList<>();
                List<Object> mapValues = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    if (values[i] instanceof Map<?, ?> m) {
                        elements.addAll(m.keySet());
                        mapValues.addAll(m.values());
                    } else if (values[i] != null) {
                        elements.addAll((List<?>) values[i]);
                    }
                    out.putIntAt(offsets + 4 * (i + 1), elements.size());
                }
                out.align();
                write(out, map ? type.keyType() : type.elementType(), elements.toArray(), elements.size());
                if (map) {
                    write(out, type.valueType(), mapValues.toArray(), mapValues.size());
                }
                return;
            }
            case ROW -> {
                Object[] field = new Object[count];
                for (int f = 0; f < type.fieldCount(); f++) {
                    for (int i = 0; i < count; i++) {
                        field[i] = values[i] == null ? null : ((Row) values[i]).getField(f);
                    }
                    write(out, type.fieldType(f), field, count);
                }
                return;
            }
            default -> throw new IllegalArgumentException("Python functions do not support " + type);
        }
        out.align();
    }

    private static void writeVariable(FrameBuffer out, TypeRoot root, Object[] values, int count) {
        int offsets = out.skip(4 * (count + 1));
        out.align();
        int dataStart = out.position();
        for (int i = 0; i < count; i++) {
            Object value = values[i];
            if (value != null) {
                byte[] bytes = switch (root) {
                    case BYTES -> (byte[]) value;
                    case DECIMAL -> ((BigDecimal) value).toPlainString().getBytes(StandardCharsets.US_ASCII);
                    default -> null;
                };
                if (bytes != null) {
                    out.putBytes(bytes, 0, bytes.length);
                } else {
                    putUtf8(out, (String) value);
                }
            }
            out.putIntAt(offsets + 4 * (i + 1), out.position() - dataStart);
        }
        out.align();
    }

    /** ASCII strings are copied char by char; anything else through the JDK's UTF-8 encoder. */
    private static void putUtf8(FrameBuffer out, String s) {
        int length = s.length();
        out.ensure(length);
        byte[] target = out.array();
        int start = out.position();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                byte[] encoded = s.getBytes(StandardCharsets.UTF_8);
                out.putBytes(encoded, 0, encoded.length);
                return;
            }
            target[start + i] = (byte) c;
        }
        out.skipWritten(length);
    }

    /** Decodes one column of {@code count} values at the buffer's position, leaving it after the column. */
    public static Object[] read(ByteBuffer in, DataType type, int count) {
        boolean hasNulls = in.get(in.position()) == 1;
        in.position(in.position() + 8);
        boolean[] valid = null;
        if (hasNulls) {
            valid = new boolean[count];
            int bitmap = in.position();
            for (int i = 0; i < count; i++) {
                valid[i] = (in.get(bitmap + (i >>> 3)) & (1 << (i & 7))) != 0;
            }
            in.position(bitmap + align((count + 7) >>> 3));
        }
        Object[] values = new Object[count];
        switch (type.root()) {
            case BOOLEAN -> {
                for (int i = 0; i < count; i++) {
                    values[i] = in.get() != 0;
                }
            }
            case TINYINT -> {
                for (int i = 0; i < count; i++) {
                    values[i] = in.get();
                }
            }
            case SMALLINT -> {
                for (int i = 0; i < count; i++) {
                    values[i] = in.getShort();
                }
            }
            case INT -> {
                for (int i = 0; i < count; i++) {
                    values[i] = in.getInt();
                }
            }
            case BIGINT -> {
                for (int i = 0; i < count; i++) {
                    values[i] = in.getLong();
                }
            }
            case FLOAT -> {
                for (int i = 0; i < count; i++) {
                    values[i] = in.getFloat();
                }
            }
            case DOUBLE -> {
                for (int i = 0; i < count; i++) {
                    values[i] = in.getDouble();
                }
            }
            case DATE -> {
                for (int i = 0; i < count; i++) {
                    values[i] = LocalDate.ofEpochDay(in.getInt());
                }
            }
            case TIME -> {
                for (int i = 0; i < count; i++) {
                    values[i] = LocalTime.ofNanoOfDay(in.getInt() * 1_000_000L);
                }
            }
            case TIMESTAMP -> {
                for (int i = 0; i < count; i++) {
                    long micros = in.getLong();
                    values[i] = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
                            (int) Math.floorMod(micros, MICROS_PER_SECOND) * 1000, ZoneOffset.UTC);
                }
            }
            case TIMESTAMP_LTZ -> {
                for (int i = 0; i < count; i++) {
                    long micros = in.getLong();
                    values[i] = Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
                            Math.floorMod(micros, MICROS_PER_SECOND) * 1000);
                }
            }
            case VARCHAR, BYTES, DECIMAL -> {
                int offsets = in.position();
                in.position(offsets + align(4 * (count + 1)));
                int data = in.position();
                byte[] array = in.array();
                int base = in.arrayOffset();
                for (int i = 0; i < count; i++) {
                    int start = in.getInt(offsets + 4 * i);
                    int end = in.getInt(offsets + 4 * (i + 1));
                    if (valid != null && !valid[i]) {
                        continue;
                    }
                    values[i] = switch (type.root()) {
                        case BYTES -> Arrays.copyOfRange(array, base + data + start, base + data + end);
                        case DECIMAL -> new BigDecimal(new String(array, base + data + start, end - start, StandardCharsets.US_ASCII))
                                .setScale(type.scale(), RoundingMode.HALF_UP);
                        default -> new String(array, base + data + start, end - start, StandardCharsets.UTF_8);
                    };
                }
                in.position(data + align(in.getInt(offsets + 4 * count)));
            }
            case ARRAY, MAP -> {
                boolean map = type.root() == TypeRoot.MAP;
                int offsets = in.position();
                in.position(offsets + align(4 * (count + 1)));
                int total = in.getInt(offsets + 4 * count);
                Object[] elements = read(in, map ? type.keyType() : type.elementType(), total);
                Object[] mapValues = map ? read(in, type.valueType(), total) : null;
                for (int i = 0; i < count; i++) {
                    int start = in.getInt(offsets + 4 * i);
                    int end = in.getInt(offsets + 4 * (i + 1));
                    values[i] = map ? entries(elements, mapValues, start, end)
                            : Arrays.asList(Arrays.copyOfRange(elements, start, end));
                }
            }
            case ROW -> {
                Object[][] fields = new Object[type.fieldCount()][];
                for (int f = 0; f < fields.length; f++) {
                    fields[f] = read(in, type.fieldType(f), count);
                }
                for (int i = 0; i < count; i++) {
                    Object[] row = new Object[fields.length];
                    for (int f = 0; f < fields.length; f++) {
                        row[f] = fields[f][i];
                    }
                    values[i] = Row.of(row);
                }
            }
            default -> throw new IllegalArgumentException("Python functions do not support " + type);
        }
        in.position(in.position() + (-in.position() & 7));
        if (valid != null) {
            for (int i = 0; i < count; i++) {
                if (!valid[i]) {
                    values[i] = null;
                }
            }
        }
        return values;
    }

    private static Map<Object, Object> entries(Object[] keys, Object[] values, int start, int end) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = start; i < end; i++) {
            map.put(keys[i], values[i]);
        }
        return map;
    }

    private static int align(int length) {
        return (length + 7) & ~7;
    }
}
