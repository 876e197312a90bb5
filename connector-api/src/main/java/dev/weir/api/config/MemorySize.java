package dev.weir.api.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A number of bytes, written with a unit ('64 mb'). */
public record MemorySize(long bytes) implements java.io.Serializable {
    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*([a-z]*)");

    public MemorySize {
        if (bytes < 0) {
            throw new IllegalArgumentException("A memory size cannot be negative: " + bytes);
        }
    }

    public static MemorySize ofBytes(long bytes) {
        return new MemorySize(bytes);
    }

    public static MemorySize ofMebiBytes(long mebiBytes) {
        return new MemorySize(mebiBytes << 20);
    }

    /** Parses '1024', '512 b', '64kb', '64 mb', '1 gb', '1 tb' (binary multiples, as Flink does). */
    public static MemorySize parse(String text) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException();
        }
        long value = Long.parseLong(m.group(1));
        int shift = switch (m.group(2)) {
            case "", "b", "bytes" -> 0;
            case "k", "kb", "kib", "kibibytes" -> 10;
            case "m", "mb", "mib", "mebibytes" -> 20;
            case "g", "gb", "gib", "gibibytes" -> 30;
            case "t", "tb", "tib", "tebibytes" -> 40;
            default -> throw new IllegalArgumentException("unknown unit '" + m.group(2) + "'");
        };
        return new MemorySize(Math.multiplyExact(value, 1L << shift));
    }

    @Override
    public String toString() {
        String[] units = {"tb", "gb", "mb", "kb"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes != 0 && bytes % unit == 0) {
                return (bytes / unit) + " " + units[i];
            }
        }
        return bytes + " b";
    }
}
