package dev.weir.api.descriptor;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.Configuration;
import dev.weir.api.config.SensitiveKeys;
import dev.weir.api.config.SensitiveUrls;
import dev.weir.api.schema.Schema;
import dev.weir.api.schema.SqlRendering;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A table declared in code: connector, schema and options, as in Flink's TableDescriptor.
 *
 * <pre>{@code
 * TableDescriptor.forConnector("datagen")
 *     .schema(Schema.newBuilder().column("id", DataTypes.BIGINT()).build())
 *     .option("rows-per-second", "10")
 *     .build();
 * }</pre>
 */
public final class TableDescriptor {
    private final Schema schema;
    private final Map<String, String> options;
    private final List<String> partitionKeys;
    private final String comment;

    private TableDescriptor(Schema schema, Map<String, String> options, List<String> partitionKeys, String comment) {
        this.schema = schema;
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        this.partitionKeys = List.copyOf(partitionKeys);
        this.comment = comment;
    }

    public static Builder forConnector(String connector) {
        return new Builder().option("connector", Objects.requireNonNull(connector, "connector"));
    }

    public Optional<Schema> schema() {
        return Optional.ofNullable(schema);
    }

    /** All options, 'connector' and prefixed format options included, in insertion order. */
    public Map<String, String> options() {
        return options;
    }

    public Configuration configuration() {
        return Configuration.of(options);
    }

    public String connector() {
        return options.get("connector");
    }

    public List<String> partitionKeys() {
        return partitionKeys;
    }

    public Optional<String> comment() {
        return Optional.ofNullable(comment);
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.schema = schema;
        b.options.putAll(options);
        b.partitionKeys.addAll(partitionKeys);
        b.comment = comment;
        return b;
    }

    /**
     * {@code CREATE TABLE name (...) WITH (...)}, with option values masked when a key is sensitive
     * (declared so by a factory, passed in as {@code sensitive}) or looks sensitive by its name, and
     * the user info of URLs masked in every other value.
     */
    public String toSql(String tableName, Predicate<String> sensitive) {
        StringBuilder sb = new StringBuilder("CREATE TABLE ").append(SqlRendering.quote(tableName)).append(" (");
        if (schema != null && !schema.columns().isEmpty()) {
            sb.append("\n  ").append(String.join(",\n  ", SqlRendering.schemaElements(schema))).append('\n');
        }
        sb.append(')');
        if (comment != null) {
            sb.append("\nCOMMENT ").append(SqlRendering.quoteLiteral(comment));
        }
        if (!partitionKeys.isEmpty()) {
            sb.append("\nPARTITIONED BY (").append(partitionKeys.stream().map(SqlRendering::quote)
                    .collect(Collectors.joining(", "))).append(')');
        }
        sb.append("\nWITH (\n");
        List<String> rendered = new ArrayList<>();
        options.forEach((k, v) -> {
            boolean mask = sensitive.test(k) || SensitiveKeys.looksSensitive(k);
            rendered.add("  " + SqlRendering.quoteLiteral(k) + " = " + (mask ? "'" + SensitiveKeys.MASK + "'"
                    : SqlRendering.quoteLiteral(SensitiveUrls.mask(v))));
        });
        return sb.append(String.join(",\n", rendered)).append("\n)").toString();
    }

    /** The statement for a table named 'table', masking sensitive-looking keys. */
    @Override
    public String toString() {
        return toSql("table", k -> false);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableDescriptor d && Objects.equals(d.schema, schema) && d.options.equals(options)
                && d.partitionKeys.equals(partitionKeys) && Objects.equals(d.comment, comment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, options, partitionKeys, comment);
    }

    public static final class Builder {
        private Schema schema;
        private final Map<String, String> options = new LinkedHashMap<>();
        private final List<String> partitionKeys = new ArrayList<>();
        private String comment;

        private Builder() {
        }

        public Builder schema(Schema schema) {
            this.schema = schema;
            return this;
        }

        public Builder option(String key, String value) {
            options.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value of " + key));
            return this;
        }

        public <T> Builder option(ConfigOption<T> option, T value) {
            return option(option.key(), option.print(value));
        }

        /** Sets 'format'. */
        public Builder format(String format) {
            return option("format", format);
        }

        /** Sets 'format' and the format's options under its prefix ('json.ignore-parse-errors'). */
        public Builder format(FormatDescriptor format) {
            return format("format", format);
        }

        /** Sets a format option such as 'key.format' or 'value.format' and the format's prefixed options. */
        public Builder format(String formatOptionKey, FormatDescriptor format) {
            option(formatOptionKey, format.format());
            String scope = formatOptionKey.endsWith("format")
                    ? formatOptionKey.substring(0, formatOptionKey.length() - "format".length())
                    : formatOptionKey + ".";
            format.options().forEach((k, v) -> option(scope + format.format() + "." + k, v));
            return this;
        }

        public Builder partitionedBy(String... columns) {
            partitionKeys.clear();
            partitionKeys.addAll(List.of(columns));
            return this;
        }

        public Builder comment(String comment) {
            this.comment = comment;
            return this;
        }

        public TableDescriptor build() {
            return new TableDescriptor(schema, options, partitionKeys, comment);
        }
    }
}
