package dev.weir.engine.runtime;

import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.api.metrics.MetricGroup;
import dev.weir.engine.expr.CompiledExpression;
import dev.weir.engine.plan.PlanNode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns upserts into a full changelog ({@link PlanNode.ChangelogNormalizeNode}) with each key's last
 * row in a HashMap: an upsert of a new key is +I, of a known key -U (the old row) and +U, unless the
 * row is unchanged; a delete of a known key is -D with the whole old row, of an unknown key nothing.
 * In batch mode it emits each key's last row at the end of input.
 */
final class ChangelogNormalizeOperator extends StreamOperator {
    private final Downstream out;
    private final CompiledExpression[] keys;
    private final boolean streaming;
    private final Map<List<Object>, Row> lastRows = new HashMap<>();

    ChangelogNormalizeOperator(PlanNode.ChangelogNormalizeNode node, int subtask, int parallelism, boolean streaming,
                               Downstream out) {
        super(node.id(), node.name(), subtask, parallelism);
        this.out = out;
        this.streaming = streaming;
        this.keys = node.partitionKeys().stream().map(CompiledExpression::copy).toArray(CompiledExpression[]::new);
    }

    @Override
    void open(MetricGroup metrics, List<byte[]> restored) throws Exception {
        super.open(metrics, restored);
        metrics.gauge("numKeys", lastRows::size);
        StateBytes.<Row>readKeyed(restored, subtask, parallelism, lastRows::put);
    }

    @Override
    public void accept(Row row) {
        numRecordsIn++;
        try {
            Object[] values = new Object[keys.length];
            for (int i = 0; i < keys.length; i++) {
                values[i] = keys[i].eval(row);
            }
            List<Object> key = Arrays.asList(values);
            switch (row.kind()) {
                case INSERT, UPDATE_AFTER -> upsert(key, row);
                case DELETE -> delete(key);
                case UPDATE_BEFORE -> {
                    // the update-after that follows replaces the row
                }
            }
        } catch (RuntimeException e) {
            throw failure(row, e);
        }
    }

    private void upsert(List<Object> key, Row row) {
        Row latest = withKind(row, RowKind.INSERT);
        Row previous = lastRows.put(key, latest);
        if (!streaming) {
            return;
        }
        if (previous == null) {
            emit(latest);
        } else if (!previous.equals(latest)) {
            emit(withKind(previous, RowKind.UPDATE_BEFORE));
            emit(withKind(row, RowKind.UPDATE_AFTER));
        }
    }

    private void delete(List<Object> key) {
        Row previous = lastRows.remove(key);
        if (previous != null && streaming) {
            emit(withKind(previous, RowKind.DELETE));
        }
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
        out.watermark(watermark);
    }

    @Override
    public void endInput() {
        if (!streaming) {
            lastRows.values().forEach(this::emit);
        }
        out.endInput();
    }

    @Override
    byte[] snapshotState(long checkpointId) {
        return StateBytes.writeKeyed(lastRows);
    }

    @Override
    void close() {
        lastRows.clear(); // the numKeys gauge keeps the map reachable: emptied, a failed job gets its heap back
    }
}
