package dev.weir.engine.runtime;

import dev.weir.api.metrics.InMemoryMetricGroup;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.TreeMap;

/**
 * The job ran out of heap memory. The message says how full the heap is, which operator holds the
 * most state (by its {@code numKeys} metric) and how to give the engine more memory. Restarting
 * would run out the same way, so the job fails without restarts.
 */
public final class MemoryExhaustedException extends RuntimeException {
    private static final long MB = 1024 * 1024;

    private MemoryExhaustedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The heap watchdog saw the heap nearly full after a full collection. */
    static MemoryExhaustedException afterCollection(MemoryUsage usage, InMemoryMetricGroup metrics) {
        return new MemoryExhaustedException("Out of memory: the Java heap is still " + (usage.getUsed() * 100 / usage.getMax())
                + "% full after a full garbage collection (" + usage.getUsed() / MB + " MB of " + usage.getMax() / MB
                + " MB in its long-lived generation), so the job was stopped before the JVM spent all its time collecting."
                + advice(metrics), null);
    }

    /** {@code failure} itself when no OutOfMemoryError caused it, else the failure as a MemoryExhaustedException. */
    static Throwable ifOutOfMemory(Throwable failure, InMemoryMetricGroup metrics) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MemoryExhaustedException) {
                return t;
            }
            if (t instanceof OutOfMemoryError oom) {
                try {
                    return new MemoryExhaustedException("Out of memory (" + oom.getMessage() + ")." + advice(metrics), failure);
                } catch (OutOfMemoryError stillOut) {
                    return failure;
                }
            }
        }
        return failure;
    }

    private static String advice(InMemoryMetricGroup metrics) {
        long maxHeap = Runtime.getRuntime().maxMemory() / MB;
        String larger = "-Xmx" + Math.max(2 * maxHeap, 512) + "m";
        return largestState(metrics) + " Give the engine more memory: a larger maximum heap than the "
                + maxHeap + " MB it has (the JVM's -Xmx option; for bin/weir, WEIR_JAVA_OPTS='" + larger
                + " -XX:+UseSerialGC'), or keep less state (fewer distinct keys, windows instead of an unbounded aggregation).";
    }

    /** " The largest state: operator '...' holds N keys." from the operators' numKeys metrics, or "". */
    private static String largestState(InMemoryMetricGroup metrics) {
        Map<String, Long> keysByOperator = new TreeMap<>();
        try {
            metrics.snapshot().forEach((name, value) -> {
                if (name.endsWith(".numKeys")) {
                    String subtaskMetric = name.substring(0, name.length() - ".numKeys".length());
                    String operator = subtaskMetric.substring(0, Math.max(0, subtaskMetric.lastIndexOf('.')));
                    keysByOperator.merge(operator, value.longValue(), Long::sum);
                }
            });
        } catch (RuntimeException e) {
            return "";
        }
        return keysByOperator.entrySet().stream().max(Map.Entry.comparingByValue()).filter(e -> e.getValue() > 0)
                .map(e -> " The largest state: operator '" + e.getKey() + "' holds " + e.getValue() + " keys.")
                .orElse("");
    }
}
