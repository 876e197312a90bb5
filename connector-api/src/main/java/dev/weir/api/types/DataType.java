package dev.weir.api.types;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A logical type with its nullability and parameters. Immutable; build with {@link DataTypes} or
 * parse the SQL form with {@link DataTypes#parse(String)}. {@link #toString()} gives the SQL form
 * back ({@code DECIMAL(10, 2) NOT NULL}), which the job spec and Python bindings use.
 */
public final class DataType implements Serializable {
    /** Length of STRING, which is VARCHAR of the maximum length. */
    public static final int MAX_LENGTH = Integer.MAX_VALUE;

    private final TypeRoot root;
    private final boolean nullable;
    /** Precision for DECIMAL/TIME/TIMESTAMP(_LTZ), length for VARCHAR; 0 otherwise. */
    private final int precision;
    private final int scale;
    private final List<DataType> children;
    private final List<String> fieldNames;

    DataType(TypeRoot root, boolean nullable, int precision, int scale, List<DataType> children, List<String> fieldNames) {
        this.root = root;
        this.nullable = nullable;
        this.precision = precision;
        this.scale = scale;
        this.children = List.copyOf(children);
        this.fieldNames = List.copyOf(fieldNames);
    }

    public TypeRoot root() {
        return root;
    }

    public boolean isNullable() {
        return nullable;
    }

    public DataType notNull() {
        return nullable ? new DataType(root, false, precision, scale, children, fieldNames) : this;
    }

    public DataType nullable() {
        return nullable ? this : new DataType(root, true, precision, scale, children, fieldNames);
    }

    public DataType withNullability(boolean isNullable) {
        return isNullable ? nullable() : notNull();
    }

    /** DECIMAL, TIME, TIMESTAMP, TIMESTAMP_LTZ precision. */
    public int precision() {
        return precision;
    }

    public int scale() {
        return scale;
    }

    /** VARCHAR length ({@link #MAX_LENGTH} for STRING). */
    public int length() {
        return precision;
    }

    /** ARRAY: [element]; MAP: [key, value]; ROW: the field types. */
    public List<DataType> children() {
        return children;
    }

    public DataType elementType() {
        requireRoot(TypeRoot.ARRAY);
        return children.get(0);
    }

    public DataType keyType() {
        requireRoot(TypeRoot.MAP);
        return children.get(0);
    }

    public DataType valueType() {
        requireRoot(TypeRoot.MAP);
        return children.get(1);
    }

    /** ROW field names, in order. */
    public List<String> fieldNames() {
        requireRoot(TypeRoot.ROW);
        return fieldNames;
    }

    public int fieldCount() {
        requireRoot(TypeRoot.ROW);
        return children.size();
    }

    /** Index of a ROW field, or -1. */
    public int fieldIndex(String name) {
        requireRoot(TypeRoot.ROW);
        return fieldNames.indexOf(name);
    }

    public DataType fieldType(int index) {
        requireRoot(TypeRoot.ROW);
        return children.get(index);
    }

    /** ROW fields as (name, type) pairs. */
    public List<DataTypes.Field> fields() {
        requireRoot(TypeRoot.ROW);
        List<DataTypes.Field> fields = new ArrayList<>(children.size());
        for (int i = 0; i < children.size(); i++) {
            fields.add(DataTypes.FIELD(fieldNames.get(i), children.get(i)));
        }
        return fields;
    }

    private void requireRoot(TypeRoot expected) {
        if (root != expected) {
            throw new IllegalStateException("Type " + this + " is not " + expected);
        }
    }

    /** Same type ignoring nullability (recursively). */
    public boolean equalsIgnoringNullability(DataType other) {
        if (root != other.root || precision != other.precision || scale != other.scale
                || !fieldNames.equals(other.fieldNames) || children.size() != other.children.size()) {
            return false;
        }
        for (int i = 0; i < children.size(); i++) {
            if (!children.get(i).equalsIgnoringNullability(other.children.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataType t && t.root == root && t.nullable == nullable && t.precision == precision
                && t.scale == scale && t.children.equals(children) && t.fieldNames.equals(fieldNames);
    }

    @Override
    public int hashCode() {
        return Objects.hash(root, nullable, precision, scale, children, fieldNames);
    }

    /** The SQL form, parseable by {@link DataTypes#parse(String)}. */
    @Override
    public String toString() {
        String base = switch (root) {
            case DECIMAL -> "DECIMAL(" + precision + ", " + scale + ")";
            case VARCHAR -> precision == MAX_LENGTH ? "STRING" : "VARCHAR(" + precision + ")";
            case TIME -> "TIME(" + precision + ")";
            case TIMESTAMP -> "TIMESTAMP(" + precision + ")";
            case TIMESTAMP_LTZ -> "TIMESTAMP_LTZ(" + precision + ")";
            case ARRAY -> "ARRAY<" + children.get(0) + ">";
            case MAP -> "MAP<" + children.get(0) + ", " + children.get(1) + ">";
            case ROW -> fields().stream()
                    .map(f -> quoteIfNeeded(f.name()) + " " + f.type())
                    .collect(Collectors.joining(", ", "ROW<", ">"));
            default -> root.name();
        };
        return nullable ? base : base + " NOT NULL";
    }

    static String quoteIfNeeded(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : "`" + name.replace("`", "``") + "`";
    }
}
