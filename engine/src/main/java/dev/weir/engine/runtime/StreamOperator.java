package dev.weir.engine.runtime;

import dev.weir.api.data.Row;
import dev.weir.api.metrics.MetricGroup;
import java.util.List;

/**
 * One operator of a chain for one subtask. Called only from the chain's thread, so counters are
 * plain fields, read by gauges.
 */
abstract class StreamOperator implements Downstream {
    final String id;
    final String name;
    final int subtask;
    final int parallelism;
    long numRecordsIn;
    long numRecordsOut;

    StreamOperator(String id, String name, int subtask, int parallelism) {
        this.id = id;
        this.name = name;
        this.subtask = subtask;
        this.parallelism = parallelism;
    }

    /**
     * Prepares the operator; {@code restored} holds this operator's snapshots from every subtask of
     * the checkpoint (keyed operators keep the keys that now belong to them), empty on a fresh start.
     */
    void open(MetricGroup metrics, List<byte[]> restored) throws Exception {
        registerCounts(metrics);
    }

    void registerCounts(MetricGroup metrics) {
        metrics.gauge("numRecordsIn", () -> numRecordsIn);
        metrics.gauge("numRecordsOut", () -> numRecordsOut);
        metrics.gauge("numRecordsInPerSecond", new RateGauge(() -> numRecordsIn));
        metrics.gauge("numRecordsOutPerSecond", new RateGauge(() -> numRecordsOut));
    }

    /** This operator's state at a barrier, or null when it has none. */
    byte[] snapshotState(long checkpointId) throws Exception {
        return null;
    }

    void close() throws Exception {
    }

    /** The chain has no input for now: rows held back for batching (Python workers) go on now. */
    void flushBuffered() {
    }

    final OperatorFailure failure(Row row, Throwable cause) {
        return cause instanceof OperatorFailure f ? f : new OperatorFailure(name, subtask, parallelism, row, cause);
    }
}
