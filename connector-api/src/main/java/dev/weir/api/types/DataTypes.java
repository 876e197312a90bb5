package dev.weir.api.types;

import java.util.List;

/** Factories for {@link DataType}, named as in Flink's DataTypes. All nullable unless made notNull(). */
public final class DataTypes {
    private DataTypes() {
    }

    /** A named ROW field. */
    public record Field(String name, DataType type) {
    }

    public static DataType BOOLEAN() {
        return simple(TypeRoot.BOOLEAN);
    }

    public static DataType TINYINT() {
        return simple(TypeRoot.TINYINT);
    }

    public static DataType SMALLINT() {
        return simple(TypeRoot.SMALLINT);
    }

    public static DataType INT() {
        return simple(TypeRoot.INT);
    }

    public static DataType BIGINT() {
        return simple(TypeRoot.BIGINT);
    }

    public static DataType FLOAT() {
        return simple(TypeRoot.FLOAT);
    }

    public static DataType DOUBLE() {
        return simple(TypeRoot.DOUBLE);
    }

    public static DataType DECIMAL(int precision, int scale) {
        if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
            throw new IllegalArgumentException("DECIMAL(" + precision + ", " + scale
                    + ") is invalid: precision must be 1..38 and scale 0..precision");
        }
        return new DataType(TypeRoot.DECIMAL, true, precision, scale, List.of(), List.of());
    }

    public static DataType STRING() {
        return VARCHAR(DataType.MAX_LENGTH);
    }

    public static DataType VARCHAR(int length) {
        if (length < 1) {
            throw new IllegalArgumentException("VARCHAR length must be positive: " + length);
        }
        return new DataType(TypeRoot.VARCHAR, true, length, 0, List.of(), List.of());
    }

    public static DataType BYTES() {
        return simple(TypeRoot.BYTES);
    }

    public static DataType DATE() {
        return simple(TypeRoot.DATE);
    }

    public static DataType TIME() {
        return TIME(0);
    }

    public static DataType TIME(int precision) {
        return withPrecision(TypeRoot.TIME, precision);
    }

    public static DataType TIMESTAMP() {
        return TIMESTAMP(6);
    }

    public static DataType TIMESTAMP(int precision) {
        return withPrecision(TypeRoot.TIMESTAMP, precision);
    }

    public static DataType TIMESTAMP_LTZ() {
        return TIMESTAMP_LTZ(6);
    }

    public static DataType TIMESTAMP_LTZ(int precision) {
        return withPrecision(TypeRoot.TIMESTAMP_LTZ, precision);
    }

    public static DataType ARRAY(DataType element) {
        return new DataType(TypeRoot.ARRAY, true, 0, 0, List.of(element), List.of());
    }

    public static DataType MAP(DataType key, DataType value) {
        return new DataType(TypeRoot.MAP, true, 0, 0, List.of(key, value), List.of());
    }

    public static Field FIELD(String name, DataType type) {
        return new Field(name, type);
    }

    public static DataType ROW(Field... fields) {
        return ROW(List.of(fields));
    }

    public static DataType ROW(List<Field> fields) {
        List<String> names = fields.stream().map(Field::name).toList();
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("ROW field names must be unique: " + names);
        }
        return new DataType(TypeRoot.ROW, true, 0, 0, fields.stream().map(Field::type).toList(), names);
    }

    /** Parses the SQL form: {@code BIGINT NOT NULL}, {@code DECIMAL(10, 2)}, {@code ROW<a INT, b ARRAY<STRING>>}. */
    public static DataType parse(String sql) {
        return new DataTypeParser(sql).parseAll();
    }

    private static DataType simple(TypeRoot root) {
        return new DataType(root, true, 0, 0, List.of(), List.of());
    }

    private static DataType withPrecision(TypeRoot root, int precision) {
        if (precision < 0 || precision > 9) {
            throw new IllegalArgumentException(root + " precision must be 0..9: " + precision);
        }
        return new DataType(root, true, precision, 0, List.of(), List.of());
    }
}
