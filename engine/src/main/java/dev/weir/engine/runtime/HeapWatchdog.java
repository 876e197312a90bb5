package dev.weir.engine.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reports when the heap's long-lived generation is still {@link #THRESHOLD} full after a garbage
 * collection that collected it. From there the JVM spends nearly all its time collecting and the job
 * crawls (G1 may collect forever without throwing OutOfMemoryError; a large heap takes minutes to),
 * so the job is failed at once instead. The pool is the one that supports usage thresholds: the old
 * or tenured generation of the serial, parallel and G1 collectors, the whole heap of ZGC.
 *
 * <p>A thread of its own polls the pool's allocation-free threshold flag: JMX notifications need
 * memory to be delivered and starve on a full heap. A reserve of memory, released when the
 * threshold is crossed, leaves the job room to fail cleanly.
 */
final class HeapWatchdog implements AutoCloseable {
    /** The fraction of the generation still in use after a collection at which jobs fail. */
    static final double THRESHOLD = 0.9;
    private static final long POLL_MILLIS = 100;

    private final Thread thread;
    private volatile boolean closed;

    private HeapWatchdog(MemoryPoolMXBean pool, Consumer<MemoryUsage> onExhausted) {
        // the failing job's messages and cleanup are allocated from this, a few percent of the heap
        byte[][] reserve = {new byte[(int) Math.min(16L << 20, pool.getUsage().getMax() / 20)]};
        thread = new Thread(() -> {
            try {
                while (!closed) {
                    if (pool.isCollectionUsageThresholdExceeded()) {
                        reserve[0] = null;
                        try {
                            onExhausted.accept(pool.getCollectionUsage());
                            return;
                        } catch (OutOfMemoryError e) {
                            // the job's threads took the reserve first: try again once they were collected
                        }
                    }
                    Thread.sleep(POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                // closed
            }
        }, "weir-heap-watchdog");
        thread.setDaemon(true);
    }

    /** Calls {@code onExhausted} with the generation's usage after the first collection that leaves it over the threshold. */
    static Optional<HeapWatchdog> start(Consumer<MemoryUsage> onExhausted) {
        Optional<MemoryPoolMXBean> pool = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isUsageThresholdSupported()
                        && p.isCollectionUsageThresholdSupported() && p.getUsage().getMax() > 0)
                .findFirst();
        if (pool.isEmpty()) {
            return Optional.empty();
        }
        // one setting for the JVM: every job watching it asks for the same
        pool.get().setCollectionUsageThreshold((long) (pool.get().getUsage().getMax() * THRESHOLD));
        HeapWatchdog watchdog = new HeapWatchdog(pool.get(), onExhausted);
        watchdog.thread.start();
        return Optional.of(watchdog);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
