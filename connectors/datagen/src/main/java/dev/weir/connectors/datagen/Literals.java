package dev.weir.connectors.datagen;

import dev.weir.api.types.DataType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parses option values ('fields.#.min', 'fields.#.value') as literals of a column's type. */
final class Literals {
    private Literals() {
    }

    /** The value as the column type's Java class; IllegalArgumentException saying what was expected. */
    static Object parse(DataType type, String text) {
        String s = text.trim();
        try {
            return switch (type.root()) {
                case BOOLEAN -> switch (s.toLowerCase(Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new IllegalArgumentException("expected 'true' or 'false'");
                };
                case TINYINT -> Byte.parseByte(s);
                case SMALLINT -> Short.parseShort(s);
                case INT -> Integer.parseInt(s);
                case BIGINT -> Long.parseLong(s);
                case FLOAT -> finite(Float.parseFloat(s));
                case DOUBLE -> finite(Double.parseDouble(s));
                case DECIMAL -> decimal(type, new BigDecimal(s));
                case VARCHAR -> {
                    if (text.length() > type.length()) {
                        throw new IllegalArgumentException("longer than " + type);
                    }
                    yield text;
                }
                case BYTES -> text.getBytes(StandardCharsets.UTF_8);
                case DATE -> LocalDate.parse(s);
                case TIME -> LocalTime.parse(s);
                case TIMESTAMP -> LocalDateTime.parse(s.replace(' ', 'T'));
                case TIMESTAMP_LTZ -> s.endsWith("Z") ? Instant.parse(s)
                        : LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
                case ARRAY, MAP, ROW -> throw new IllegalArgumentException("no literal form for " + type.root()
                        + " columns");
            };
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("not a literal of type " + type);
        }
    }

    private static <N extends Number> N finite(N number) {
        if (Double.isNaN(number.doubleValue()) || Double.isInfinite(number.doubleValue())) {
            throw new IllegalArgumentException("not a finite number");
        }
        return number;
    }

    /** Exactly representable in DECIMAL(p, s): no more fractional digits than s, no more digits than p. */
    private static BigDecimal decimal(DataType type, BigDecimal value) {
        BigDecimal scaled = value.setScale(type.scale(), RoundingMode.UNNECESSARY);
        if (scaled.precision() > type.precision()) {
            throw new IllegalArgumentException("too many digits for " + type);
        }
        return scaled;
    }
}
