package dev.weir.engine.testing;

import dev.weir.api.data.Row;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rows of the test source, by name (the table option 'data'): one list per split. A pause position
 * holds every split there until {@link #resume()}, so tests can stop a job at a known point
 * without relying on timing.
 */
public final class TestData {
    private static final Map<String, TestData> REGISTRY = new ConcurrentHashMap<>();

    final List<List<Row>> splits;
    volatile int pauseAt = -1;
    volatile CompletableFuture<Void> resumed = new CompletableFuture<>();
    final AtomicInteger pausedSplits = new AtomicInteger();
    final AtomicInteger rowsEmitted = new AtomicInteger();
    /** Unbounded sources: whether a split that has run out of rows marks itself idle. */
    volatile boolean idleWhenDrained = true;
    volatile CompletableFuture<Void> appended = new CompletableFuture<>();

    private TestData(List<List<Row>> splits) {
        this.splits = new java.util.ArrayList<>();
        splits.forEach(rows -> this.splits.add(new java.util.concurrent.CopyOnWriteArrayList<>(rows)));
    }

    public static TestData register(String name, List<List<Row>> splits) {
        TestData data = new TestData(splits);
        REGISTRY.put(name, data);
        return data;
    }

    public static TestData get(String name) {
        TestData data = REGISTRY.get(name);
        if (data == null) {
            throw new IllegalArgumentException("No test data '" + name + "'");
        }
        return data;
    }

    /** A drained split just waits for more rows (so only an idle timeout makes it idle). */
    public TestData silentWhenDrained() {
        idleWhenDrained = false;
        return this;
    }

    /** Adds a row to a split of a running unbounded source. */
    public void append(int split, Row row) {
        splits.get(split).add(row);
        CompletableFuture<Void> done = appended;
        appended = new CompletableFuture<>();
        done.complete(null);
    }

    /** Every split stops before its row at {@code position}. */
    public TestData pauseAt(int position) {
        pauseAt = position;
        resumed = new CompletableFuture<>();
        return this;
    }

    public void resume() {
        pauseAt = -1;
        resumed.complete(null);
    }

    /** How many splits are currently held at the pause position. */
    public int pausedSplits() {
        return pausedSplits.get();
    }

    public int rowsEmitted() {
        return rowsEmitted.get();
    }
}
