package dev.weir.api.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints durations in the forms Flink users write ('10 s', '5min', '500ms', 'PT5S'). */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*([a-zµ]*)");

    private Durations() {
    }

    public static Duration parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("pt") || s.startsWith("p")) {
            try {
                return Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException();
            }
        }
        Matcher m = FORM.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException();
        }
        long value = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ns", "nano", "nanos", "nanosecond", "nanoseconds" -> Duration.ofNanos(value);
            case "us", "µs", "micro", "micros", "microsecond", "microseconds" -> Duration.ofNanos(value * 1000);
            case "", "ms", "milli", "millis", "millisecond", "milliseconds" -> Duration.ofMillis(value);
            case "s", "sec", "secs", "second", "seconds" -> Duration.ofSeconds(value);
            case "m", "min", "mins", "minute", "minutes" -> Duration.ofMinutes(value);
            case "h", "hour", "hours" -> Duration.ofHours(value);
            case "d", "day", "days" -> Duration.ofDays(value);
            default -> throw new IllegalArgumentException("unknown unit '" + m.group(2) + "'");
        };
    }

    /** The shortest exact rendering in the largest whole unit: '10 s', '5 min', '250 ms'. */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        long[] sizes = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
        String[] units = {"d", "h", "min", "s", "ms", "us"};
        for (int i = 0; i < sizes.length; i++) {
            if (nanos != 0 && nanos % sizes[i] == 0) {
                return (nanos / sizes[i]) + " " + units[i];
            }
        }
        return nanos + " ns";
    }
}
