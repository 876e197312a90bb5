package dev.weir.testing.values;

import dev.weir.api.data.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The in-memory data behind the {@code 'values'} source and the {@code 'collect'} sink, as Flink's
 * {@code TestValuesTableFactory} keeps it: tests register rows and read back what sinks received.
 *
 * <p>Engines give every reader and writer a serialized copy of the source or sink, so these tables
 * cannot travel inside them; they live here, keyed by id, for the engine running in the test's JVM.
 *
 * <pre>{@code
 * String data = TestValues.registerData(List.of(Row.of(1L, "a"), Row.of(2L, "b")));
 * String sink = TestValues.newSinkId();
 * env.from(TableDescriptor.forConnector("values").schema(schema).option("data-id", data).build())
 *    .executeInsert(TableDescriptor.forConnector("collect").schema(schema).option("sink-id", sink).build()).await();
 * assertThat(TestValues.collected(sink)).containsExactly(Row.of(1L, "a"), Row.of(2L, "b"));
 * }</pre>
 */
public final class TestValues {

    private static final Map<String, List<List<Row>>> DATA = new ConcurrentHashMap<>();
    private static final Map<String, List<Row>> COLLECTED = new ConcurrentHashMap<>();
    private static final Map<String, Set<String>> COMMITTED_IDS = new ConcurrentHashMap<>();
    private static final Map<String, FailureInjection> FAILURES = new ConcurrentHashMap<>();
    /** Per 'values' table: each split's position at the latest checkpoint its reader was told completed. */
    private static final Map<String, Map<Integer, Integer>> CHECKPOINTED = new ConcurrentHashMap<>();

    private TestValues() {
    }

    /** Registers the rows of a one-split table; returns the id for the source's 'data-id' option. */
    public static String registerData(List<Row> rows) {
        return registerSplits(List.of(rows));
    }

    /** Registers a table with one split per list, each read in order; returns its 'data-id'. */
    public static String registerSplits(List<List<Row>> rowsPerSplit) {
        String id = "values-" + UUID.randomUUID();
        List<List<Row>> splits = new ArrayList<>();
        for (List<Row> rows : rowsPerSplit) {
            splits.add(new CopyOnWriteArrayList<>(rows));
        }
        DATA.put(id, List.copyOf(splits));
        return id;
    }

    /** Appends rows to a split: an unbounded ('bounded' = 'false') source reads them while it runs. */
    public static void appendData(String dataId, int split, List<Row> rows) {
        splitsOf(dataId).get(split).addAll(rows);
    }

    /** A fresh id for a 'collect' sink's 'sink-id' option. */
    public static String newSinkId() {
        String id = "collect-" + UUID.randomUUID();
        COLLECTED.put(id, new CopyOnWriteArrayList<>());
        return id;
    }

    /**
     * What the sink delivered, in arrival order: every row written (at-least-once), or the rows of
     * committed checkpoints (exactly-once).
     */
    public static List<Row> collected(String sinkId) {
        return List.copyOf(collectedList(sinkId));
    }

    /**
     * How many rows of a 'values' table are behind a completed checkpoint, summed over its splits: a
     * source is told a checkpoint completed after the sinks committed it, so once this covers every
     * row, every row read is committed and no replay can follow. Restarts resume from such a
     * checkpoint; a test that appends rows only after this covers the rows so far knows a
     * 'source.fail-after-rows' failure is armed before the appended rows are read.
     */
    public static long checkpointedRows(String dataId) {
        return CHECKPOINTED.getOrDefault(dataId, Map.of()).values().stream().mapToLong(Integer::longValue).sum();
    }

    /** Forgets a data or sink id. */
    public static void clear(String id) {
        DATA.remove(id);
        COLLECTED.remove(id);
        COMMITTED_IDS.remove(id);
        FAILURES.remove(id);
        CHECKPOINTED.remove(id);
    }

    static List<List<Row>> splitsOf(String dataId) {
        List<List<Row>> splits = DATA.get(dataId);
        if (splits == null) {
            throw new IllegalStateException("No values registered under '" + dataId + "' in this JVM: register them with "
                    + "TestValues.registerData and pass the id it returns as 'data-id'.");
        }
        return splits;
    }

    static void sourceCheckpointed(String dataId, Map<Integer, Integer> positions) {
        CHECKPOINTED.computeIfAbsent(dataId, k -> new ConcurrentHashMap<>()).putAll(positions);
    }

    static void append(String sinkId, List<Row> rows) {
        collectedList(sinkId).addAll(rows);
    }

    /** Appends a committed batch unless it was committed before: committers must be idempotent. */
    static boolean commit(String sinkId, String committableId, List<Row> rows) {
        Set<String> ids = COMMITTED_IDS.computeIfAbsent(sinkId, k -> ConcurrentHashMap.newKeySet());
        synchronized (ids) {
            if (!ids.add(committableId)) {
                return false;
            }
            // Armed before the rows are visible: a test that saw them may rely on the failure being due.
            failures(sinkId).checkpointCompleted("the commit of " + committableId);
            collectedList(sinkId).addAll(rows);
        }
        return true;
    }

    static FailureInjection failures(String id) {
        return FAILURES.computeIfAbsent(id, k -> new FailureInjection());
    }

    private static List<Row> collectedList(String sinkId) {
        List<Row> rows = COLLECTED.get(sinkId);
        if (rows == null) {
            throw new IllegalStateException("No 'collect' sink with id '" + sinkId + "' in this JVM: get one from TestValues.newSinkId().");
        }
        return rows;
    }

    /**
     * One injected failure per table: at the first row past a count, once a checkpoint completed (when
     * asked to wait for one), so the restart has a checkpoint to restore from. Deterministic when the
     * test makes the rows past the count available only after the arming checkpoint was reported
     * ({@link #checkpointedRows}, or the committed rows of a 'collect' sink).
     */
    static final class FailureInjection {
        private final AtomicLong rows = new AtomicLong();
        /** What completed first, named in the failure; null while nothing did. */
        private final AtomicReference<String> armedBy = new AtomicReference<>();
        private final AtomicBoolean failed = new AtomicBoolean();

        void checkpointCompleted(String what) {
            armedBy.compareAndSet(null, what);
        }

        /**
         * Counts a row; throws exactly once, for the row that should fail. Without a checkpoint to
         * wait for (an at-least-once sink), the restart begins from the start.
         */
        void failIfDue(long failAfterRows, boolean afterACheckpoint, String what) {
            long row = rows.incrementAndGet();
            String checkpoint = armedBy.get();
            if (row > failAfterRows && (!afterACheckpoint || checkpoint != null) && failed.compareAndSet(false, true)) {
                throw new IllegalStateException("Injected failure of " + what + " at row " + row
                        + (checkpoint == null ? "" : ", after " + checkpoint + " completed"));
            }
        }
    }
}
