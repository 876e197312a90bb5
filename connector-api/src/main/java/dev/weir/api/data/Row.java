package dev.weir.api.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A row of values by position, with a {@link RowKind}. Field values use the Java classes named by
 * {@link dev.weir.api.types.TypeRoot#javaClass()}; null is SQL NULL.
 *
 * <p>Rows are mutable so that hot paths can reuse them; a component that keeps a row it did not
 * create must {@link #copy()} it.
 */
public final class Row implements Serializable {
    private RowKind kind;
    private final Object[] fields;

    public Row(RowKind kind, Object[] fields) {
        this.kind = kind;
        this.fields = fields;
    }

    public Row(int arity) {
        this(RowKind.INSERT, new Object[arity]);
    }

    public static Row of(Object... values) {
        return new Row(RowKind.INSERT, values);
    }

    public static Row ofKind(RowKind kind, Object... values) {
        return new Row(kind, values);
    }

    public RowKind kind() {
        return kind;
    }

    public void setKind(RowKind kind) {
        this.kind = kind;
    }

    public int arity() {
        return fields.length;
    }

    public Object getField(int pos) {
        return fields[pos];
    }

    public void setField(int pos, Object value) {
        fields[pos] = value;
    }

    public boolean isNullAt(int pos) {
        return fields[pos] == null;
    }

    /** A shallow copy of the field array (values are immutable, except byte[], List, Map and nested rows). */
    public Row copy() {
        return new Row(kind, fields.clone());
    }

    /** The field values as an unmodifiable view. */
    public List<Object> values() {
        return Arrays.asList(fields.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row r && r.kind == kind && Arrays.deepEquals(r.fields, fields);
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + Arrays.deepHashCode(fields);
    }

    /** {@code +I[1, Alice, 3.5]}, as Flink prints rows. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind.shortString()).append('[');
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            appendValue(sb, fields[i]);
        }
        return sb.append(']').toString();
    }

    private static void appendValue(StringBuilder sb, Object v) {
        if (v instanceof byte[] bytes) {
            sb.append("x'");
            for (byte b : bytes) {
                sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            sb.append('\'');
        } else if (v instanceof Map<?, ?> || v instanceof List<?>) {
            sb.append(v);
        } else {
            sb.append(v == null ? "NULL" : v.toString());
        }
    }
}
