package dev.weir.engine.testing;

import dev.weir.api.data.Row;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/** What a test sink (by its 'name' option) received and committed; also its controls (blocking, failing). */
public final class TestSinkStore {
    private static final Map<String, TestSinkStore> STORES = new ConcurrentHashMap<>();

    private final List<Row> written = new ArrayList<>();
    private final List<Row> committed = new ArrayList<>();
    private final Set<String> committedTransactions = new HashSet<>();
    /** When not null, every write takes a permit: a test releases permits to let rows through. */
    volatile Semaphore writePermits;
    volatile String failOnce;
    final AtomicBoolean failed = new AtomicBoolean();

    public static TestSinkStore create(String name) {
        TestSinkStore store = new TestSinkStore();
        STORES.put(name, store);
        return store;
    }

    static TestSinkStore get(String name) {
        return STORES.computeIfAbsent(name, n -> new TestSinkStore());
    }

    /** Writes block until {@link #allowWrites} (back-pressure tests). */
    public TestSinkStore blockWrites() {
        writePermits = new Semaphore(0);
        return this;
    }

    public void allowWrites(int rows) {
        writePermits.release(rows);
    }

    public void unblock() {
        writePermits.release(Integer.MAX_VALUE / 2);
    }

    /** The first write of a row whose text contains {@code text} throws, once. */
    public TestSinkStore failOnceOn(String text) {
        failOnce = text;
        return this;
    }

    synchronized void write(Row row) {
        written.add(row.copy());
    }

    synchronized void commit(String transaction, List<Row> rows) {
        if (committedTransactions.add(transaction)) {
            committed.addAll(rows);
        }
    }

    /** Rows written by non-committing sinks. */
    public synchronized List<Row> written() {
        return new ArrayList<>(written);
    }

    /** Rows of committed transactions (two-phase-commit sinks). */
    public synchronized List<Row> committed() {
        return new ArrayList<>(committed);
    }

    public synchronized int committedTransactions() {
        return committedTransactions.size();
    }
}
