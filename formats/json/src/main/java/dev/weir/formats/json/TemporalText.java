package dev.weir.formats.json;

import dev.weir.formats.json.JsonFormatOptions.TimestampFormat;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.util.Locale;

/**
 * The textual forms of time values, as Flink's json format writes them. The fraction of a second
 * has as many digits as it needs (none for a whole second), so values round-trip at any precision.
 */
final class TemporalText {
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
            100_000_000, 1_000_000_000};

    private TemporalText() {
    }

    /** TIMESTAMP (ltz false) or TIMESTAMP_LTZ in UTC with a 'Z' (ltz true), in the given standard. */
    static DateTimeFormatter timestampFormatter(TimestampFormat format, boolean ltz) {
        DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder()
                .append(DateTimeFormatter.ISO_LOCAL_DATE)
                .appendLiteral(format == TimestampFormat.SQL ? ' ' : 'T')
                .append(DateTimeFormatter.ISO_LOCAL_TIME);
        if (ltz) {
            builder.appendLiteral('Z');
        }
        return builder.toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT)
                .withChronology(IsoChronology.INSTANCE);
    }

    /** The form {@link #timestampFormatter} accepts, for error messages. */
    static String timestampPattern(TimestampFormat format, boolean ltz) {
        return "yyyy-MM-dd" + (format == TimestampFormat.SQL ? " " : "T") + "HH:mm:ss[.fffffffff]" + (ltz ? "Z" : "");
    }

    static String formatLtz(Instant instant, DateTimeFormatter formatter) {
        return formatter.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    static Instant parseLtz(String text, DateTimeFormatter formatter) {
        return LocalDateTime.parse(text, formatter).toInstant(ZoneOffset.UTC);
    }

    static LocalTime truncate(LocalTime time, int precision) {
        return time.withNano(truncateNanos(time.getNano(), precision));
    }

    static LocalDateTime truncate(LocalDateTime dateTime, int precision) {
        return dateTime.withNano(truncateNanos(dateTime.getNano(), precision));
    }

    static Instant truncate(Instant instant, int precision) {
        return Instant.ofEpochSecond(instant.getEpochSecond(), truncateNanos(instant.getNano(), precision));
    }

    /** Drops the digits of a fraction of a second beyond a precision of 0..9 digits. */
    private static int truncateNanos(int nanos, int precision) {
        return nanos - nanos % POWERS_OF_TEN[9 - precision];
    }
}
