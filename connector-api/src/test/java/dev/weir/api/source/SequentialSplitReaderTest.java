package dev.weir.api.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.data.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SequentialSplitReaderTest {
    /** A split of the numbers [next, end). */
    record Range(String splitId, int next, int end) implements SourceSplit {
    }

    /** Emits two numbers per poll; waits on a gate before each batch while the gate is set. */
    static final class RangeReader extends SequentialSplitReader<Range> {
        Range current;
        int next;
        CompletableFuture<Void> gate;
        final List<String> finished = new ArrayList<>();

        @Override
        public void start() {
        }

        @Override
        protected void openSplit(Range split) {
            current = split;
            next = split.next();
        }

        @Override
        protected Progress emitBatch(SourceOutput output) {
            if (gate != null && !gate.isDone()) {
                waitFor(gate);
                return Progress.WAITING;
            }
            for (int i = 0; i < 2 && next < current.end(); i++) {
                output.collect(Row.of(next++));
            }
            return next >= current.end() ? Progress.FINISHED : Progress.MORE;
        }

        @Override
        protected Range currentPosition() {
            return new Range(current.splitId(), next, current.end());
        }

        @Override
        protected void onSplitFinished() {
            finished.add(current.splitId());
        }
    }

    /** Collects rows per split and records which split outputs are open. */
    static final class RecordingOutput implements ReaderOutput {
        final List<String> rows = new ArrayList<>();
        final List<String> open = new ArrayList<>();

        @Override
        public SourceOutput createOutputForSplit(String splitId) {
            open.add(splitId);
            return new SourceOutput() {
                @Override
                public void collect(Row row) {
                    rows.add(splitId + ":" + row.getField(0));
                }

                @Override
                public void collect(Row row, long timestampMillis) {
                    collect(row);
                }

                @Override
                public void emitWatermark(long watermarkMillis) {
                }

                @Override
                public void markIdle() {
                }

                @Override
                public void markActive() {
                }
            };
        }

        @Override
        public void releaseOutputForSplit(String splitId) {
            open.remove(splitId);
        }

        @Override
        public void collect(Row row) {
            throw new AssertionError("rows go through split outputs");
        }

        @Override
        public void collect(Row row, long timestampMillis) {
            collect(row);
        }

        @Override
        public void emitWatermark(long watermarkMillis) {
        }

        @Override
        public void markIdle() {
        }

        @Override
        public void markActive() {
        }
    }

    @Test
    void readsSplitsInTurnThroughTheirOwnOutputsAndSnapshotsPositions() throws Exception {
        RangeReader reader = new RangeReader();
        RecordingOutput output = new RecordingOutput();

        assertThat(reader.pollNext(output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        CompletableFuture<Void> waiting = reader.isAvailable();
        assertThat(waiting).isNotDone();

        reader.addSplits(List.of(new Range("a", 0, 3), new Range("b", 10, 11)));
        assertThat(waiting).isDone();
        assertThat(reader.pollNext(output)).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(output.open).containsExactly("a");
        assertThat(reader.snapshotState(1)).containsExactly(new Range("a", 2, 3), new Range("b", 10, 11));

        reader.pollNext(output);
        assertThat(output.open).isEmpty();
        assertThat(reader.finished).containsExactly("a");
        assertThat(reader.snapshotState(2)).containsExactly(new Range("b", 10, 11));

        reader.pollNext(output);
        assertThat(reader.pollNext(output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        reader.notifyNoMoreSplits();
        assertThat(reader.pollNext(output)).isEqualTo(InputStatus.END_OF_INPUT);
        assertThat(output.rows).containsExactly("a:0", "a:1", "a:2", "b:10");
    }

    @Test
    void waitingHandsTheSubclassFutureToTheEngine() throws Exception {
        RangeReader reader = new RangeReader();
        RecordingOutput output = new RecordingOutput();
        reader.gate = new CompletableFuture<>();
        reader.addSplits(List.of(new Range("a", 0, 1)));

        assertThat(reader.pollNext(output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(reader.isAvailable()).isSameAs(reader.gate);

        reader.gate.complete(null);
        assertThat(reader.pollNext(output)).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(output.rows).containsExactly("a:0");
    }
}
