package dev.weir.engine.builtin;

import dev.weir.api.data.Row;
import dev.weir.api.io.SimpleVersionedSerializer;
import dev.weir.api.source.Boundedness;
import dev.weir.api.source.SequentialSplitReader;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /** Emits the rows in order, a batch per poll; the split's position is the next row. */
    private static final class Reader extends SequentialSplitReader<ValuesSplit> {
        private static final int MAX_ROWS_PER_POLL = 1024;
        private final List<Row> rows;
        private int position;

        Reader(List<Row> rows) {
            this.rows = rows;
        }

        @Override
        public void start() {
        }

        @Override
        protected void openSplit(ValuesSplit split) {
            position = split.position();
        }

        @Override
        protected Progress emitBatch(SourceOutput output) {
            int end = Math.min(rows.size(), position + MAX_ROWS_PER_POLL);
            while (position < end) {
                output.collect(rows.get(position++).copy());
            }
            return position >= rows.size() ? Progress.FINISHED : Progress.MORE;
        }

        @Override
        protected ValuesSplit currentPosition() {
            return new ValuesSplit(position);
        }
    }
}
