package dev.weir.testing.values;

import dev.weir.api.data.Row;
import dev.weir.api.io.SimpleVersionedSerializer;
import dev.weir.api.source.Boundedness;
import dev.weir.api.source.InputStatus;
import dev.weir.api.source.ReaderOutput;
import dev.weir.api.source.SourceReader;
import dev.weir.api.source.SourceReaderContext;
import dev.weir.api.source.SourceSplit;
import dev.weir.api.source.SplitEnumerator;
import dev.weir.api.source.SplitEnumeratorContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The 'values' source: split i reads the i-th registered list from its position on. */
final class ValuesSource implements dev.weir.api.source.Source<ValuesSource.ValuesSplit, List<ValuesSource.ValuesSplit>> {

    /** How soon an unbounded reader with nothing to read looks for appended rows again. */
    private static final long APPEND_POLL_MILLIS = 10;

    private final String dataId;
    private final int splits;
    private final boolean bounded;
    private final long failAfterRows;

    ValuesSource(String dataId, int splits, boolean bounded, long failAfterRows) {
        this.dataId = dataId;
        this.splits = splits;
        this.bounded = bounded;
        this.failAfterRows = failAfterRows;
    }

    /** @param position index of the next row to emit */
    record ValuesSplit(int index, int position) implements SourceSplit {
        @Override
        public String splitId() {
            return "split-" + index;
        }
    }

