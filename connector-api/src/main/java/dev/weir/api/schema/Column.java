package dev.weir.api.schema;

import dev.weir.api.types.DataType;
import java.io.Serializable;
import java.util.Optional;

/** A column of a table schema: stored data, a computed expression, or connector metadata. */
public sealed interface Column extends Serializable {
    String name();

    /** Physical and metadata columns have a declared type; a computed column's type is derived by the engine. */
    Optional<DataType> declaredType();

    /** Data the format decodes or encodes. */
    record Physical(String name, DataType type) implements Column {
        @Override
        public Optional<DataType> declaredType() {
            return Optional.of(type);
        }
    }

    /** Derived from other columns by a SQL expression, e.g. {@code price * quantity}. Never stored. */
    record Computed(String name, String expression) implements Column {
        @Override
        public Optional<DataType> declaredType() {
            return Optional.empty();
        }
    }

    /**
     * Read from (or written to) the connector's record metadata, e.g. Kafka's 'timestamp'. A virtual
     * column is read-only: it is not written by sinks.
     */
    record Metadata(String name, DataType type, String metadataKey, boolean virtual) implements Column {
        /** The metadata key; the column name when none was given. */
        public String key() {
            return metadataKey == null ? name : metadataKey;
        }

        @Override
        public Optional<DataType> declaredType() {
            return Optional.of(type);
        }
    }
}
