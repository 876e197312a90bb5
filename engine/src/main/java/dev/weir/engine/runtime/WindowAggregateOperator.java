package dev.weir.engine.runtime;

import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.api.metrics.Counter;
import dev.weir.api.metrics.MetricGroup;
import dev.weir.api.types.TypeRoot;
import dev.weir.engine.expr.OperatorContext;
import dev.weir.engine.plan.PlanNode;
import dev.weir.engine.spec.WindowSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Event-time tumbling, sliding and session windows per key. A window [start, end) fires when the
 * watermark reaches end - 1, as in Flink, and emits one +I row per key. A row whose every window
 * has already fired is late: it is counted ({@code numLateRecordsDropped}) and dropped, or written
 * to the late-rows sink.
 */
final class WindowAggregateOperator extends StreamOperator {
    private final Downstream out;
    private final Consumer<Runnable> mailbox;
    private final Aggregations aggregations;
    private final WindowSpec.Kind kind;
    private final long size;
    private final long slide;
    private final long gap;
    private final int rowtimeIndex;
    private final boolean localTimeZone;
    private final SinkOperator lateSink;
    /** The late sink's columns: the input's, without those Python stages before the window appended. */
    private final int lateRowArity;
    /** Per key, its open windows by start. */
    private final Map<List<Object>, TreeMap<Long, Pane>> panes = new HashMap<>();
    /** Keys with a window ending at the given time (may be stale after session merges; firing rechecks). */
    private final TreeMap<Long, List<List<Object>>> timers = new TreeMap<>();
    private long currentWatermark = Long.MIN_VALUE;
    private Counter lateRows;

    private static final class Pane implements Serializable {
        final long end;
        Serializable[] accumulators;

        Pane(long end, Serializable[] accumulators) {
            this.end = end;
            this.accumulators = accumulators;
        }
    }

    /** @param mailbox runs an action on the chain's thread (see {@link OperatorContext#mailbox}) */
    WindowAggregateOperator(PlanNode.WindowAggregateNode node, int subtask, int parallelism, Downstream out,
                            SinkOperator lateSink, Consumer<Runnable> mailbox) {
        super(node.id(), node.name(), subtask, parallelism);
        this.out = out;
        this.mailbox = mailbox;
        this.aggregations = new Aggregations(node.aggregation(), 3);
        WindowSpec w = node.window();
        this.kind = w.kind();
        this.size = w.size() == null ? 0 : w.size().toMillis();
        this.slide = w.slide() == null ? 0 : w.slide().toMillis();
        this.gap = w.gap() == null ? 0 : w.gap().toMillis();
        this.rowtimeIndex = node.rowtimeIndex();
        this.localTimeZone = node.rowtimeType().root() == TypeRoot.TIMESTAMP_LTZ;
        this.lateSink = lateSink;
        this.lateRowArity = node.lateSink() == null ? 0 : node.lateSink().outputType().fieldCount();
    }

    @Override
    void open(MetricGroup metrics, List<byte[]> restored) throws Exception {
        super.open(metrics, restored);
        aggregations.open(new OperatorContext(name, subtask, parallelism, metrics, mailbox));
        lateRows = metrics.counter("numLateRecordsDropped");
        metrics.gauge("numKeys", panes::size);
        for (byte[] bytes : restored) {
            @SuppressWarnings("unchecked")
            List<Object[]> entries = (List<Object[]>) StateBytes.javaDeserialize(bytes);
            for (Object[] e : entries) {
                @SuppressWarnings("unchecked")
                List<Object> key = (List<Object>) e[0];
                if (KeyHashing.subtaskFor(key, parallelism) == subtask) {
                    Pane pane = (Pane) e[2];
                    panes.computeIfAbsent(key, k -> new TreeMap<>()).put((Long) e[1], pane);
                    timers.computeIfAbsent(pane.end, t -> new ArrayList<>()).add(key);
                }
            }
        }
    }

