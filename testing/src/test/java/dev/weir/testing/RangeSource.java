package dev.weir.testing;

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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A small pull-based source for the driver's own tests: split i holds the numbers
 * [i * size, (i + 1) * size); readers emit up to 7 per poll and ask for a split when idle. The
 * enumerator hands out splits only after a delayed callAsync, so readers really wait. A
 * {@link Fault} makes it break one SPI rule.
 */
final class RangeSource implements Source<RangeSource.Range, List<RangeSource.Range>> {
    enum Fault { NONE, NEVER_WAKES_READER, ASSIGNS_OFF_THREAD, ENDS_WITHOUT_NO_MORE_SPLITS }

    record Range(int number, long next, long end) implements SourceSplit {
        @Override
        public String splitId() {
            return "range-" + number;
        }
    }

    private final int splits;
    private final int size;
    private final Fault fault;
    /** Something that must travel with the source; not serializable in one test. */
    private final Object payload;

    RangeSource(int splits, int size, Fault fault, Object payload) {
        this.splits = splits;
        this.size = size;
        this.fault = fault;
        this.payload = payload;
    }

    RangeSource(int splits, int size, Fault fault) {
        this(splits, size, fault, "payload");
    }

    @Override
    public Boundedness boundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SplitEnumerator<Range, List<Range>> createEnumerator(SplitEnumeratorContext<Range> context) {
        List<Range> all = new ArrayList<>();
        for (int i = 0; i < splits; i++) {
            all.add(new Range(i, (long) i * size, (long) (i + 1) * size));
        }
        return new Enumerator(context, all);
    }

    @Override
    public SplitEnumerator<Range, List<Range>> restoreEnumerator(SplitEnumeratorContext<Range> context,
                                                                 List<Range> checkpoint) {
        return new Enumerator(context, checkpoint);
    }

    @Override
    public SourceReader<Range> createReader(SourceReaderContext context) {
        return new Reader(context);
    }

    @Override
    public SimpleVersionedSerializer<Range> splitSerializer() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int version() {
                return 1;
            }

            @Override
            public byte[] serialize(Range range) throws IOException {
                return RangeSource.serialize(List.of(range));
            }

            @Override
            public Range deserialize(int version, byte[] serialized) throws IOException {
                return RangeSource.deserialize(serialized).get(0);
            }
        };
    }

    @Override
    public SimpleVersionedSerializer<List<Range>> enumeratorStateSerializer() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int version() {
                return 1;
            }

            @Override
            public byte[] serialize(List<Range> ranges) throws IOException {
                return RangeSource.serialize(ranges);
            }

            @Override
            public List<Range> deserialize(int version, byte[] serialized) throws IOException {
                return RangeSource.deserialize(serialized);
            }
        };
    }

    private static byte[] serialize(List<Range> ranges) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(ranges.size());
        for (Range r : ranges) {
            out.writeInt(r.number());
            out.writeLong(r.next());
            out.writeLong(r.end());
        }
        return bytes.toByteArray();
    }

    private static List<Range> deserialize(byte[] serialized) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
        List<Range> ranges = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            ranges.add(new Range(in.readInt(), in.readLong(), in.readLong()));
        }
        return ranges;
    }

    private final class Enumerator implements SplitEnumerator<Range, List<Range>> {
        private final SplitEnumeratorContext<Range> context;
        private final ArrayDeque<Range> unassigned;

        Enumerator(SplitEnumeratorContext<Range> context, List<Range> unassigned) {
            this.context = context;
            this.unassigned = new ArrayDeque<>(unassigned);
        }

        @Override
        public void start() {
        }

        @Override
        public void handleSplitRequest(int subtaskId) {
            if (fault == Fault.ASSIGNS_OFF_THREAD) {
                context.callAsync(() -> {
                    context.assignSplit(unassigned.poll(), subtaskId);
                    return null;
                }, (ignored, error) -> {
                    if (error != null) {
                        throw new IllegalStateException(error);
                    }
                });
                return;
            }
            context.callAsync(() -> null, (ignored, error) -> {
                Range next = unassigned.poll();
                if (next != null) {
                    context.assignSplit(next, subtaskId);
                } else {
                    context.signalNoMoreSplits(subtaskId);
                }
            }, 20, 0);
        }

        @Override
        public void addSplitsBack(List<Range> ranges, int subtaskId) {
            unassigned.addAll(ranges);
        }

        @Override
        public void addReader(int subtaskId) {
        }

        @Override
        public List<Range> snapshotState(long checkpointId) {
            return List.copyOf(unassigned);
        }

        @Override
        public void close() {
        }
    }

    private final class Reader implements SourceReader<Range> {
        private final SourceReaderContext context;
        private final ArrayDeque<Range> queued = new ArrayDeque<>();
        private CompletableFuture<Void> available = new CompletableFuture<>();
        private Range current;
        private long next;
        private boolean noMoreSplits;

        Reader(SourceReaderContext context) {
            this.context = context;
        }

        @Override
        public void start() {
            context.sendSplitRequest();
        }

        @Override
        public InputStatus pollNext(ReaderOutput output) {
            if (current == null) {
                current = queued.poll();
                if (current == null) {
                    if (noMoreSplits || fault == Fault.ENDS_WITHOUT_NO_MORE_SPLITS) {
                        return InputStatus.END_OF_INPUT;
                    }
                    available = new CompletableFuture<>();
                    return InputStatus.NOTHING_AVAILABLE;
                }
                next = current.next();
            }
            for (int i = 0; i < 7 && next < current.end(); i++) {
                output.createOutputForSplit(current.splitId()).collect(Row.of(next++, payload.toString()));
            }
            if (next == current.end()) {
                output.releaseOutputForSplit(current.splitId());
                current = null;
                context.sendSplitRequest();
            }
            return InputStatus.MORE_AVAILABLE;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return available;
        }

        @Override
        public void addSplits(List<Range> ranges) {
            queued.addAll(ranges);
            if (fault != Fault.NEVER_WAKES_READER) {
                available.complete(null);
            }
        }

        @Override
        public void notifyNoMoreSplits() {
            noMoreSplits = true;
            available.complete(null);
        }

        @Override
        public List<Range> snapshotState(long checkpointId) {
            List<Range> state = new ArrayList<>();
            if (current != null) {
                state.add(new Range(current.number(), next, current.end()));
            }
            state.addAll(queued);
            return state;
        }

        @Override
        public void close() {
        }
    }
}
