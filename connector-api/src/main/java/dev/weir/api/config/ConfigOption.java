package dev.weir.api.config;

import dev.weir.api.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A typed, documented option. Built with {@link ConfigOptions#key(String)}.
 *
 * <p>A key may be a template: {@code #} stands for one name segment (usually a column name, as in
 * {@code fields.#.kind}) and a trailing {@code *} for any suffix (as in {@code properties.*}, which
 * passes client properties through).
 *
 * @param <T> the Java type of the parsed value
 */
public final class ConfigOption<T> {
    private final String key;
    private final OptionType type;
    private final Function<String, T> parser;
    private final Function<T, String> printer;
    private final T defaultValue;
    private final String description;
    private final List<String> fallbackKeys;
    private final List<String> deprecatedKeys;
    private final boolean sensitive;
    private final List<String> enumValues;

    ConfigOption(String key, OptionType type, Function<String, T> parser, Function<T, String> printer,
                 T defaultValue, String description, List<String> fallbackKeys, List<String> deprecatedKeys,
                 boolean sensitive, List<String> enumValues) {
        this.key = Objects.requireNonNull(key, "key");
        this.type = type;
        this.parser = parser;
        this.printer = printer;
        this.defaultValue = defaultValue;
        this.description = description;
        this.fallbackKeys = List.copyOf(fallbackKeys);
        this.deprecatedKeys = List.copyOf(deprecatedKeys);
        this.sensitive = sensitive;
        this.enumValues = List.copyOf(enumValues);
    }

    public String key() {
        return key;
    }

    public OptionType type() {
        return type;
    }

    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public boolean hasDefaultValue() {
        return defaultValue != null;
    }

    /** The default rendered as the user would write it, or null when there is none. */
    public String defaultValueAsString() {
        return defaultValue == null ? null : printer.apply(defaultValue);
    }

    public String description() {
        return description;
    }

    /** Older keys still read when this key is absent. */
    public List<String> fallbackKeys() {
        return fallbackKeys;
    }

    /** Keys that still work but should no longer be written. */
    public List<String> deprecatedKeys() {
        return deprecatedKeys;
    }

    /** Values of sensitive options (passwords, tokens) are masked wherever they are shown. */
    public boolean isSensitive() {
        return sensitive;
    }

    /** For {@link OptionType#ENUM}: the accepted values, as written. */
    public List<String> enumValues() {
        return enumValues;
    }

    /** Every key under which a value is read: the key, then fallback keys, then deprecated keys. */
    public List<String> allKeys() {
        List<String> keys = new ArrayList<>(1 + fallbackKeys.size() + deprecatedKeys.size());
        keys.add(key);
        keys.addAll(fallbackKeys);
        keys.addAll(deprecatedKeys);
        return keys;
    }

    /** True when the key contains {@code #} or ends with {@code *}. */
    public boolean isTemplate() {
        return key.contains("#") || key.endsWith("*");
    }

    /** Whether a concrete key matches this option's key (template-aware, ignoring fallbacks). */
    public boolean matchesKey(String concreteKey) {
        return allKeys().stream().anyMatch(k -> templateMatches(k, concreteKey));
    }

    /** The key with {@code #} replaced by a name, e.g. {@code fields.#.kind} with {@code id}. */
    public ConfigOption<T> forName(String name) {
        return withKey(key.replace("#", name));
    }

    /** The same option under another key; used to scope format options by their prefix. */
    public ConfigOption<T> withKey(String newKey) {
        return new ConfigOption<>(newKey, type, parser, printer, defaultValue, description,
                List.of(), List.of(), sensitive, enumValues);
    }

    /**
     * Parses a raw string. A bad value raises a {@link ValidationException} naming the key, the
     * value (masked when sensitive, its URLs' user info masked otherwise) and the expected form.
     */
    public T parse(String raw) {
        return parse(key, raw);
    }

    T parse(String usedKey, String raw) {
        try {
            return parser.apply(raw);
        } catch (RuntimeException e) {
            String shown = sensitive ? SensitiveKeys.MASK : "'" + SensitiveUrls.mask(raw) + "'";
            String expected = type == OptionType.ENUM
                    ? "one of " + String.join(", ", enumValues.stream().map(v -> "'" + v + "'").toList())
                    : type.expectedForm();
            String reason = e.getMessage() == null || e instanceof NumberFormatException || sensitive ? ""
                    : " (" + SensitiveUrls.mask(e.getMessage()) + ")";
            throw new ValidationException("Invalid value " + shown + " for option '" + usedKey + "': expected "
                    + expected + reason + ".");
        }
    }

    /** Renders a value as it would be written in a descriptor. */
    public String print(T value) {
        return printer.apply(value);
    }

    static boolean templateMatches(String template, String concrete) {
        if (template.endsWith("*")) {
            return concrete.startsWith(template.substring(0, template.length() - 1))
                    && concrete.length() >= template.length();
        }
        if (!template.contains("#")) {
            return template.equals(concrete);
        }
        String[] t = template.split("\\.", -1);
        String[] c = concrete.split("\\.", -1);
        if (t.length > c.length) {
            return false;
        }
        // '#' takes as many segments as needed so that column names containing dots still match.
        int extra = c.length - t.length;
        int ci = 0;
        for (String part : t) {
            if (part.equals("#")) {
                ci += 1 + extra;
                extra = 0;
            } else if (!part.equals(c[ci++])) {
                return false;
            }
        }
        return ci == c.length;
    }

    /** The name a template's {@code #} stands for in a concrete key, or empty. */
    public Optional<String> nameIn(String concreteKey) {
        if (!key.contains("#") || !templateMatches(key, concreteKey)) {
            return Optional.empty();
        }
        int hash = key.indexOf('#');
        String suffix = key.substring(hash + 1);
        return Optional.of(concreteKey.substring(hash, concreteKey.length() - suffix.length()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigOption<?> other && other.key.equals(key) && other.type == type;
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return "ConfigOption(" + key + ": " + type + ")";
    }

    // ---- parsers and printers shared by the builders ----

    static boolean parseBoolean(String raw) {
        String s = raw.trim().toLowerCase(Locale.ROOT);
        if (s.equals("true")) {
            return true;
        }
        if (s.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException();
    }

    static List<String> parseList(String raw) {
        if (raw.isBlank()) {
            return List.of();
        }
        return Arrays.stream(raw.split(";")).map(String::trim).toList();
    }

    static Map<String, String> parseMap(String raw) {
        Map<String, String> map = new LinkedHashMap<>();
        if (raw.isBlank()) {
            return map;
        }
        for (String entry : raw.split(",")) {
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("entry '" + entry.trim() + "' has no 'key:value' form");
            }
            map.put(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
        }
        return map;
    }

    static String printMap(Map<String, String> map) {
        StringBuilder sb = new StringBuilder();
        map.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ",").append(k).append(':').append(v));
        return sb.toString();
    }

    static Duration parseDuration(String raw) {
        return Durations.parse(raw);
    }
}
