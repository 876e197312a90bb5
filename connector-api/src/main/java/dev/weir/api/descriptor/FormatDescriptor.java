package dev.weir.api.descriptor;

import dev.weir.api.config.ConfigOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A format and its options, unprefixed; a {@link TableDescriptor} adds the prefix. */
public final class FormatDescriptor {
    private final String format;
    private final Map<String, String> options;

    private FormatDescriptor(String format, Map<String, String> options) {
        this.format = format;
        this.options = Map.copyOf(options);
    }

    public static Builder forFormat(String format) {
        return new Builder(Objects.requireNonNull(format, "format"));
    }

    public String format() {
        return format;
    }

    /** Options without the format prefix, in insertion order. */
    public Map<String, String> options() {
        return options;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FormatDescriptor d && d.format.equals(format) && d.options.equals(options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(format, options);
    }

    @Override
    public String toString() {
        return format + options;
    }

    public static final class Builder {
        private final String format;
        private final Map<String, String> options = new LinkedHashMap<>();

        private Builder(String format) {
            this.format = format;
        }

        public Builder option(String key, String value) {
            options.put(key, value);
            return this;
        }

        public <T> Builder option(ConfigOption<T> option, T value) {
            return option(option.key(), option.print(value));
        }

        public FormatDescriptor build() {
            return new FormatDescriptor(format, new LinkedHashMap<>(options));
        }
    }
}