    @Override
    public void accept(Row row) {
        numRecordsIn++;
        boolean added;
        try {
            long ts = EventTime.toMillis(row.getField(rowtimeIndex));
            List<Object> key = aggregations.key(row);
            added = kind == WindowSpec.Kind.SESSION ? addToSession(key, ts, row) : addToFixedWindows(key, ts, row);
        } catch (RuntimeException e) {
            throw failure(row, e);
        }
        if (!added) {
            lateRows.inc();
            if (lateSink != null) {
                lateSink.accept(row.arity() == lateRowArity ? row
                        : new Row(row.kind(), Arrays.copyOf(row.values().toArray(), lateRowArity)));
            }
        }
    }

    private boolean addToFixedWindows(List<Object> key, long ts, Row row) {
        long step = kind == WindowSpec.Kind.TUMBLE ? size : slide;
        long lastStart = ts - Math.floorMod(ts, step);
        boolean added = false;
        for (long start = lastStart; start > ts - size; start -= step) {
            long end = start + size;
            if (end - 1 <= currentWatermark) {
                continue;
            }
            TreeMap<Long, Pane> keyPanes = panes.computeIfAbsent(key, k -> new TreeMap<>());
            Pane pane = keyPanes.get(start);
            if (pane == null) {
                pane = new Pane(end, aggregations.createAccumulators());
                keyPanes.put(start, pane);
                timers.computeIfAbsent(end, t -> new ArrayList<>()).add(key);
            }
            aggregations.apply(pane.accumulators, row);
            added = true;
        }
        return added;
    }

    private boolean addToSession(List<Object> key, long ts, Row row) {
        long start = ts;
        long end = ts + gap;
        TreeMap<Long, Pane> keyPanes = panes.computeIfAbsent(key, k -> new TreeMap<>());
        List<Long> merged = new ArrayList<>();
        for (Map.Entry<Long, Pane> e : keyPanes.entrySet()) {
            if (e.getKey() < ts + gap && e.getValue().end > ts) {
                merged.add(e.getKey());
                start = Math.min(start, e.getKey());
                end = Math.max(end, e.getValue().end);
            }
        }
        if (end - 1 <= currentWatermark) {
            if (keyPanes.isEmpty()) {
                panes.remove(key);
            }
            return false;
        }
        Serializable[] accumulators = aggregations.createAccumulators();
        for (Long s : merged) {
            accumulators = aggregations.merge(accumulators, keyPanes.remove(s).accumulators);
        }
        aggregations.apply(accumulators, row);
        keyPanes.put(start, new Pane(end, accumulators));
        timers.computeIfAbsent(end, t -> new ArrayList<>()).add(key);
        return true;
    }

    @Override
    public void watermark(long watermark) {
        if (watermark <= currentWatermark) {
            return;
        }
        currentWatermark = watermark;
        try {
            while (!timers.isEmpty() && timers.firstKey() - 1 <= watermark) {
                for (List<Object> key : timers.pollFirstEntry().getValue()) {
                    fire(key, watermark);
                }
            }
        } catch (RuntimeException e) {
            throw failure(null, e);
        }
        out.watermark(watermark);
    }

    private void fire(List<Object> key, long watermark) {
        TreeMap<Long, Pane> keyPanes = panes.get(key);
        if (keyPanes == null) {
            return;
        }
        for (Iterator<Map.Entry<Long, Pane>> it = keyPanes.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Pane> e = it.next();
            Pane pane = e.getValue();
            if (pane.end - 1 <= watermark) {
                it.remove();
                Object[] extras = {EventTime.fromMillis(e.getKey(), localTimeZone), EventTime.fromMillis(pane.end, localTimeZone),
                        EventTime.fromMillis(pane.end - 1, localTimeZone)};
                numRecordsOut++;
                out.accept(aggregations.result(key, pane.accumulators, extras, RowKind.INSERT));
            }
        }
        if (keyPanes.isEmpty()) {
            panes.remove(key);
        }
    }

    @Override
    public void endInput() {
        out.endInput();
    }

    @Override
    byte[] snapshotState(long checkpointId) {
        ArrayList<Object[]> entries = new ArrayList<>();
        panes.forEach((key, keyPanes) -> keyPanes.forEach((start, pane) ->
                entries.add(new Object[]{new ArrayList<>(key), start, pane})));
        return StateBytes.javaSerialize(entries);
    }

    @Override
    void close() {
        // first, allocating nothing: the numKeys gauge keeps the map reachable, and emptied, a job
        // that ran out of memory gets its heap back
        panes.clear();
        aggregations.close();
    }
}
