package dev.weir.testing;

import dev.weir.api.data.Row;
import dev.weir.api.source.ReaderOutput;
import dev.weir.api.source.SourceOutput;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The {@link ReaderOutput} a {@link SourceDriver} hands to each reader; usable on its own to call a
 * reader's {@code pollNext} directly. Copies every row it keeps, records watermarks per split, and
 * rejects emitting through a split output after it was released. Not thread-safe: readers emit from
 * the one thread that polls them.
 */
public final class CollectingReaderOutput implements ReaderOutput {
    private final int subtask;
    private final boolean keepRows;
    private final List<EmittedRecord> records = new ArrayList<>();
    private final Map<String, SplitOutput> splitOutputs = new LinkedHashMap<>();
    private final Map<String, Long> watermarks = new LinkedHashMap<>();
    private long count;

    /** @param keepRows false to only count rows, for runs too large to hold in memory */
    public CollectingReaderOutput(int subtask, boolean keepRows) {
        this.subtask = subtask;
        this.keepRows = keepRows;
    }

    @Override
    public void collect(Row row) {
        add(null, row, OptionalLong.empty());
    }

    @Override
    public void collect(Row row, long timestampMillis) {
        add(null, row, OptionalLong.of(timestampMillis));
    }

    @Override
    public void emitWatermark(long watermarkMillis) {
        watermarks.merge("", watermarkMillis, Math::max);
    }

    @Override
    public void markIdle() {
    }

    @Override
    public void markActive() {
    }

    @Override
    public SourceOutput createOutputForSplit(String splitId) {
        return splitOutputs.computeIfAbsent(splitId, SplitOutput::new);
    }

    @Override
    public void releaseOutputForSplit(String splitId) {
        SplitOutput released = splitOutputs.remove(splitId);
        if (released != null) {
            released.released = true;
        }
    }

    /** Rows emitted so far, in order (empty when created with keepRows false). */
    public List<EmittedRecord> records() {
        return Collections.unmodifiableList(records);
    }

    /** Rows emitted so far, counted even when not kept. */
    public long count() {
        return count;
    }

    /** Split outputs created and not yet released. */
    public Set<String> activeSplitOutputs() {
        return Collections.unmodifiableSet(splitOutputs.keySet());
    }

    /** The highest watermark per split id ("" for the reader's main output). */
    public Map<String, Long> watermarks() {
        return Collections.unmodifiableMap(watermarks);
    }

    private void add(String splitId, Row row, OptionalLong timestamp) {
        count++;
        if (keepRows) {
            records.add(new EmittedRecord(subtask, splitId, row.copy(), timestamp));
        }
    }

    private final class SplitOutput implements SourceOutput {
        private final String splitId;
        private boolean released;

        SplitOutput(String splitId) {
            this.splitId = splitId;
        }

        @Override
        public void collect(Row row) {
            checkNotReleased();
            add(splitId, row, OptionalLong.empty());
        }

        @Override
        public void collect(Row row, long timestampMillis) {
            checkNotReleased();
            add(splitId, row, OptionalLong.of(timestampMillis));
        }

        @Override
        public void emitWatermark(long watermarkMillis) {
            checkNotReleased();
            watermarks.merge(splitId, watermarkMillis, Math::max);
        }

        @Override
        public void markIdle() {
        }

        @Override
        public void markActive() {
        }

        private void checkNotReleased() {
            if (released) {
                throw new IllegalStateException("Subtask " + subtask + " emitted through the output of split '"
                        + splitId + "' after releasing it");
            }
        }
    }
}
