package dev.weir.api.metrics;

import java.util.function.Supplier;

/**
 * Where a connector or format registers its metrics. The engine scopes groups by operator and
 * subtask. Well-known names: {@code numRecordsIn}, {@code numRecordsOut}, {@code numRecordsSkipped},
 * {@code pendingRecords} (source lag, as a gauge).
 */
public interface MetricGroup {
    /** The counter with this name, created on first use. */
    Counter counter(String name);

    /** Registers a gauge read when metrics are reported. */
    void gauge(String name, Supplier<? extends Number> gauge);

    /** A nested group, e.g. per split. */
    MetricGroup addGroup(String name);
}
