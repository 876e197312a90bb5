package dev.weir.engine.runtime;

import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.api.io.SimpleVersionedSerializer;
import dev.weir.api.metrics.MetricGroup;
import dev.weir.api.sink.CommittingSinkWriter;
import dev.weir.api.sink.Sink;
import dev.weir.api.sink.SinkWriter;
import dev.weir.api.sink.SupportsWriterState;
import dev.weir.api.sink.WriterInitContext;
import dev.weir.engine.plan.PlanNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;

/**
 * Drives a sink writer. At each barrier it flushes and, for two-phase-commit sinks, prepares the
 * committables that the coordinator commits once the checkpoint is durable; its own state is the
 * writer state of sinks that have one.
 */
final class SinkOperator extends StreamOperator {
    private final PlanNode.SinkNode node;
    private Sink sink;
    private final boolean dropsUpdateBefore;
    private final int attemptNumber;
    private final OptionalLong restoredCheckpoint;
    private SinkWriter writer;
    /** Committables prepared at the end of input, committed when the job finishes. */
    private final List<Object> finalCommittables = new ArrayList<>();
    /** Committables prepared at the last barrier, handed to the checkpoint. */
    private List<Object> preparedCommittables = List.of();

    SinkOperator(PlanNode.SinkNode node, int subtask, int parallelism, int attemptNumber, OptionalLong restoredCheckpoint) {
        super(node.id(), node.name(), subtask, parallelism);
        this.node = node;
        this.dropsUpdateBefore = node.dropsUpdateBefore();
        this.attemptNumber = attemptNumber;
        this.restoredCheckpoint = restoredCheckpoint;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    void open(MetricGroup metrics, List<byte[]> restored) throws Exception {
        super.open(metrics, restored);
        sink = node.newSink();
        WriterInitContext context = new WriterInitContext() {
            @Override
            public int subtaskIndex() {
                return subtask;
            }

            @Override
            public int parallelism() {
                return parallelism;
            }

            @Override
            public int attemptNumber() {
                return attemptNumber;
            }

            @Override
            public OptionalLong restoredCheckpointId() {
                return restoredCheckpoint;
            }

            @Override
            public MetricGroup metrics() {
                return metrics;
            }
        };
        if (sink instanceof SupportsWriterState stateful && !restored.isEmpty()) {
            SimpleVersionedSerializer serializer = stateful.writerStateSerializer();
            List<Object> states = new ArrayList<>();
            for (byte[] bytes : restored) {
                states.addAll(StateBytes.readList(bytes, serializer));
            }
            writer = stateful.restoreWriter(context, (Collection) states);
        } else {
            writer = sink.createWriter(context);
        }
    }

    /** The writer shares this group and may count its own output ('numRecordsOut', 'numBytesOut'). */
    @Override
    void registerCounts(MetricGroup metrics) {
        metrics.gauge("numRecordsIn", () -> numRecordsIn);
        metrics.gauge("numRecordsInPerSecond", new RateGauge(() -> numRecordsIn));
    }

    @Override
    public void accept(Row row) {
        numRecordsIn++;
        if (dropsUpdateBefore && row.kind() == RowKind.UPDATE_BEFORE) {
            return; // an upsert sink replaces the row by key with the update-after that follows
        }
        try {
            writer.write(row);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while writing");
        } catch (Exception e) {
            throw failure(row, e);
        }
    }

    @Override
    public void watermark(long watermark) {
    }

    @Override
    public void endInput() {
        try {
            writer.flush(true);
            if (writer instanceof CommittingSinkWriter<?> committing) {
                finalCommittables.addAll(committing.prepareCommit());
            }
        } catch (Exception e) {
            throw failure(null, e);
        }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    byte[] snapshotState(long checkpointId) throws Exception {
        writer.flush(false);
        preparedCommittables = writer instanceof CommittingSinkWriter<?> committing
                ? new ArrayList<>(committing.prepareCommit()) : List.of();
        if (sink instanceof SupportsWriterState stateful
                && writer instanceof SupportsWriterState.StatefulSinkWriter<?> statefulWriter) {
            return StateBytes.writeList((List) statefulWriter.snapshotState(checkpointId), stateful.writerStateSerializer());
        }
        return null;
    }

    /** What the last snapshot prepared; the checkpoint stores and later commits them. */
    List<Object> takePreparedCommittables() {
        List<Object> out = preparedCommittables;
        preparedCommittables = List.of();
        return out;
    }

    List<Object> finalCommittables() {
        return finalCommittables;
    }

    boolean isCommitting() {
        return node.isCommitting();
    }

    @Override
    void close() throws Exception {
        if (writer != null) {
            writer.close();
        }
    }
}
