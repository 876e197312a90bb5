package dev.weir.connectors.datagen;

import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.api.source.InputStatus;
import dev.weir.api.source.ReaderOutput;
import dev.weir.api.source.SourceOutput;
import dev.weir.api.source.SourceReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Generates its splits' rows, up to {@link #MAX_ROWS_PER_POLL} per call, never blocking: when ahead
 * of the rate it returns NOTHING_AVAILABLE with an {@link #isAvailable()} future that a timer
 * completes. The rate limiter lets a reader catch up at most one second of rows after a pause.
 */
final class DataGenReader implements SourceReader<DataGenSplit> {
    static final int MAX_ROWS_PER_POLL = 2048;
    private static final CompletableFuture<Void> AVAILABLE = CompletableFuture.completedFuture(null);

    private final List<FieldSpec> fields;
    /** For the timeline, which spaces rows by the global rate. */
    private final double nanosPerRow;
    /** This reader's share of the rate. */
    private final double rowsPerNano;
    private final double burstRows;
    private final ArrayDeque<DataGenSplit> queued = new ArrayDeque<>();

    private ValueGenerator[] generators;
    private long generatorsReferenceMillis;
    private DataGenSplit current;
    private SourceOutput currentOutput;
    private long nextIndex;
    private boolean noMoreSplits;
    private CompletableFuture<Void> available = AVAILABLE;
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
    public InputStatus pollNext(ReaderOutput output) {
        if (current == null && !takeNextSplit(output)) {
            if (noMoreSplits) {
                return InputStatus.END_OF_INPUT;
            }
            available = new CompletableFuture<>();
            return InputStatus.NOTHING_AVAILABLE;
        }
        int budget = rateBudget();
        if (budget == 0) {
            return InputStatus.NOTHING_AVAILABLE;
        }
        emit(budget);
        if (nextIndex >= current.endIndex()) {
            output.releaseOutputForSplit(current.splitId());
            current = null;
        }
        return InputStatus.MORE_AVAILABLE;
    }

    private void emit(int budget) {
        ValueGenerator[] gens = generators;
        SourceOutput out = currentOutput;
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
        available = timer;
        return 0;
    }

    private boolean takeNextSplit(ReaderOutput output) {
        current = queued.poll();
        if (current == null) {
            return false;
        }
        nextIndex = current.nextIndex();
        currentOutput = output.createOutputForSplit(current.splitId());
        if (generators == null || generatorsReferenceMillis != current.referenceEpochMillis()) {
            Timeline timeline = new Timeline(current.referenceEpochMillis(), nanosPerRow);
            generators = fields.stream().map(f -> f.newGenerator(timeline)).toArray(ValueGenerator[]::new);
            generatorsReferenceMillis = current.referenceEpochMillis();
        }
        return true;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(List<DataGenSplit> splits) {
        queued.addAll(splits);
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public List<DataGenSplit> snapshotState(long checkpointId) {
        List<DataGenSplit> splits = new ArrayList<>(queued.size() + 1);
        if (current != null) {
            splits.add(current.at(nextIndex));
        }
        splits.addAll(queued);
        return splits;
    }

    @Override
    public void close() {
    }
}
