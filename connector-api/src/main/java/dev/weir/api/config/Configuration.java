package dev.weir.api.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * String options as a user wrote them, read back through typed {@link ConfigOption}s. Immutable;
 * keys keep their insertion order so renderings are stable.
 */
public final class Configuration implements java.io.Serializable {
    private final Map<String, String> values;

    private Configuration(Map<String, String> values) {
        // A LinkedHashMap copy keeps insertion order and is serializable; callers only get read-only views.
        this.values = new LinkedHashMap<>(values);
    }

    public static Configuration of(Map<String, String> values) {
        return new Configuration(values);
    }

    public static Configuration empty() {
        return new Configuration(Map.of());
    }

    /** The value under the option's key, a fallback key or a deprecated key, else the default. */
    public <T> T get(ConfigOption<T> option) {
        return getOptional(option).orElseGet(() -> option.defaultValue().orElse(null));
    }

    /** The value when the user set one, under any of the option's keys. */
    public <T> Optional<T> getOptional(ConfigOption<T> option) {
        for (String key : option.allKeys()) {
            String raw = values.get(key);
            if (raw != null) {
                return Optional.of(option.parse(key, raw));
            }
        }
        return Optional.empty();
    }

    public boolean contains(ConfigOption<?> option) {
        return option.allKeys().stream().anyMatch(values::containsKey);
    }

    public Optional<String> getString(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public Set<String> keySet() {
        return Collections.unmodifiableSet(values.keySet());
    }

    public Map<String, String> toMap() {
        return Collections.unmodifiableMap(values);
    }

    /** The options whose key starts with the prefix, with the prefix removed ('json.' scoping). */
    public Configuration withPrefixRemoved(String prefix) {
        Map<String, String> scoped = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                scoped.put(k.substring(prefix.length()), v);
            }
        });
        return new Configuration(scoped);
    }

    /** A copy with one more option. */
    public Configuration with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new Configuration(copy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Configuration c && c.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** Sorted, with values of sensitive-looking keys masked, and the user info of URLs in other values. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        values.forEach((k, v) -> shown.put(k, SensitiveKeys.looksSensitive(k) ? SensitiveKeys.MASK : SensitiveUrls.mask(v)));
        return shown.toString();
    }
}
