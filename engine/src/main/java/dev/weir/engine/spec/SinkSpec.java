package dev.weir.engine.spec;

import dev.weir.api.descriptor.TableDescriptor;

/** Where a pipeline writes: a named table, an inline descriptor, or the built-in collect/print sinks. */
public sealed interface SinkSpec {
    record ToTable(String table) implements SinkSpec {
    }

    /** A descriptor without a schema takes the query's columns. */
    record ToDescriptor(TableDescriptor descriptor) implements SinkSpec {
    }

    /** Rows go to the caller ({@code TableResult.collect()}). */
    record Collect() implements SinkSpec {
    }

    /** Rows are printed as changelog lines ({@code +I[1, Alice]}) to the job's output stream. */
    record Print() implements SinkSpec {
    }

    default String label() {
        if (this instanceof ToTable t) {
            return t.table();
        }
        if (this instanceof ToDescriptor d) {
            return "inline " + d.descriptor().connector() + " sink";
        }
        return this instanceof Collect ? "collect" : "print";
    }
}
