package dev.weir.api.schema;

import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A table's columns, primary key and watermark, as declared by the user. Computed-column and
 * watermark expressions are kept as SQL text and resolved by the engine.
 */
public final class Schema implements Serializable {
    private final List<Column> columns;
    private final List<String> primaryKey;
    private final WatermarkSpec watermark;

    private Schema(List<Column> columns, List<String> primaryKey, WatermarkSpec watermark) {
        this.columns = List.copyOf(columns);
        this.primaryKey = List.copyOf(primaryKey);
        this.watermark = watermark;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /** A schema of physical columns only, from a ROW type. */
    public static Schema of(DataType rowType) {
        Builder b = newBuilder();
        rowType.fields().forEach(f -> b.column(f.name(), f.type()));
        return b.build();
    }

    public List<Column> columns() {
        return columns;
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public List<Column.Physical> physicalColumns() {
        return columns.stream().filter(Column.Physical.class::isInstance).map(Column.Physical.class::cast).toList();
    }

    public List<Column.Metadata> metadataColumns() {
        return columns.stream().filter(Column.Metadata.class::isInstance).map(Column.Metadata.class::cast).toList();
    }

    /** The ROW type of the physical columns: what formats decode and encode. */
    public DataType physicalRowType() {
        return DataTypes.ROW(physicalColumns().stream().map(c -> DataTypes.FIELD(c.name(), c.type())).toList());
    }

    /** Primary key column names; empty when there is none. */
    public List<String> primaryKey() {
        return primaryKey;
    }

    public Optional<WatermarkSpec> watermark() {
        return Optional.ofNullable(watermark);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schema s && s.columns.equals(columns) && s.primaryKey.equals(primaryKey)
                && java.util.Objects.equals(s.watermark, watermark);
    }

    @Override
    public int hashCode() {
        return columns.hashCode();
    }

    @Override
    public String toString() {
        return SqlRendering.schemaBody(this);
    }

    /** Collects columns in order; checks names are unique and the key and watermark refer to columns. */
    public static final class Builder {
        private final List<Column> columns = new ArrayList<>();
        private final List<String> primaryKey = new ArrayList<>();
        private WatermarkSpec watermark;

        private Builder() {
        }

        public Builder column(String name, DataType type) {
            columns.add(new Column.Physical(name, type));
            return this;
        }

        /** A physical column given by its SQL type, e.g. {@code column("price", "DECIMAL(10, 2)")}. */
        public Builder column(String name, String sqlType) {
            return column(name, DataTypes.parse(sqlType));
        }

        public Builder columnByExpression(String name, String sqlExpression) {
            columns.add(new Column.Computed(name, sqlExpression));
            return this;
        }

        public Builder columnByMetadata(String name, DataType type) {
            return columnByMetadata(name, type, null, false);
        }

        public Builder columnByMetadata(String name, DataType type, String metadataKey) {
            return columnByMetadata(name, type, metadataKey, false);
        }

        public Builder columnByMetadata(String name, DataType type, String metadataKey, boolean virtual) {
            columns.add(new Column.Metadata(name, type, metadataKey, virtual));
            return this;
        }

        public Builder fromSchema(Schema other) {
            columns.addAll(other.columns);
            primaryKey.addAll(other.primaryKey);
            watermark = other.watermark;
            return this;
        }

        public Builder watermark(String rowtimeColumn, String sqlExpression) {
            watermark = new WatermarkSpec(rowtimeColumn, sqlExpression);
            return this;
        }

        public Builder primaryKey(String... columnNames) {
            return primaryKey(List.of(columnNames));
        }

        public Builder primaryKey(List<String> columnNames) {
            primaryKey.clear();
            primaryKey.addAll(columnNames);
            return this;
        }

        public Schema build() {
            Set<String> names = new HashSet<>();
            for (Column c : columns) {
                if (!names.add(c.name())) {
                    throw new IllegalArgumentException("Column '" + c.name() + "' is declared twice");
                }
            }
            for (String key : primaryKey) {
                if (!names.contains(key)) {
                    throw new IllegalArgumentException("Primary key column '" + key + "' is not a column; columns: " + names);
                }
            }
            if (watermark != null && !names.contains(watermark.rowtimeColumn())) {
                throw new IllegalArgumentException("Watermark column '" + watermark.rowtimeColumn()
                        + "' is not a column; columns: " + names);
            }
            return new Schema(columns, primaryKey, watermark);
        }
    }
}
