package dev.weir.connectors.elasticsearch;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.api.types.TypeRoot;
import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The index a row goes to: a fixed name, or a name with one dynamic part as in Flink's dynamic
 * index: {@code {field}} (the value as text), {@code {field|pattern}} (a DATE, TIME, TIMESTAMP or
 * TIMESTAMP_LTZ value formatted with a {@link DateTimeFormatter} pattern) or {@code {now()|pattern}}
 * (the writer's clock). TIMESTAMP_LTZ values and {@code now()} are formatted in UTC: Weir has no
 * session time zone.
 *
 * <p>Without a pattern a temporal value takes Flink's defaults: {@code yyyy_MM_dd} for DATE,
 * {@code HH_mm_ss} for TIME and {@code yyyy_MM_dd_HH_mm_ss} for timestamps.
 */
final class IndexGenerator implements Serializable {
    private static final long serialVersionUID = 1L;

    /** prefix, '{', the dynamic part, '}', suffix; a second '{' in the suffix is rejected below. */
    private static final Pattern DYNAMIC = Pattern.compile("(.*?)\\{([^}]*)}(.*)");
    private static final String NOW = "now()";
    private static final Set<TypeRoot> TEMPORAL = Set.of(TypeRoot.DATE, TypeRoot.TIME, TypeRoot.TIMESTAMP, TypeRoot.TIMESTAMP_LTZ);
    /** Characters Elasticsearch forbids in index names (besides upper case, checked separately). */
    private static final Pattern FORBIDDEN = Pattern.compile("[\\\\/*?\"<>| ,#:]");

    private final String prefix;
    private final String suffix;
    /** -1 for a fixed name or now(). */
    private final int field;
    private final boolean now;
    /** Null when the value is written as text. */
    private final String pattern;
    private final Clock clock;
    private transient DateTimeFormatter formatter;

    private IndexGenerator(String prefix, String suffix, int field, boolean now, String pattern, Clock clock) {
        this.prefix = prefix;
        this.suffix = suffix;
        this.field = field;
        this.now = now;
        this.pattern = pattern;
        this.clock = clock;
    }

    /**
     * Parses the 'index' option against the physical row type. Returns null and adds to
     * {@code problems} when it is not valid.
     */
    static IndexGenerator parse(String index, DataType rowType, Clock clock, List<String> problems) {
        String option = "'" + ElasticsearchOptions.INDEX.key() + "' '" + index + "'";
        Matcher dynamic = DYNAMIC.matcher(index);
        if (!dynamic.matches()) {
            if (index.contains("}")) {
                problems.add(option + " has a '}' without '{'.");
                return null;
            }
            if (index.isBlank()) {
                problems.add(option + " is empty.");
                return null;
            }
            return checkedName(index, option, problems) ? new IndexGenerator(index, "", -1, false, null, clock) : null;
        }
        String prefix = dynamic.group(1);
        String part = dynamic.group(2).trim();
        String suffix = dynamic.group(3);
        if (suffix.contains("{") || suffix.contains("}")) {
            problems.add(option + " has more than one {...} part; one dynamic part is supported, as in Flink.");
            return null;
        }
        if (!checkedName(prefix + suffix, option, problems)) {
            return null;
        }
        int bar = part.indexOf('|');
        String name = (bar < 0 ? part : part.substring(0, bar)).trim();
        String pattern = bar < 0 ? null : part.substring(bar + 1).trim();
        if (pattern != null && pattern.isEmpty()) {
            problems.add(option + " has an empty format after '|'.");
            return null;
        }
        if (name.equals(NOW)) {
            if (pattern == null) {
                problems.add(option + ": {now()} needs a format, e.g. {now()|yyyy-MM-dd}.");
                return null;
            }
            return checkedPattern(pattern, TypeRoot.TIMESTAMP_LTZ, option, problems)
                    ? new IndexGenerator(prefix, suffix, -1, true, pattern, clock) : null;
        }
        int field = rowType.fieldNames().indexOf(name);
        if (field < 0) {
            problems.add(option + " names '" + name + "', which is not a physical column; columns: "
                    + String.join(", ", rowType.fieldNames()) + ".");
            return null;
        }
        TypeRoot type = rowType.fieldType(field).root();
        if (pattern == null && TEMPORAL.contains(type)) {
            pattern = defaultPattern(type);
        }
        if (pattern != null && !TEMPORAL.contains(type)) {
            problems.add(option + " formats column '" + name + "' of type " + rowType.fieldType(field)
                    + "; only DATE, TIME, TIMESTAMP and TIMESTAMP_LTZ columns take a format.");
            return null;
        }
        if (pattern == null && !Set.of(TypeRoot.VARCHAR, TypeRoot.TINYINT, TypeRoot.SMALLINT, TypeRoot.INT,
                TypeRoot.BIGINT, TypeRoot.BOOLEAN, TypeRoot.DECIMAL).contains(type)) {
            problems.add(option + " uses column '" + name + "' of type " + rowType.fieldType(field)
                    + ", which cannot be part of an index name.");
            return null;
        }
        return pattern == null || checkedPattern(pattern, type, option, problems)
                ? new IndexGenerator(prefix, suffix, field, false, pattern, clock) : null;
    }

    private static String defaultPattern(TypeRoot type) {
        return switch (type) {
            case DATE -> "yyyy_MM_dd";
            case TIME -> "HH_mm_ss";
            default -> "yyyy_MM_dd_HH_mm_ss";
        };
    }

    private static boolean checkedName(String fixedParts, String option, List<String> problems) {
        if (!fixedParts.equals(fixedParts.toLowerCase(Locale.ROOT))) {
            problems.add(option + " has upper-case letters; Elasticsearch index names are lower case.");
            return false;
        }
        Matcher forbidden = FORBIDDEN.matcher(fixedParts);
        if (forbidden.find()) {
            problems.add(option + " has '" + forbidden.group() + "', which Elasticsearch does not allow in index names.");
            return false;
        }
        return true;
    }

    /** Formats a sample value of the type, which fails for letters the type lacks (e.g. HH for a DATE). */
    private static boolean checkedPattern(String pattern, TypeRoot type, String option, List<String> problems) {
        try {
            format(DateTimeFormatter.ofPattern(pattern, Locale.ROOT), sample(type));
            return true;
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            problems.add(option + ": format '" + pattern + "' does not fit a " + type + " value: " + e.getMessage() + ".");
            return false;
        }
    }

    private static Object sample(TypeRoot type) {
        LocalDateTime sample = LocalDateTime.of(2024, 1, 31, 12, 30, 45);
        return switch (type) {
            case DATE -> sample.toLocalDate();
            case TIME -> sample.toLocalTime();
            case TIMESTAMP -> sample;
            default -> sample.toInstant(ZoneOffset.UTC);
        };
    }

    private static String format(DateTimeFormatter formatter, Object value) {
        TemporalAccessor temporal = value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : (TemporalAccessor) value;
        return formatter.format(temporal);
    }

    /** Whether the name depends on the row (or the clock). */
    boolean isDynamic() {
        return field >= 0 || now;
    }

    /** The index of this row. A NULL value in the dynamic column is an error naming the column. */
    String indexOf(Row row) {
        if (!isDynamic()) {
            return prefix;
        }
        Object value = now ? clock.instant() : row.getField(field);
        if (value == null) {
            throw new IllegalArgumentException("The index pattern needs a value, but the row's column " + (field + 1)
                    + " is NULL: " + row);
        }
        if (pattern == null) {
            return prefix + value + suffix;
        }
        if (formatter == null) {
            formatter = DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
        }
        return prefix + format(formatter, value) + suffix;
    }
}
