package dev.weir.api.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A metric group that keeps everything in memory and can be read back. Thread-safe. Used by the
 * engine and by connector tests that drive readers and writers directly.
 */
public final class InMemoryMetricGroup implements MetricGroup {
    private final String scope;
    private final Map<String, Object> metrics;

    public InMemoryMetricGroup() {
        this("", new ConcurrentHashMap<>());
    }

    private InMemoryMetricGroup(String scope, Map<String, Object> metrics) {
        this.scope = scope;
        this.metrics = metrics;
    }

    @Override
    public Counter counter(String name) {
        return (Counter) metrics.computeIfAbsent(scope + name, k -> new AdderCounter());
    }

    @Override
    public void gauge(String name, Supplier<? extends Number> gauge) {
        metrics.put(scope + name, gauge);
    }

    @Override
    public MetricGroup addGroup(String name) {
        return new InMemoryMetricGroup(scope + name + ".", metrics);
    }

    /** Current values by full name (counters' counts and gauges' readings), sorted. */
    public Map<String, Number> snapshot() {
        Map<String, Number> values = new TreeMap<>();
        metrics.forEach((name, metric) -> {
            Number value = metric instanceof Counter c ? c.count() : ((Supplier<?>) metric).get() instanceof Number n ? n : null;
            if (value != null) {
                values.put(name, value);
            }
        });
        return values;
    }

    /** The count of a counter under its full name, 0 if it was never created. */
    public long count(String fullName) {
        return metrics.get(fullName) instanceof Counter c ? c.count() : 0;
    }

    private static final class AdderCounter implements Counter {
        private final LongAdder adder = new LongAdder();

        @Override
        public void inc() {
            adder.increment();
        }

        @Override
        public void inc(long n) {
            adder.add(n);
        }

        @Override
        public long count() {
            return adder.sum();
        }
    }
}
