package dev.weir.engine.testing;

import dev.weir.api.data.Row;
import dev.weir.api.io.SimpleVersionedSerializer;
import dev.weir.api.source.Boundedness;
import dev.weir.api.source.InputStatus;
import dev.weir.api.source.ReaderOutput;
import dev.weir.api.source.Source;
import dev.weir.api.source.SourceReader;
import dev.weir.api.source.SourceReaderContext;
import dev.weir.api.source.SourceSplit;
import dev.weir.api.source.SplitEnumerator;
import dev.weir.api.source.SplitEnumeratorContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * An in-memory multi-split source. Split i is assigned to subtask i % parallelism. Each pollNext
 * emits one row, cycling over the splits, through per-split outputs. Bounded: a split is released
 * when done and the reader ends. Unbounded: a finished split is marked idle and the reader never ends.
 */
public final class TestSource implements Source<TestSource.Split, List<TestSource.Split>> {
    private final String dataName;
    private final boolean bounded;
    private final boolean splitMetadata;

    TestSource(String dataName, boolean bounded, boolean splitMetadata) {
        this.dataName = dataName;
        this.bounded = bounded;
        this.splitMetadata = splitMetadata;
    }

    public record Split(String splitId, int index, int position) implements SourceSplit {
    }

    @Override
    public Boundedness boundedness() {
        return bounded ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<Split, List<Split>> createEnumerator(SplitEnumeratorContext<Split> context) {
        List<Split> all = new ArrayList<>();
        for (int i = 0; i < TestData.get(dataName).splits.size(); i++) {
            all.add(new Split("split-" + i, i, 0));
        }
        return new Enumerator(context, all);
    }

    @Override
    public SplitEnumerator<Split, List<Split>> restoreEnumerator(SplitEnumeratorContext<Split> context, List<Split> checkpoint) {
        return new Enumerator(context, new ArrayList<>(checkpoint));
    }

    @Override
    public SourceReader<Split> createReader(SourceReaderContext context) {
        Reader reader = new Reader(TestData.get(dataName), bounded, splitMetadata);
        context.metrics().gauge("pendingRecords", reader::pendingRecords);
        return reader;
    }

    @Override
    public SimpleVersionedSerializer<Split> splitSerializer() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int version() {
                return 1;
            }

            @Override
            public byte[] serialize(Split s) {
                return (s.splitId() + "," + s.index() + "," + s.position()).getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public Split deserialize(int version, byte[] bytes) {
                String[] p = new String(bytes, StandardCharsets.UTF_8).split(",");
                return new Split(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]));
            }
        };
    }

    @Override
    public SimpleVersionedSerializer<List<Split>> enumeratorStateSerializer() {
        SimpleVersionedSerializer<Split> splits = splitSerializer();
        return new SimpleVersionedSerializer<>() {
            @Override
            public int version() {
                return 1;
            }

            @Override
            public byte[] serialize(List<Split> value) throws java.io.IOException {
                List<String> parts = new ArrayList<>();
                for (Split s : value) {
                    parts.add(new String(splits.serialize(s), StandardCharsets.UTF_8));
                }
                return String.join(";", parts).getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public List<Split> deserialize(int version, byte[] bytes) throws java.io.IOException {
                List<Split> out = new ArrayList<>();
                String text = new String(bytes, StandardCharsets.UTF_8);
                if (!text.isEmpty()) {
                    for (String s : text.split(";")) {
                        out.add(splits.deserialize(1, s.getBytes(StandardCharsets.UTF_8)));
                    }
                }
                return out;
            }
        };
    }

    private static final class Enumerator implements SplitEnumerator<Split, List<Split>> {
        private final SplitEnumeratorContext<Split> context;
        private final List<Split> unassigned;

        Enumerator(SplitEnumeratorContext<Split> context, List<Split> unassigned) {
            this.context = context;
            this.unassigned = unassigned;
        }

        @Override
        public void start() {
        }

        @Override
        public void handleSplitRequest(int subtaskId) {
        }

        @Override
        public void addSplitsBack(List<Split> splits, int subtaskId) {
            unassigned.addAll(splits);
        }

        @Override
        public void addReader(int subtaskId) {
            List<Split> mine = unassigned.stream().filter(s -> s.index() % context.currentParallelism() == subtaskId).toList();
            unassigned.removeAll(mine);
            if (!mine.isEmpty()) {
                context.assignSplits(Map.of(subtaskId, mine));
            }
            context.signalNoMoreSplits(subtaskId);
        }

        @Override
        public List<Split> snapshotState(long checkpointId) {
            return List.copyOf(unassigned);
        }
    }

    private static final class Reader implements SourceReader<Split> {
        private final TestData data;
        private final boolean bounded;
        private final List<Split> splits = new ArrayList<>();
        private final Set<String> idle = new HashSet<>();
        private final Set<String> paused = new HashSet<>();
        private final java.util.concurrent.atomic.AtomicLong pending = new java.util.concurrent.atomic.AtomicLong();
        private boolean noMoreSplits;
        private int next;
        private CompletableFuture<Void> available = new CompletableFuture<>();

        private final boolean splitMetadata;

        Reader(TestData data, boolean bounded, boolean splitMetadata) {
            this.data = data;
            this.bounded = bounded;
            this.splitMetadata = splitMetadata;
        }

        @Override
        public void start() {
        }

        /** Rows of the assigned splits not yet emitted: the source's lag (read by the metrics thread). */
        long pendingRecords() {
            return pending.get();
        }

        @Override
        public InputStatus pollNext(ReaderOutput output) {
            for (int tried = 0; tried < splits.size(); tried++) {
                int i = next++ % splits.size();
                Split split = splits.get(i);
                List<Row> rows = data.splits.get(split.index());
                if (split.position() >= rows.size()) {
                    if (bounded) {
                        output.releaseOutputForSplit(split.splitId());
                        splits.remove(i);
                        return splits.isEmpty() && noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
                    }
                    if (data.idleWhenDrained && idle.add(split.splitId())) {
                        output.createOutputForSplit(split.splitId()).markIdle();
                    }
                    continue;
                }
                if (split.position() == data.pauseAt) {
                    if (paused.add(split.splitId())) {
                        data.pausedSplits.incrementAndGet();
                    }
                    continue;
                }
                if (paused.remove(split.splitId())) {
                    data.pausedSplits.decrementAndGet();
                }
                Row row = rows.get(split.position());
                if (splitMetadata) {
                    Object[] values = java.util.Arrays.copyOf(row.values().toArray(), row.arity() + 1);
                    values[row.arity()] = split.splitId();
                    row = Row.of(values);
                }
                output.createOutputForSplit(split.splitId()).collect(row.copy());
                data.rowsEmitted.incrementAndGet();
                pending.decrementAndGet();
                splits.set(i, new Split(split.splitId(), split.index(), split.position() + 1));
                return InputStatus.MORE_AVAILABLE;
            }
            if (splits.isEmpty() && noMoreSplits && bounded) {
                return InputStatus.END_OF_INPUT;
            }
            return InputStatus.NOTHING_AVAILABLE;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            if (data.pauseAt >= 0 && !splits.isEmpty()) {
                return data.resumed;
            }
            if (!bounded && !splits.isEmpty()) {
                // every split is drained: wait for rows appended by the test
                return data.appended;
            }
            return splits.isEmpty() && !noMoreSplits ? available : CompletableFuture.completedFuture(null);
        }

        @Override
        public void addSplits(List<Split> newSplits) {
            splits.addAll(newSplits);
            newSplits.forEach(s -> pending.addAndGet(data.splits.get(s.index()).size() - s.position()));
            available.complete(null);
            available = new CompletableFuture<>();
        }

        @Override
        public void notifyNoMoreSplits() {
            noMoreSplits = true;
            available.complete(null);
            available = new CompletableFuture<>();
        }

        @Override
        public List<Split> snapshotState(long checkpointId) {
            return List.copyOf(splits);
        }

        @Override
        public void close() {
        }
    }
}
