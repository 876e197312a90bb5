package dev.weir.api.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds {@link ConfigOption}s fluently:
 * <pre>{@code
 * ConfigOption<Long> ROWS = ConfigOptions.key("number-of-rows").longType().noDefaultValue()
 *         .withDescription("Total rows to emit; unbounded when absent.");
 * }</pre>
 */
public final class ConfigOptions {
    private ConfigOptions() {
    }

    public static KeyBuilder key(String key) {
        return new KeyBuilder(key);
    }

    /** Chooses the option's type. */
    public static final class KeyBuilder {
        private final String key;

        KeyBuilder(String key) {
            this.key = key;
        }

        public TypedBuilder<String> stringType() {
            return new TypedBuilder<>(key, OptionType.STRING, s -> s, s -> s, List.of());
        }

        public TypedBuilder<Integer> intType() {
            return new TypedBuilder<>(key, OptionType.INT, s -> Integer.parseInt(s.trim()), String::valueOf, List.of());
        }

        public TypedBuilder<Long> longType() {
            return new TypedBuilder<>(key, OptionType.LONG, s -> Long.parseLong(s.trim()), String::valueOf, List.of());
        }

        public TypedBuilder<Double> doubleType() {
            return new TypedBuilder<>(key, OptionType.DOUBLE, s -> Double.parseDouble(s.trim()), String::valueOf, List.of());
        }

        public TypedBuilder<Boolean> booleanType() {
            return new TypedBuilder<>(key, OptionType.BOOLEAN, ConfigOption::parseBoolean, String::valueOf, List.of());
        }

        public TypedBuilder<Duration> durationType() {
            return new TypedBuilder<>(key, OptionType.DURATION, ConfigOption::parseDuration, Durations::format, List.of());
        }

        public TypedBuilder<MemorySize> memoryType() {
            return new TypedBuilder<>(key, OptionType.MEMORY_SIZE, MemorySize::parse, MemorySize::toString, List.of());
        }

        /** A list of strings, written 'a;b;c'. */
        public TypedBuilder<List<String>> stringListType() {
            return new TypedBuilder<>(key, OptionType.LIST, ConfigOption::parseList, l -> String.join(";", l), List.of());
        }

        /** A map of strings, written 'k1:v1,k2:v2'. */
        public TypedBuilder<Map<String, String>> mapType() {
            return new TypedBuilder<>(key, OptionType.MAP, ConfigOption::parseMap, ConfigOption::printMap, List.of());
        }

        /**
         * An enum. Each constant is written as its {@code toString()} (override it for values such as
         * 'earliest-offset'); parsing also accepts the constant's name, ignoring case.
         */
        public <E extends Enum<E>> TypedBuilder<E> enumType(Class<E> enumClass) {
            E[] constants = enumClass.getEnumConstants();
            List<String> values = Arrays.stream(constants).map(Object::toString).toList();
            Function<String, E> parser = s -> {
                String wanted = s.trim();
                for (E c : constants) {
                    if (c.toString().equalsIgnoreCase(wanted) || c.name().equalsIgnoreCase(wanted)
                            || c.name().replace('_', '-').equalsIgnoreCase(wanted)) {
                        return c;
                    }
                }
                throw new IllegalArgumentException();
            };
            return new TypedBuilder<>(key, OptionType.ENUM, parser, Object::toString, values);
        }

        /** An enum given only by its accepted string values (for options not backed by a Java enum). */
        public TypedBuilder<String> enumType(String... values) {
            List<String> accepted = List.of(values);
            Function<String, String> parser = s -> accepted.stream()
                    .filter(v -> v.equalsIgnoreCase(s.trim()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException());
            return new TypedBuilder<>(key, OptionType.ENUM, parser, v -> v, accepted);
        }
    }

    /** Sets the default (or none). */
    public static final class TypedBuilder<T> {
        private final String key;
        private final OptionType type;
        private final Function<String, T> parser;
        private final Function<T, String> printer;
        private final List<String> enumValues;

        TypedBuilder(String key, OptionType type, Function<String, T> parser, Function<T, String> printer,
                     List<String> enumValues) {
            this.key = key;
            this.type = type;
            this.parser = parser;
            this.printer = printer;
            this.enumValues = enumValues;
        }

        public OptionBuilder<T> defaultValue(T value) {
            return new OptionBuilder<>(this, value);
        }

        public OptionBuilder<T> noDefaultValue() {
            return new OptionBuilder<>(this, null);
        }
    }

    /** Adds the description and the optional traits, then builds. */
    public static final class OptionBuilder<T> {
        private final TypedBuilder<T> typed;
        private final T defaultValue;
        private final List<String> fallbackKeys = new ArrayList<>();
        private final List<String> deprecatedKeys = new ArrayList<>();
        private boolean sensitive;

        OptionBuilder(TypedBuilder<T> typed, T defaultValue) {
            this.typed = typed;
            this.defaultValue = defaultValue;
        }

        public OptionBuilder<T> withFallbackKeys(String... keys) {
            fallbackKeys.addAll(List.of(keys));
            return this;
        }

        public OptionBuilder<T> withDeprecatedKeys(String... keys) {
            deprecatedKeys.addAll(List.of(keys));
            return this;
        }

        /** Marks the value secret: it is masked in descriptors, errors and logs. */
        public OptionBuilder<T> sensitive() {
            sensitive = true;
            return this;
        }

        public ConfigOption<T> withDescription(String description) {
            return new ConfigOption<>(typed.key, typed.type, typed.parser, typed.printer, defaultValue, description,
                    fallbackKeys, deprecatedKeys, sensitive, typed.enumValues);
        }
    }
}
