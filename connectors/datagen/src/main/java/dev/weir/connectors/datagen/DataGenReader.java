package dev.weir.connectors.datagen;

import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.api.source.SequentialSplitReader;
import dev.weir.api.source.SourceOutput;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Generates its splits' rows, up to {@link #MAX_ROWS_PER_POLL} per call, never blocking: when ahead
 * of the rate it waits on a future that a timer completes. The rate limiter lets a reader catch up at most one second of rows after a pause.
 */
final class DataGenReader extends SequentialSplitReader<DataGenSplit> {
    static final int MAX_ROWS_PER_POLL = 2048;

    private final List<FieldSpec> fields;
    /** For the timeline, which spaces rows by the global rate. */
    private final double nanosPerRow;
    /** This reader's share of the rate. */
    private final double rowsPerNano;
    private final double burstRows;

    private ValueGenerator[] generators;
    private long generatorsReferenceMillis;
    private DataGenSplit current;
    private long nextIndex;
    private long rateStartNanos = -1;
    private double rowsCharged;

    DataGenReader(List<FieldSpec> fields, long rowsPerSecond, int parallelism) {
        this.fields = fields;
        this.nanosPerRow = 1e9 / rowsPerSecond;
        double share = (double) rowsPerSecond / parallelism;
        this.rowsPerNano = share / 1e9;
        this.burstRows = Math.max(1, share);
    }

    @Override
    public void start() {
    }

    @Override
    protected void openSplit(DataGenSplit split) {
        current = split;
        nextIndex = split.nextIndex();
        if (generators == null || generatorsReferenceMillis != split.referenceEpochMillis()) {
            Timeline timeline = new Timeline(split.referenceEpochMillis(), nanosPerRow);
            generators = fields.stream().map(f -> f.newGenerator(timeline)).toArray(ValueGenerator[]::new);
            generatorsReferenceMillis = split.referenceEpochMillis();
        }
    }

    @Override
    protected Progress emitBatch(SourceOutput out) {
        if (nextIndex >= current.endIndex()) {
            return Progress.FINISHED;
        }
        int budget = rateBudget();
        if (budget == 0) {
            return Progress.WAITING;
        }
        ValueGenerator[] gens = generators;
        long index = nextIndex;
        long stride = current.stride();
        long end = current.endIndex();
        for (int emitted = 0; emitted < budget && index < end; emitted++) {
            Object[] values = new Object[gens.length];
            for (int f = 0; f < gens.length; f++) {
                values[f] = gens[f].generate(index);
            }
            out.collect(new Row(RowKind.INSERT, values));
            index += stride;
        }
        rowsCharged += (index - nextIndex) / stride;
        nextIndex = index;
        return index >= end ? Progress.FINISHED : Progress.MORE;
    }

    /** Rows that may be emitted now; 0 after arming a timer that makes the reader available again. */
    private int rateBudget() {
        long now = System.nanoTime();
        if (rateStartNanos < 0) {
            rateStartNanos = now;
        }
        double allowed = (now - rateStartNanos) * rowsPerNano + 1;
        double credit = allowed - rowsCharged;
        if (credit > burstRows) {
            rowsCharged = allowed - burstRows;
            credit = burstRows;
        }
        if (credit >= 1) {
            return (int) Math.min(MAX_ROWS_PER_POLL, credit);
        }
        long waitNanos = (long) ((1 - credit) / rowsPerNano) + 1;
        CompletableFuture<Void> timer = new CompletableFuture<>();
        timer.completeAsync(() -> null, CompletableFuture.delayedExecutor(waitNanos, TimeUnit.NANOSECONDS));
        waitFor(timer);
        return 0;
    }

    @Override
    protected DataGenSplit currentPosition() {
        return current.at(nextIndex);
    }
}