    @Override
    public Boundedness boundedness() {
        return bounded ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<ValuesSplit, List<ValuesSplit>> createEnumerator(SplitEnumeratorContext<ValuesSplit> context) {
        List<ValuesSplit> all = new ArrayList<>();
        for (int i = 0; i < splits; i++) {
            all.add(new ValuesSplit(i, 0));
        }
        return new Enumerator(context, all);
    }

    @Override
    public SplitEnumerator<ValuesSplit, List<ValuesSplit>> restoreEnumerator(SplitEnumeratorContext<ValuesSplit> context,
                                                                           List<ValuesSplit> unassigned) {
        return new Enumerator(context, new ArrayList<>(unassigned));
    }

    @Override
    public SourceReader<ValuesSplit> createReader(SourceReaderContext context) {
        return new Reader();
    }

    @Override
    public SimpleVersionedSerializer<ValuesSplit> splitSerializer() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int version() {
                return 1;
            }

            @Override
            public byte[] serialize(ValuesSplit split) throws IOException {
                return serializeSplits(List.of(split));
            }

            @Override
            public ValuesSplit deserialize(int version, byte[] bytes) throws IOException {
                return deserializeSplits(bytes).get(0);
            }
        };
    }

    @Override
    public SimpleVersionedSerializer<List<ValuesSplit>> enumeratorStateSerializer() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int version() {
                return 1;
            }

            @Override
            public byte[] serialize(List<ValuesSplit> splits) throws IOException {
                return serializeSplits(splits);
            }

            @Override
            public List<ValuesSplit> deserialize(int version, byte[] bytes) throws IOException {
                return deserializeSplits(bytes);
            }
        };
    }

    private static byte[] serializeSplits(List<ValuesSplit> splits) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(splits.size());
        for (ValuesSplit split : splits) {
            out.writeInt(split.index());
            out.writeInt(split.position());
        }
        return bytes.toByteArray();
    }

    private static List<ValuesSplit> deserializeSplits(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        int count = in.readInt();
        List<ValuesSplit> splits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            splits.add(new ValuesSplit(in.readInt(), in.readInt()));
        }
        return splits;
    }

    /** Hands split i to reader i modulo the parallelism, as readers register. */
    private final class Enumerator implements SplitEnumerator<ValuesSplit, List<ValuesSplit>> {
        private final SplitEnumeratorContext<ValuesSplit> context;
        private final List<ValuesSplit> unassigned;

        Enumerator(SplitEnumeratorContext<ValuesSplit> context, List<ValuesSplit> unassigned) {
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
        public void addSplitsBack(List<ValuesSplit> splits, int subtaskId) {
            unassigned.addAll(splits);
            if (context.registeredReaders().contains(subtaskId)) {
                addReader(subtaskId);
            }
        }

        @Override
        public void addReader(int subtaskId) {
            List<ValuesSplit> mine = unassigned.stream()
                    .filter(s -> s.index() % context.currentParallelism() == subtaskId).toList();
            unassigned.removeAll(mine);
            if (!mine.isEmpty()) {
                context.assignSplits(java.util.Map.of(subtaskId, mine));
            }
            if (bounded) {
                context.signalNoMoreSplits(subtaskId);
            }
        }

        @Override
        public List<ValuesSplit> snapshotState(long checkpointId) {
            return List.copyOf(unassigned);
        }
    }

    private final class Reader implements SourceReader<ValuesSplit> {
        private final List<ValuesSplit> splits = new ArrayList<>();
        /** Each pending checkpoint's position per split index, reported to TestValues once it completes. */
        private final Map<Long, Map<Integer, Integer>> pendingCheckpoints = new HashMap<>();
        private boolean noMoreSplits;
        /** Completes when the enumerator sends splits or says there are none: what a drained bounded reader waits for. */
        private CompletableFuture<Void> assignment = new CompletableFuture<>();

        @Override
        public void start() {
        }

        @Override
        public InputStatus pollNext(ReaderOutput output) {
            boolean emitted = false;
            for (int i = 0; i < splits.size(); i++) {
                ValuesSplit split = splits.get(i);
                List<Row> rows = TestValues.splitsOf(dataId).get(split.index());
                if (split.position() < rows.size()) {
                    if (failAfterRows >= 0) {
                        TestValues.failures(dataId).failIfDue(failAfterRows, true,
                                "'values' source " + dataId + " ('source.fail-after-rows' = " + failAfterRows + ")");
                    }
                    output.createOutputForSplit(split.splitId()).collect(rows.get(split.position()).copy());
                    splits.set(i, new ValuesSplit(split.index(), split.position() + 1));
                    emitted = true;
                }
            }
            if (emitted) {
                return InputStatus.MORE_AVAILABLE;
            }
            if (bounded && noMoreSplits) {
                splits.forEach(s -> output.releaseOutputForSplit(s.splitId()));
                return InputStatus.END_OF_INPUT;
            }
            return InputStatus.NOTHING_AVAILABLE;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            if (bounded) {
                // Nothing is appended to a bounded source: only the enumerator can give it more to do.
                return assignment;
            }
            return CompletableFuture.runAsync(() -> { },
                    CompletableFuture.delayedExecutor(APPEND_POLL_MILLIS, TimeUnit.MILLISECONDS));
        }

        @Override
        public void addSplits(List<ValuesSplit> newSplits) {
            splits.addAll(newSplits);
            assignment.complete(null);
            assignment = new CompletableFuture<>();
        }

        @Override
        public void notifyNoMoreSplits() {
            noMoreSplits = true;
            assignment.complete(null);
        }

        @Override
        public List<ValuesSplit> snapshotState(long checkpointId) {
            Map<Integer, Integer> positions = new HashMap<>();
            splits.forEach(split -> positions.put(split.index(), split.position()));
            pendingCheckpoints.put(checkpointId, positions);
            return List.copyOf(splits);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            // Armed first: a test that saw the checkpointed rows may rely on the failure being due.
            TestValues.failures(dataId).checkpointCompleted("checkpoint " + checkpointId);
            Map<Integer, Integer> positions = pendingCheckpoints.get(checkpointId);
            pendingCheckpoints.keySet().removeIf(id -> id <= checkpointId);
            if (positions != null) {
                TestValues.sourceCheckpointed(dataId, positions);
            }
        }

        @Override
        public void close() {
        }
    }
}
