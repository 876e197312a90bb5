package dev.weir.api.types;

/**
 * The logical types. Each has one Java representation inside a {@link dev.weir.api.data.Row}, so
 * every connector and format agrees on what a value is.
 */
public enum TypeRoot {
    BOOLEAN(Boolean.class),
    TINYINT(Byte.class),
    SMALLINT(Short.class),
    INT(Integer.class),
    BIGINT(Long.class),
    FLOAT(Float.class),
    DOUBLE(Double.class),
    DECIMAL(java.math.BigDecimal.class),
    /** STRING is VARCHAR of the maximum length. */
    VARCHAR(String.class),
    BYTES(byte[].class),
    DATE(java.time.LocalDate.class),
    TIME(java.time.LocalTime.class),
    TIMESTAMP(java.time.LocalDateTime.class),
    TIMESTAMP_LTZ(java.time.Instant.class),
    ARRAY(java.util.List.class),
    MAP(java.util.Map.class),
    ROW(dev.weir.api.data.Row.class);

    private final Class<?> javaClass;

    TypeRoot(Class<?> javaClass) {
        this.javaClass = javaClass;
    }

    /** The class of values of this type inside rows. */
    public Class<?> javaClass() {
        return javaClass;
    }

    public boolean isNumeric() {
        return switch (this) {
            case TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL -> true;
            default -> false;
        };
    }

    public boolean isIntegral() {
        return switch (this) {
            case TINYINT, SMALLINT, INT, BIGINT -> true;
            default -> false;
        };
    }
}
