package dev.weir.formats.csv;

import dev.weir.api.types.DataType;
import dev.weir.api.types.TypeRoot;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Field text to column values and back, in the textual forms of Flink's csv format: BYTES in base64,
 * TIMESTAMP as '2024-01-02 03:04:05.123', TIMESTAMP_LTZ as '2024-01-02 03:04:05.123Z' (UTC), ARRAY
 * elements joined by 'array-element-delimiter'.
 */
final class CsvValues implements Serializable {
    private static final long serialVersionUID = 1L;

    // The SQL timestamp forms are also defined in the json format; see README ("Hand-written parts").
    private static final DateTimeFormatter TIMESTAMP = sqlTimestamp("");
    private static final DateTimeFormatter TIMESTAMP_LTZ = sqlTimestamp("Z");

    private final CsvSettings settings;
    private final Pattern arrayElementDelimiter;

    CsvValues(CsvSettings settings) {
        this.settings = settings;
        this.arrayElementDelimiter = Pattern.compile(Pattern.quote(settings.arrayElementDelimiter()));
    }

    private static DateTimeFormatter sqlTimestamp(String suffix) {
        return new DateTimeFormatterBuilder().append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral(' ')
                .append(DateTimeFormatter.ISO_LOCAL_TIME).appendLiteral(suffix).toFormatter(Locale.ROOT)
                .withResolverStyle(ResolverStyle.STRICT).withChronology(IsoChronology.INSTANCE);
    }

    /** Rejects, at validation time, column types that CSV text cannot hold. */
    static void checkSupported(String tableName, DataType rowType) {
        List<String> unsupported = rowType.fields().stream()
                .filter(f -> !isScalar(f.type()) && !(f.type().root() == TypeRoot.ARRAY && isScalar(f.type().elementType())))
                .map(f -> "'" + f.name() + "' " + f.type())
                .collect(Collectors.toList());
        if (!unsupported.isEmpty()) {
            throw new IllegalArgumentException("the csv format cannot hold the column(s) " + String.join(", ", unsupported)
                    + " of table '" + tableName + "': columns must be of a scalar type or an ARRAY of one."
                    + " Use the json format for nested data.");
        }
    }

    private static boolean isScalar(DataType type) {
        return type.root() != TypeRoot.ARRAY && type.root() != TypeRoot.MAP && type.root() != TypeRoot.ROW;
    }

    /**
     * The value of a field. {@code text} is null for an empty unquoted field, which is NULL, as is the
     * null literal. Throws IllegalArgumentException saying what was expected and found.
     */
    Object parse(DataType type, String text) {
        // Empty text is NULL for all but strings, even quoted: Jackson reads an empty last field after a
        // quoted one as "" rather than null, and no other type has an empty value anyway.
        boolean blank = text == null || text.isEmpty() && type.root() != TypeRoot.VARCHAR;
        if (blank || text.equals(settings.nullLiteral())) {
            if (!type.isNullable()) {
                throw new IllegalArgumentException("expected " + type + ", found "
                        + (blank ? "an empty field" : "the null literal '" + text + "'"));
            }
            return null;
        }
        try {
            return parseNonNull(type, text);
        } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException("expected " + describeExpected(type) + ", found '" + text + "'");
        }
    }

    private Object parseNonNull(DataType type, String text) {
        return switch (type.root()) {
            case VARCHAR -> text;
            case BOOLEAN -> switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException("not a boolean");
            };
            case TINYINT -> Byte.parseByte(text.trim());
            case SMALLINT -> Short.parseShort(text.trim());
            case INT -> Integer.parseInt(text.trim());
            case BIGINT -> Long.parseLong(text.trim());
            case FLOAT -> Float.parseFloat(text.trim());
            case DOUBLE -> Double.parseDouble(text.trim());
            case DECIMAL -> {
                BigDecimal value = new BigDecimal(text.trim()).setScale(type.scale(), RoundingMode.HALF_UP);
                if (value.precision() > type.precision()) {
                    throw new ArithmeticException("too many digits");
                }
                yield value;
            }
            case BYTES -> Base64.getDecoder().decode(text.trim());
            case DATE -> LocalDate.parse(text.trim(), DateTimeFormatter.ISO_LOCAL_DATE);
            case TIME -> LocalTime.parse(text.trim(), DateTimeFormatter.ISO_LOCAL_TIME);
            case TIMESTAMP -> LocalDateTime.parse(text.trim(), TIMESTAMP);
            case TIMESTAMP_LTZ -> LocalDateTime.parse(text.trim(), TIMESTAMP_LTZ).toInstant(ZoneOffset.UTC);
            case ARRAY -> parseArray(type.elementType(), text);
            case MAP, ROW -> throw new IllegalStateException("checked by checkSupported: " + type);
        };
    }

    private List<Object> parseArray(DataType elementType, String text) {
        List<Object> elements = new ArrayList<>();
        if (text.isEmpty()) {
            return elements;
        }
        for (String element : arrayElementDelimiter.split(text, -1)) {
            elements.add(parse(elementType, element));
        }
        return elements;
    }

    private static String describeExpected(DataType type) {
        String name = type.nullable().toString();
        return switch (type.root()) {
            case BYTES -> name + " (base64)";
            case DATE -> name + " as 'yyyy-MM-dd'";
            case TIME -> name + " as 'HH:mm:ss[.fffffffff]'";
            case TIMESTAMP -> name + " as 'yyyy-MM-dd HH:mm:ss[.fffffffff]'";
            case TIMESTAMP_LTZ -> name + " as 'yyyy-MM-dd HH:mm:ss[.fffffffff]Z'";
            case DECIMAL -> name + " (at most " + (type.precision() - type.scale()) + " digits before the point)";
            default -> name;
        };
    }

    /** The text of a non-null value. */
    String format(DataType type, Object value) {
        return switch (type.root()) {
            case VARCHAR -> (String) value;
            case DECIMAL -> settings.decimalInScientificNotation() ? value.toString() : ((BigDecimal) value).toPlainString();
            case BYTES -> Base64.getEncoder().encodeToString((byte[]) value);
            case DATE -> DateTimeFormatter.ISO_LOCAL_DATE.format((LocalDate) value);
            case TIME -> DateTimeFormatter.ISO_LOCAL_TIME.format((LocalTime) value);
            case TIMESTAMP -> TIMESTAMP.format((LocalDateTime) value);
            case TIMESTAMP_LTZ -> TIMESTAMP_LTZ.format(LocalDateTime.ofInstant((Instant) value, ZoneOffset.UTC));
            case ARRAY -> ((List<?>) value).stream()
                    .map(element -> element == null ? nullText() : format(type.elementType(), element))
                    .collect(Collectors.joining(settings.arrayElementDelimiter()));
            case BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE -> type.root().javaClass().cast(value).toString();
            case MAP, ROW -> throw new IllegalStateException("checked by checkSupported: " + type);
        };
    }

    /** How NULL is written inside an ARRAY value, where an empty field is not available. */
    private String nullText() {
        return settings.nullLiteral() == null ? "" : settings.nullLiteral();
    }

    /** The encoder's complaint about a value of the wrong Java class for its column. */
    static String describeWrongClass(DataType type, Object value) {
        return "expected a " + type.root().javaClass().getName() + " for type " + type.nullable() + ", found a "
                + value.getClass().getName() + " (" + value + ")";
    }
}
