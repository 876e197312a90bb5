package dev.weir.engine.builtin;

import dev.weir.api.data.Row;
import dev.weir.api.io.SimpleVersionedSerializer;
import dev.weir.api.source.Boundedness;
import dev.weir.api.source.InputStatus;
import dev.weir.api.source.ReaderOutput;
import dev.weir.api.source.Source;
import dev.weir.api.source.SourceOutput;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Literal rows ({@code fromValues}, {@code values} in job specs) as a bounded source with one
 * split, so they are checkpointed and restored like any connector's rows.
 */
public final class ValuesSource implements InProcess, Source<ValuesSource.ValuesSplit, List<ValuesSource.ValuesSplit>> {
    private final List<Row> rows;

    public ValuesSource(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    /** The one split, with the index of the next row to emit. */
    public record ValuesSplit(int position) implements SourceSplit {
        @Override
        public String splitId() {
            return "values";
        }
    }

    @Override
    public Boundedness boundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SplitEnumerator<ValuesSplit, List<ValuesSplit>> createEnumerator(SplitEnumeratorContext<ValuesSplit> context) {
        return new Enumerator(context, new ArrayList<>(List.of(new ValuesSplit(0))));
    }

    @Override
    public SplitEnumerator<ValuesSplit, List<ValuesSplit>> restoreEnumerator(SplitEnumeratorContext<ValuesSplit> context,
                                                                           List<ValuesSplit> checkpoint) {
        return new Enumerator(context, new ArrayList<>(checkpoint));
    }

    @Override
    public SourceReader<ValuesSplit> createReader(SourceReaderContext context) {
        return new Reader(rows);
    }

    @Override
    public SimpleVersionedSerializer<ValuesSplit> splitSerializer() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int version() {
                return 1;
            }

            @Override
            public byte[] serialize(ValuesSplit value) {
                return new byte[]{(byte) (value.position >>> 24), (byte) (value.position >>> 16),
                        (byte) (value.position >>> 8), (byte) value.position};
            }

            @Override
            public ValuesSplit deserialize(int version, byte[] b) {
                return new ValuesSplit(((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF));
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
            public byte[] serialize(List<ValuesSplit> value) throws IOException {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(bytes);
                out.writeInt(value.size());
                for (ValuesSplit s : value) {
                    out.writeInt(s.position);
                }
                return bytes.toByteArray();
            }

            @Override
            public List<ValuesSplit> deserialize(int version, byte[] serialized) throws IOException {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
                List<ValuesSplit> splits = new ArrayList<>();
                for (int n = in.readInt(); n > 0; n--) {
                    splits.add(new ValuesSplit(in.readInt()));
                }
                return splits;
            }
        };
    }

    /** Gives the split to the first reader; every reader then gets no more splits. */
    private static final class Enumerator implements SplitEnumerator<ValuesSplit, List<ValuesSplit>> {
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
        }

        @Override
        public void addReader(int subtaskId) {
            if (!unassigned.isEmpty()) {
                context.assignSplits(Map.of(subtaskId, List.copyOf(unassigned)));
                unassigned.clear();
            }
            context.signalNoMoreSplits(subtaskId);
        }

        @Override
        public List<ValuesSplit> snapshotState(long checkpointId) {
            return List.copyOf(unassigned);
        }
    }

    private static final class Reader implements SourceReader<ValuesSplit> {
        private final List<Row> rows;
        private final ArrayDeque<ValuesSplit> splits = new ArrayDeque<>();
        private int position = -1;
        private SourceOutput splitOutput;
        private boolean noMoreSplits;
        private CompletableFuture<Void> available = new CompletableFuture<>();

        Reader(List<Row> rows) {
            this.rows = rows;
        }

        @Override
        public void start() {
        }

        @Override
        public InputStatus pollNext(ReaderOutput output) {
            if (position < 0) {
                if (splits.isEmpty()) {
                    return noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
                }
                position = splits.poll().position();
                splitOutput = output.createOutputForSplit("values");
            }
            if (position < rows.size()) {
                splitOutput.collect(rows.get(position++).copy());
            }
            if (position >= rows.size()) {
                output.releaseOutputForSplit("values");
                position = -1;
                return splits.isEmpty() && noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
            }
            return InputStatus.MORE_AVAILABLE;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            if (position >= 0 || !splits.isEmpty() || noMoreSplits) {
                return CompletableFuture.completedFuture(null);
            }
            if (available.isDone()) {
                available = new CompletableFuture<>();
            }
            return available;
        }

        @Override
        public void addSplits(List<ValuesSplit> newSplits) {
            splits.addAll(newSplits);
            available.complete(null);
        }

        @Override
        public void notifyNoMoreSplits() {
            noMoreSplits = true;
            available.complete(null);
        }

        @Override
        public List<ValuesSplit> snapshotState(long checkpointId) {
            List<ValuesSplit> state = new ArrayList<>();
            if (position >= 0) {
                state.add(new ValuesSplit(position));
            }
            state.addAll(splits);
            return state;
        }

        @Override
        public void close() {
        }
    }
}
