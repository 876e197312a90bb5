package dev.weir.engine.runtime;

import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.api.metrics.MetricGroup;
import dev.weir.engine.expr.OperatorContext;
import dev.weir.engine.plan.JobConfig;
import dev.weir.engine.plan.PlanNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A non-windowed group aggregation on hash-partitioned input, with its keyed state in a HashMap. In
 * streaming mode every change is emitted as a changelog (+I for a new group, -U/+U for an update,
 * -D when retractions empty a group); in batch mode only the final rows, at the end of input. With
 * a mini-batch ({@link JobConfig.MiniBatch}) a streaming aggregation emits one change per group that
 * changed since the last flush, instead of one per row.
 */
final class GroupAggregateOperator extends StreamOperator {
    private static final Object[] NO_EXTRAS = new Object[0];

    private final Downstream out;
    private final Consumer<Runnable> mailbox;
    private final Aggregations aggregations;
    private final boolean streaming;
    private final boolean resultForEmptyInput;
    private final Map<List<Object>, Group> groups = new HashMap<>();
    private final int miniBatchSize;
    private final long miniBatchLatencyNanos;
    /** With a mini-batch: the groups changed since the last flush, in the order they first changed. */
    private final LinkedHashSet<List<Object>> changed = new LinkedHashSet<>();
    private int heldRows;
    private long oldestHeldNanos;

    /** Accumulators, the number of rows added minus retracted, and the last emitted result. */
    private static final class Group implements Serializable {
        Serializable[] accumulators;
        long count;
        Row lastResult;

        Group(Serializable[] accumulators) {
            this.accumulators = accumulators;
        }
    }

    /** @param mailbox runs an action on the chain's thread (see {@link OperatorContext#mailbox}) */
    GroupAggregateOperator(PlanNode.GroupAggregateNode node, int subtask, int parallelism, boolean streaming,
                           Downstream out, Consumer<Runnable> mailbox) {
        super(node.id(), node.name(), subtask, parallelism);
        this.out = out;
        this.mailbox = mailbox;
        this.aggregations = new Aggregations(node.aggregation(), 0);
        this.streaming = streaming;
        this.resultForEmptyInput = node.resultForEmptyInput();
        this.miniBatchSize = node.miniBatch().map(JobConfig.MiniBatch::size).orElse(0);
        this.miniBatchLatencyNanos = node.miniBatch().map(m -> m.allowLatency().toNanos()).orElse(0L);
    }

    @Override
    void open(MetricGroup metrics, List<byte[]> restored) throws Exception {
        super.open(metrics, restored);
        aggregations.open(new OperatorContext(name, subtask, parallelism, metrics, mailbox));
        metrics.gauge("numKeys", groups::size);
        StateBytes.<Group>readKeyed(restored, subtask, parallelism, groups::put);
    }

    @Override
    public void accept(Row row) {
        numRecordsIn++;
        try {
            List<Object> key = aggregations.key(row);
            Group group = groups.get(key);
            if (group == null) {
                if (!row.kind().isAccumulate()) {
                    return;
                }
                group = new Group(aggregations.createAccumulators());
                groups.put(key, group);
            }
            aggregations.apply(group.accumulators, row);
            group.count += row.kind().isAccumulate() ? 1 : -1;
            if (streaming && miniBatchSize == 0) {
                emitChange(key, group);
            } else if (streaming) {
                hold(key);
            }
        } catch (RuntimeException e) {
            throw failure(row, e);
        }
    }

    private void hold(List<Object> key) {
        if (heldRows++ == 0) {
            oldestHeldNanos = System.nanoTime();
        }
        changed.add(key);
        if (heldRows >= miniBatchSize || System.nanoTime() - oldestHeldNanos >= miniBatchLatencyNanos) {
            flushChanges();
        }
    }

    /** Emits the change of every group changed since the last flush (a mini-batch). */
    private void flushChanges() {
        heldRows = 0;
        if (changed.isEmpty()) {
            return;
        }
        List<List<Object>> keys = new ArrayList<>(changed);
        changed.clear();
        for (List<Object> key : keys) {
            try {
                emitChange(key, groups.get(key));
            } catch (RuntimeException e) {
                throw failure(null, e);
            }
        }
    }

    @Override
    void flushBuffered() {
        flushChanges();
    }

    private void emitChange(List<Object> key, Group group) {
        if (group.count <= 0) {
            groups.remove(key);
            if (group.lastResult != null) {
                emit(withKind(group.lastResult, RowKind.DELETE));
            }
            return;
        }
        Row result = aggregations.result(key, group.accumulators, NO_EXTRAS, RowKind.INSERT);
        if (group.lastResult == null) {
            emit(result);
        } else if (!group.lastResult.equals(result)) {
            emit(withKind(group.lastResult, RowKind.UPDATE_BEFORE));
            emit(withKind(result, RowKind.UPDATE_AFTER));
        }
        group.lastResult = result;
    }

    private void emit(Row row) {
        numRecordsOut++;
        out.accept(row);
    }

    private static Row withKind(Row row, RowKind kind) {
        Row copy = row.copy();
        copy.setKind(kind);
        return copy;
    }

    @Override
    public void watermark(long watermark) {
        flushChanges();
        out.watermark(watermark);
    }

    @Override
    public void endInput() {
        flushChanges();
        if (!streaming) {
            try {
                for (Map.Entry<List<Object>, Group> e : groups.entrySet()) {
                    emit(aggregations.result(e.getKey(), e.getValue().accumulators, NO_EXTRAS, RowKind.INSERT));
                }
                // SQL: a global aggregation over no rows still gives one row (COUNT(*) = 0), from the subtask that owns the empty key
                if (resultForEmptyInput && groups.isEmpty() && !aggregations.hasKeys()
                        && KeyHashing.subtaskFor(List.of(), parallelism) == subtask) {
                    emit(aggregations.result(List.of(), aggregations.createAccumulators(), NO_EXTRAS, RowKind.INSERT));
                }
            } catch (RuntimeException e) {
                throw failure(null, e);
            }
        }
        out.endInput();
    }

    @Override
    byte[] snapshotState(long checkpointId) {
        flushChanges(); // the held changes go before the barrier: the snapshot's lastResults are what was emitted
        return StateBytes.writeKeyed(groups);
    }

    @Override
    void close() {
        // first, allocating nothing: the numKeys gauge keeps the map reachable, and emptied, a job
        // that ran out of memory gets its heap back
        groups.clear();
        changed.clear();
        aggregations.close();
    }
}
