package dev.weir.engine.runtime;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Rows per second of a count, averaged over at least the last second between readings. */
final class RateGauge implements Supplier<Long> {
    private static final long MIN_WINDOW_NANOS = 1_000_000_000L;

    private final LongSupplier count;
    private long lastCount;
    private long lastNanos = System.nanoTime();
    private long rate;

    RateGauge(LongSupplier count) {
        this.count = count;
    }

    @Override
    public synchronized Long get() {
        long now = System.nanoTime();
        if (now - lastNanos >= MIN_WINDOW_NANOS) {
            long current = count.getAsLong();
            rate = (current - lastCount) * 1_000_000_000L / (now - lastNanos);
            lastCount = current;
            lastNanos = now;
        }
        return rate;
    }
}
