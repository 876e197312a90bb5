package dev.weir.api.metrics;

/** A monotonically increasing count. */
public interface Counter {
    void inc();

    void inc(long n);

    long count();
}
