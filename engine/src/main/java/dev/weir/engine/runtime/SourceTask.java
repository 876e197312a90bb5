package dev.weir.engine.runtime;

import dev.weir.api.data.Row;
import dev.weir.api.io.SimpleVersionedSerializer;
import dev.weir.api.metrics.InMemoryMetricGroup;
import dev.weir.api.metrics.MetricGroup;
import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.format.SkippedRecords;
import dev.weir.api.source.BadRecordHandler;
import dev.weir.api.source.BadRecordOptions;
import dev.weir.api.source.InputStatus;
import dev.weir.api.source.ReaderOutput;
import dev.weir.api.source.Source;
import dev.weir.api.source.SourceOutput;
import dev.weir.api.source.SourceReader;
import dev.weir.api.source.SourceReaderContext;
import dev.weir.api.source.SourceSplit;
import dev.weir.engine.expr.CompiledExpression;
import dev.weir.engine.plan.PhysicalPlan;
import dev.weir.engine.plan.PlanNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A chain headed by a source reader. The reader is driven without blocking: pollNext until it has
 * nothing, then (after flushing the exchange) wait for its availability future or for mail. Event
 * time is tracked per split; the subtask's watermark is the minimum over splits that are not idle.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class SourceTask extends ChainTask {
    private static final int LINGER_CHECK_INTERVAL = 1024;
    static final String DEAD_LETTERED_METRIC = "numRecordsDeadLettered";

    private final PlanNode.SourceNode node;
    private final EnumeratorHost enumerator;
    private SourceReader reader;
    private SimpleVersionedSerializer splitSerializer;
    private final Map<String, SplitOutput> outputs = new LinkedHashMap<>();
    private SplitOutput mainOutput;
    private final int[] sourceIndexes;
    private final CompiledExpression[] computed;
    private final CompiledExpression watermarkExpression;
    private long emittedWatermark = Long.MIN_VALUE;
    private boolean idle;
    private boolean watermarkDirty;
    private boolean endOfInput;
    private long numRecordsOut;
    private final long idleTimeoutNanos;
    private final long startNanos = System.nanoTime();
    /** Receives the dead-letter rows under the 'dead-letter' policy; also in {@link #operators}, so it checkpoints. */
    private SinkOperator deadLetters;
    private long numRecordsDeadLettered;
    /** Under the 'skip' policy: logs its total when the task ends. */
    private SkippedRecords skippedByPolicy;

    SourceTask(PhysicalPlan.Chain chain, int subtask, int parallelism, InputGate gate, TaskListener listener,
               InMemoryMetricGroup metrics, RestoredState restored, int attemptNumber, EnumeratorHost enumerator,
               Optional<Duration> idleTimeout) {
        super(chain, subtask, parallelism, gate, listener, metrics, restored, attemptNumber);
        this.node = (PlanNode.SourceNode) chain.head();
        this.enumerator = enumerator;
        this.sourceIndexes = node.sourceIndexes();
        this.computed = new CompiledExpression[node.computedColumns().length];
        for (int i = 0; i < computed.length; i++) {
            computed[i] = node.computedColumns()[i] == null ? null : node.computedColumns()[i].copy();
        }
        this.watermarkExpression = node.watermark() == null ? null : node.watermark().copy();
        this.idleTimeoutNanos = idleTimeout.map(Duration::toNanos).orElse(0L);
    }

    @Override
    void buildOperators(ExchangeOutput exchange, boolean streaming) {
        super.buildOperators(exchange, streaming);
        PlanNode.SinkNode deadLetterSink = node.badRecords().deadLetterSink();
        if (deadLetterSink != null) {
            deadLetters = new SinkOperator(deadLetterSink, subtask, parallelism, attemptNumber, restored.checkpointId());
            operators.add(deadLetters);
        }
    }

    /** Applies the table's bad-record policy (see {@link BadRecordHandler}) on the polling thread. */
    private BadRecordHandler badRecordHandler(MetricGroup group) {
        switch (node.badRecords().policy()) {
            case BadRecordOptions.SKIP -> {
                SkippedRecords skipped = new SkippedRecords(BadRecordOptions.POLICY.key() + " is 'skip'");
                skipped.open(group);
                skippedByPolicy = skipped;
                return (raw, error) -> skipped.skip(error);
            }
            case BadRecordOptions.DEAD_LETTER -> {
                group.gauge(DEAD_LETTERED_METRIC, () -> numRecordsDeadLettered);
                String table = node.context().tableName();
                return (raw, error) -> {
                    numRecordsDeadLettered++;
                    deadLetters.accept(Row.of(raw, deadLetterError(error), error.location().toString(), table, Instant.now()));
                };
            }
            default -> {
                return BadRecordHandler.failing();
            }
        }
    }

    /** The decoder's message, with its cause's when that adds the detail (a parser's own message). */
    private static String deadLetterError(RecordDecodeException error) {
        Throwable cause = error.getCause();
        return cause == null || cause.getMessage() == null || error.getMessage().contains(cause.getMessage())
                ? error.getMessage() : error.getMessage() + " (" + cause.getMessage() + ")";
    }

    /** The source's operator id: its reader splits are stored under it. */
    String sourceId() {
        return node.id();
    }

    @Override
    void runTask() throws Exception {
        MetricGroup group = operatorMetrics(node.name());
        group.gauge("numRecordsOut", () -> numRecordsOut);
        group.gauge("numRecordsOutPerSecond", new RateGauge(() -> numRecordsOut));
        Source source = node.newSource();
        splitSerializer = source.splitSerializer();
        BadRecordHandler badRecords = badRecordHandler(group);
        reader = source.createReader(new SourceReaderContext() {
            @Override
            public int subtaskIndex() {
                return subtask;
            }

            @Override
            public int parallelism() {
                return parallelism;
            }

            @Override
            public void sendSplitRequest() {
                enumerator.handleSplitRequest(subtask);
            }

            @Override
            public MetricGroup metrics() {
                return group;
            }

            @Override
            public BadRecordHandler badRecords() {
                return badRecords;
            }
        });
        List<SourceSplit> restoredSplits = new ArrayList<>();
        for (byte[] bytes : restored.statesFor(node.id(), subtask, parallelism, false)) {
            restoredSplits.addAll(StateBytes.readList(bytes, splitSerializer));
        }
        if (!restoredSplits.isEmpty()) {
            addSplits(restoredSplits);
        }
        // Register first, as Flink does: a reader may send its first split request from start().
        enumerator.registerReader(subtask);
        reader.start();
        ReaderOutput output = new MainOutput();
        int iterations = 0;
        while (!cancelled) {
            if (gate.hasMail()) {
                runMails();
            }
            InputStatus status;
            try {
                status = reader.pollNext(output);
            } catch (OperatorFailure e) {
                throw e;
            } catch (Exception e) {
                throw new OperatorFailure(node.name(), subtask, parallelism, null, e);
            }
            if (watermarkDirty) {
                updateWatermark();
            }
            if (status == InputStatus.MORE_AVAILABLE) {
                if (++iterations == LINGER_CHECK_INTERVAL) {
                    iterations = 0;
                    if (exchange != null) {
                        exchange.flushIfLingering();
                    }
                    detectIdleSplits();
                }
            } else if (status == InputStatus.NOTHING_AVAILABLE) {
                flushIdle();
                gate.awaitMailOr(reader.isAvailable(), idleTimeoutNanos);
                detectIdleSplits();
            } else {
                endOfInput = true;
                first.watermark(Long.MAX_VALUE);
                first.endInput();
                if (deadLetters != null) {
                    deadLetters.endInput();
                }
                return;
            }
        }
    }

    /**
     * With {@code table.exec.source.idle-timeout}, a split that emitted nothing for that long is idle
     * until its next row. Rows are counted, not timed, so the hot path reads no clock.
     */
    private void detectIdleSplits() {
        if (idleTimeoutNanos <= 0) {
            return;
        }
        long now = System.nanoTime();
        if (outputs.isEmpty() && !idle && now - startNanos >= idleTimeoutNanos) {
            watermarkDirty = true; // never had a split: idle, like a split that went silent
        }
        for (SplitOutput s : outputs.values()) {
            if (s.emitted != s.emittedAtLastCheck) {
                s.emittedAtLastCheck = s.emitted;
                s.lastActiveNanos = now;
            } else if (!s.idle && now - s.lastActiveNanos >= idleTimeoutNanos) {
                s.idle = true;
                watermarkDirty = true;
            }
        }
        if (watermarkDirty) {
            updateWatermark();
        }
    }

    private void runMails() throws Exception {
        Runnable mail;
        while ((mail = gate.pollMail()) != null) {
            mail.run();
        }
    }

    /** Called (as mail) with splits from the enumerator or from the restored checkpoint. */
    void addSplits(List<SourceSplit> splits) {
        if (mainOutput == null) {
            for (SourceSplit split : splits) {
                outputs.computeIfAbsent(split.splitId(), id -> new SplitOutput());
            }
            watermarkDirty = true;
        }
        reader.addSplits(splits);
    }

    void noMoreSplits() {
        reader.notifyNoMoreSplits();
    }

    /** Runs as mail, so it falls between two pollNext calls: the barrier follows every row emitted before. */
    void triggerCheckpoint(long checkpointId) {
        try {
            Map<String, byte[]> states = new LinkedHashMap<>();
            states.put(node.id(), StateBytes.writeList(reader.snapshotState(checkpointId), splitSerializer));
            checkpoint(checkpointId, states);
        } catch (Exception e) {
            throw new IllegalStateException("Checkpoint " + checkpointId + " failed in " + name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    void notifyCheckpointComplete(long checkpointId) throws Exception {
        if (reader != null && !endOfInput) {
            reader.notifyCheckpointComplete(checkpointId);
        }
    }

    @Override
    void closeAll() {
        if (skippedByPolicy != null) {
            skippedByPolicy.logTotal();
        }
        try {
            if (reader != null) {
                reader.close();
            }
        } catch (Exception e) {
            if (!cancelled) {
                listener.taskFailed(this, e);
            }
        }
        super.closeAll();
    }

    private void emit(Row produced, SplitOutput split) {
        Row row = produced;
        try {
            if (sourceIndexes != null) {
                Object[] values = new Object[sourceIndexes.length];
                for (int i = 0; i < values.length; i++) {
                    values[i] = sourceIndexes[i] >= 0 ? produced.getField(sourceIndexes[i]) : computed[i].eval(produced);
                }
                row = new Row(produced.kind(), values);
            }
            if (watermarkExpression != null) {
                long watermark = EventTime.toMillis(watermarkExpression.eval(row));
                if (watermark > split.watermark) {
                    split.watermark = watermark;
                    watermarkDirty = true;
                }
            }
        } catch (RuntimeException e) {
            throw new OperatorFailure(node.name(), subtask, parallelism, produced, e);
        }
        split.emitted++;
        if (split.idle) {
            split.idle = false;
            watermarkDirty = true;
        }
        numRecordsOut++;
        first.accept(row);
    }

    /** Minimum over non-idle splits; with none active the subtask is idle and stops holding back downstream. */
    private void updateWatermark() {
        watermarkDirty = false;
        long min = Long.MAX_VALUE;
        boolean anyActive = false;
        for (SplitOutput s : outputs.values()) {
            if (!s.idle) {
                anyActive = true;
                min = Math.min(min, s.watermark);
            }
        }
        if (!anyActive) {
            if (!idle && exchange != null) {
                exchange.idle();
            }
            idle = true;
            return;
        }
        idle = false;
        if (min > emittedWatermark) {
            emittedWatermark = min;
            first.watermark(min);
        }
    }

    /** Where one split's rows go; tracks that split's watermark and idleness. */
    private final class SplitOutput implements SourceOutput {
        long watermark = Long.MIN_VALUE;
        boolean idle;
        long emitted;
        long emittedAtLastCheck;
        long lastActiveNanos = System.nanoTime();
        /** Created by the reader (not only pre-registered when the split was assigned). */
        boolean requested;

        @Override
        public void collect(Row row) {
            emit(row, this);
        }

        @Override
        public void collect(Row row, long timestampMillis) {
            emit(row, this);
        }

        @Override
        public void emitWatermark(long watermarkMillis) {
            if (watermarkMillis > watermark) {
                watermark = watermarkMillis;
                watermarkDirty = true;
            }
        }

        @Override
        public void markIdle() {
            if (!idle) {
                idle = true;
                watermarkDirty = true;
            }
        }

        @Override
        public void markActive() {
            if (idle) {
                idle = false;
                watermarkDirty = true;
            }
        }
    }

    /**
     * The reader's output. Readers that emit through it directly (not per split) get one watermark
     * for the whole subtask: the pre-registered split outputs they never asked for are dropped.
     */
    private final class MainOutput implements ReaderOutput {
        private SplitOutput main() {
            if (mainOutput == null) {
                for (Iterator<SplitOutput> it = outputs.values().iterator(); it.hasNext(); ) {
                    if (!it.next().requested) {
                        it.remove();
                    }
                }
                mainOutput = new SplitOutput();
                mainOutput.requested = true;
                outputs.put("", mainOutput);
            }
            return mainOutput;
        }

        @Override
        public void collect(Row row) {
            emit(row, main());
        }

        @Override
        public void collect(Row row, long timestampMillis) {
            emit(row, main());
        }

        @Override
        public void emitWatermark(long watermarkMillis) {
            main().emitWatermark(watermarkMillis);
        }

        @Override
        public void markIdle() {
            main().markIdle();
        }

        @Override
        public void markActive() {
            main().markActive();
        }

        @Override
        public SourceOutput createOutputForSplit(String splitId) {
            SplitOutput out = outputs.computeIfAbsent(splitId, id -> new SplitOutput());
            out.requested = true;
            return out;
        }

        @Override
        public void releaseOutputForSplit(String splitId) {
            if (watermarkDirty) {
                // every row of the split was emitted: its last watermark counts before it leaves
                updateWatermark();
            }
            if (outputs.remove(splitId) != null) {
                watermarkDirty = true;
            }
        }
    }
}
