package dev.weir.engine.expr.impl;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * SQL text forms of dates, times and timestamps: {@code 2024-01-31}, {@code 12:00:00.123} and
 * {@code 2024-01-31 12:00:00.123}. TIMESTAMP_LTZ values are shown and read in UTC.
 */
final class Temporals {
    private Temporals() {
    }

    static LocalTime parseTime(String text) {
        return LocalTime.parse(text.trim());
    }

    /** Accepts a date alone (midnight) or a date and time separated by a space or 'T'. */
    static LocalDateTime parseTimestamp(String text) {
        String trimmed = text.trim();
        if (trimmed.length() > 10 && (trimmed.charAt(10) == ' ' || trimmed.charAt(10) == 'T')) {
            return LocalDateTime.of(LocalDate.parse(trimmed.substring(0, 10)), parseTime(trimmed.substring(11)));
        }
        if (trimmed.length() == 10) {
            return LocalDate.parse(trimmed).atStartOfDay();
        }
        throw new DateTimeParseException("Text '" + text + "' is not a timestamp", text, 0);
    }

    /** The number of fraction-of-second digits written in a time or timestamp literal (its precision). */
    static int fractionDigits(String text) {
        int point = text.lastIndexOf('.');
        int colon = text.lastIndexOf(':');
        return point > colon && colon >= 0 ? Math.min(9, text.trim().length() - point - 1) : 0;
    }

    static String formatTime(LocalTime time, int precision) {
        StringBuilder sb = new StringBuilder(8 + 1 + precision);
        appendTwoDigits(sb, time.getHour()).append(':');
        appendTwoDigits(sb, time.getMinute()).append(':');
        appendTwoDigits(sb, time.getSecond());
        appendFraction(sb, time.getNano(), precision);
        return sb.toString();
    }

    static String formatTimestamp(LocalDateTime timestamp, int precision) {
        return timestamp.toLocalDate() + " " + formatTime(timestamp.toLocalTime(), precision);
    }

    static String formatInstant(Instant instant, int precision) {
        return formatTimestamp(LocalDateTime.ofInstant(instant, ZoneOffset.UTC), precision);
    }

    private static StringBuilder appendTwoDigits(StringBuilder sb, int value) {
        return sb.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    private static void appendFraction(StringBuilder sb, int nanos, int precision) {
        if (precision <= 0) {
            return;
        }
        String digits = Integer.toString(nanos + 1_000_000_000).substring(1);
        sb.append('.').append(digits, 0, Math.min(precision, 9));
    }

    /** Drops fraction digits beyond the precision. */
    static int truncateNanos(int nanos, int precision) {
        long unit = 1;
        for (int i = precision; i < 9; i++) {
            unit *= 10;
        }
        return (int) (nanos - nanos % unit);
    }

    static LocalDateTime truncate(LocalDateTime timestamp, int precision) {
        return precision >= 9 ? timestamp : timestamp.withNano(truncateNanos(timestamp.getNano(), precision));
    }

    static LocalTime truncate(LocalTime time, int precision) {
        return precision >= 9 ? time : time.withNano(truncateNanos(time.getNano(), precision));
    }

    static Instant truncate(Instant instant, int precision) {
        return precision >= 9 ? instant : Instant.ofEpochSecond(instant.getEpochSecond(),
                truncateNanos(instant.getNano(), precision));
    }

    static Instant toInstant(LocalDateTime timestamp) {
        return timestamp.toInstant(ZoneOffset.UTC);
    }

    static LocalDateTime toLocal(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
