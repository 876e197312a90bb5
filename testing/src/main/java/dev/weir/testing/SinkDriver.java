package dev.weir.testing;

import dev.weir.api.data.Row;
import dev.weir.api.io.SimpleVersionedSerializer;
import dev.weir.api.metrics.InMemoryMetricGroup;
import dev.weir.api.metrics.MetricGroup;
import dev.weir.api.sink.CommitRequest;
import dev.weir.api.sink.Committer;
import dev.weir.api.sink.CommittingSinkWriter;
import dev.weir.api.sink.Sink;
import dev.weir.api.sink.SinkWriter;
import dev.weir.api.sink.SupportsCommitter;
import dev.weir.api.sink.SupportsWriterState;
import dev.weir.api.sink.WriterInitContext;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Runs a {@link Sink} in-process the way an engine does: N writers, and for sinks with
 * {@link SupportsCommitter} one committer that commits what the writers prepared once a checkpoint
 * is complete.
 *
 * <pre>{@code
 * try (SinkDriver driver = SinkDriver.create(sink, 2)) {
 *     driver.writeAll(rows);
 *     SinkCheckpoint checkpoint = driver.checkpoint(1);   // flush(false), prepareCommit(), snapshotState()
 *     driver.notifyCheckpointComplete(1);                 // commits checkpoint 1's committables
 *     driver.write(0, more);
 *     driver.endOfInput();                                // flush(true), prepareCommit(), commit
 * }
 * // after a failure: writers restored from their state, pending committables committed again
 * SinkDriver restored = SinkDriver.restore(sink, 2, checkpoint);
 * }</pre>
 *
 * <p>Every writer and the committer are created from their own serialized copy of the sink, as a
 * distributed engine ships it to each task. Committables and writer states always go through the sink's serializers, so a test also proves
 * they round-trip. A crash is simulated by closing the driver without {@code notifyCheckpointComplete}:
 * whatever was prepared stays uncommitted unless a later {@link #restore} commits it from the checkpoint.
 * Not thread-safe; {@link #writer(int)} gives a test the writers to drive from its own threads.
 */
public final class SinkDriver implements AutoCloseable {
    /** A committable that asks to be retried more often than this fails the commit. */
    private static final int MAX_COMMIT_ATTEMPTS = 10;

    private final Sink sink;
    private final List<SinkWriter> writers = new ArrayList<>();
    private final List<InMemoryMetricGroup> writerMetrics = new ArrayList<>();
    private final CommitterRunner<?> committer;
    /** Committables by the checkpoint that prepared them; end of input uses Long.MAX_VALUE. */
    private final SortedMap<Long, List<SerializedState>> pendingCommittables = new TreeMap<>();
    private CommitOutcome recoveryOutcome = CommitOutcome.NONE;

    private SinkDriver(Sink sink) throws Exception {
        this.sink = sink;
        this.committer = sink instanceof SupportsCommitter<?> committing
                ? CommitterRunner.of(SerializedCopies.copy(committing)) : null;
    }

    /** Creates fresh writers, as on a job's first run. */
    public static SinkDriver create(Sink sink, int parallelism) throws Exception {
        SinkDriver driver = new SinkDriver(sink);
        for (int subtask = 0; subtask < parallelism; subtask++) {
            InMemoryMetricGroup metrics = new InMemoryMetricGroup();
            driver.writerMetrics.add(metrics);
            driver.writers.add(SerializedCopies.copy(sink)
                    .createWriter(new InitContext(subtask, parallelism, 0, OptionalLong.empty(), metrics)));
        }
        return driver;
    }

    /**
     * Restores after a failure, as an engine does: writers of a {@link SupportsWriterState} sink are
     * restored from the checkpoint's states (dealt round-robin if the parallelism changed), and the
     * checkpoint's committables are committed again right away ({@link #recoveryOutcome()}).
     */
    public static SinkDriver restore(Sink sink, int parallelism, SinkCheckpoint checkpoint) throws Exception {
        SinkDriver driver = new SinkDriver(sink);
        List<List<SerializedState>> states = redistribute(checkpoint.writerStates(), parallelism);
        for (int subtask = 0; subtask < parallelism; subtask++) {
            InMemoryMetricGroup metrics = new InMemoryMetricGroup();
            driver.writerMetrics.add(metrics);
            WriterInitContext context = new InitContext(subtask, parallelism, 1,
                    OptionalLong.of(checkpoint.checkpointId()), metrics);
            Sink copy = SerializedCopies.copy(sink);
            driver.writers.add(copy instanceof SupportsWriterState<?> stateful
                    ? restoreWriter(stateful, context, states.get(subtask))
                    : copy.createWriter(context));
        }
        if (!checkpoint.committables().isEmpty()) {
            driver.requireCommitter();
            driver.recoveryOutcome = driver.committer.commit(checkpoint.committables());
        }
        return driver;
    }

    private static List<List<SerializedState>> redistribute(List<List<SerializedState>> states, int parallelism) {
        if (states.size() == parallelism) {
            return states;
        }
        List<List<SerializedState>> dealt = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            dealt.add(new ArrayList<>());
        }
        int next = 0;
        for (List<SerializedState> subtaskStates : states) {
            for (SerializedState state : subtaskStates) {
                dealt.get(next++ % parallelism).add(state);
            }
        }
        return dealt;
    }

    private static <S> SinkWriter restoreWriter(SupportsWriterState<S> sink, WriterInitContext context,
                                                List<SerializedState> states) throws Exception {
        SimpleVersionedSerializer<S> serializer = sink.writerStateSerializer();
        return sink.restoreWriter(context, states.stream().map(s -> s.deserialize(serializer)).toList());
    }

    // ---------------------------------------------------------------- writing

    public SinkWriter writer(int subtask) {
        return writers.get(subtask);
    }

    public int parallelism() {
        return writers.size();
    }

    public void write(int subtask, Row... rows) throws Exception {
        for (Row row : rows) {
            writers.get(subtask).write(row);
        }
    }

    /** Writes the rows dealt round-robin over the writers. */
    public void writeAll(List<Row> rows) throws Exception {
        for (int i = 0; i < rows.size(); i++) {
            writers.get(i % writers.size()).write(rows.get(i));
        }
    }

    // ---------------------------------------------------------------- checkpoints and commits

    /**
     * The writers' part of a checkpoint: {@code flush(false)}, then {@code prepareCommit()} and
     * {@code snapshotState()} where supported. The prepared committables wait for
     * {@link #notifyCheckpointComplete}.
     */
    public SinkCheckpoint checkpoint(long checkpointId) throws Exception {
        List<List<SerializedState>> states = new ArrayList<>();
        for (SinkWriter writer : writers) {
            writer.flush(false);
            prepare(checkpointId, writer);
            states.add(sink instanceof SupportsWriterState<?> stateful
                    ? snapshotWriter(stateful, writer, checkpointId) : List.of());
        }
        List<SerializedState> uncommitted = new ArrayList<>();
        pendingCommittables.values().forEach(uncommitted::addAll);
        return new SinkCheckpoint(checkpointId, states, uncommitted);
    }

    /** Commits the committables of this checkpoint and of earlier ones not yet committed. */
    public CommitOutcome notifyCheckpointComplete(long checkpointId) throws Exception {
        return commitUpTo(checkpointId);
    }

    /** The end of a bounded input: {@code flush(true)}, {@code prepareCommit()}, then every pending commit. */
    public CommitOutcome endOfInput() throws Exception {
        for (SinkWriter writer : writers) {
            writer.flush(true);
            prepare(Long.MAX_VALUE, writer);
        }
        return commitUpTo(Long.MAX_VALUE);
    }

    /** What committing the restored checkpoint's committables did (NONE when not restored). */
    public CommitOutcome recoveryOutcome() {
        return recoveryOutcome;
    }

    /** Committables prepared and not yet committed. */
    public int pendingCommittableCount() {
        return pendingCommittables.values().stream().mapToInt(List::size).sum();
    }

    public InMemoryMetricGroup writerMetrics(int subtask) {
        return writerMetrics.get(subtask);
    }

    private void prepare(long checkpointId, SinkWriter writer) throws Exception {
        if (committer != null) {
            List<SerializedState> prepared = committer.prepare((CommittingSinkWriter<?>) writer);
            pendingCommittables.computeIfAbsent(checkpointId, id -> new ArrayList<>()).addAll(prepared);
        }
    }

    private CommitOutcome commitUpTo(long checkpointId) throws Exception {
        SortedMap<Long, List<SerializedState>> due = checkpointId == Long.MAX_VALUE
                ? pendingCommittables : pendingCommittables.headMap(checkpointId + 1);
        List<SerializedState> committables = new ArrayList<>();
        due.values().forEach(committables::addAll);
        due.clear();
        if (committables.isEmpty()) {
            return CommitOutcome.NONE;
        }
        requireCommitter();
        return committer.commit(committables);
    }

    private void requireCommitter() {
        if (committer == null) {
            throw new IllegalStateException(sink.getClass().getName() + " does not implement SupportsCommitter");
        }
    }

    @SuppressWarnings("unchecked")
    private static <S> List<SerializedState> snapshotWriter(SupportsWriterState<S> sink, SinkWriter writer,
                                                           long checkpointId) throws Exception {
        if (!(writer instanceof SupportsWriterState.StatefulSinkWriter<?> stateful)) {
            throw new AssertionError(sink.getClass().getName() + " implements SupportsWriterState but its writer "
                    + writer.getClass().getName() + " is not a StatefulSinkWriter");
        }
        List<S> states = ((SupportsWriterState.StatefulSinkWriter<S>) stateful).snapshotState(checkpointId);
        return states.stream().map(s -> SerializedState.serialize(sink.writerStateSerializer(), s)).toList();
    }

    /**
     * Closes every writer, then the committer; prepared but uncommitted work stays uncommitted. A
     * failure to close is reported as an {@link IllegalStateException} carrying the first exception.
     */
    @Override
    public void close() {
        Exception failure = null;
        for (SinkWriter writer : writers) {
            try {
                writer.close();
            } catch (Exception e) {
                failure = addSuppressed(failure, e);
            }
        }
        if (committer != null) {
            try {
                committer.committer.close();
            } catch (Exception e) {
                failure = addSuppressed(failure, e);
            }
        }
        if (failure != null) {
            throw new IllegalStateException("Closing the sink failed: " + failure, failure);
        }
    }

    private static Exception addSuppressed(Exception first, Exception next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private record InitContext(int subtaskIndex, int parallelism, int attemptNumber,
                               OptionalLong restoredCheckpointId, MetricGroup metrics) implements WriterInitContext {
    }

    /** The typed half of the driver: prepares through the writers and commits through the committer. */
    private static final class CommitterRunner<C> {
        private final SupportsCommitter<C> sink;
        private final Committer<C> committer;

        private CommitterRunner(SupportsCommitter<C> sink) throws Exception {
            this.sink = sink;
            this.committer = sink.createCommitter();
        }

        static <C> CommitterRunner<C> of(SupportsCommitter<C> sink) throws Exception {
            return new CommitterRunner<>(sink);
        }

        @SuppressWarnings("unchecked")
        List<SerializedState> prepare(CommittingSinkWriter<?> writer) throws Exception {
            return ((CommittingSinkWriter<C>) writer).prepareCommit().stream()
                    .map(c -> SerializedState.serialize(sink.committableSerializer(), c)).toList();
        }

        CommitOutcome commit(List<SerializedState> serialized) throws Exception {
            List<Request<C>> open = new ArrayList<>();
            for (SerializedState state : serialized) {
                open.add(new Request<>(state.deserialize(sink.committableSerializer())));
            }
            int committed = 0;
            int alreadyCommitted = 0;
            int retries = 0;
            for (int attempt = 1; !open.isEmpty(); attempt++) {
                if (attempt > MAX_COMMIT_ATTEMPTS) {
                    throw new IllegalStateException(open.size() + " committable(s) still asked to be retried after "
                            + MAX_COMMIT_ATTEMPTS + " attempts: " + open.stream().map(r -> r.committable).toList());
                }
                open.forEach(Request::reset);
                committer.commit(new ArrayList<CommitRequest<C>>(open));
                List<Request<C>> retry = new ArrayList<>();
                for (Request<C> request : open) {
                    switch (request.status) {
                        case COMMITTED -> committed++;
                        case ALREADY_COMMITTED -> alreadyCommitted++;
                        case RETRY -> {
                            retries++;
                            request.retries++;
                            retry.add(request);
                        }
                        case FAILED -> throw new IllegalStateException("Committing " + request.committable
                                + " failed: " + request.failure, request.failure);
                    }
                }
                open = retry;
            }
            return new CommitOutcome(committed, alreadyCommitted, retries);
        }
    }

    private enum Status { COMMITTED, ALREADY_COMMITTED, RETRY, FAILED }

    /** Counts as committed unless the committer signals otherwise, as in Flink. */
    private static final class Request<C> implements CommitRequest<C> {
        private C committable;
        private int retries;
        private Status status;
        private Throwable failure;

        Request(C committable) {
            this.committable = committable;
        }

        void reset() {
            status = Status.COMMITTED;
            failure = null;
        }

        @Override
        public C committable() {
            return committable;
        }

        @Override
        public int numberOfRetries() {
            return retries;
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            status = Status.FAILED;
            failure = t;
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            status = Status.FAILED;
            failure = t;
        }

        @Override
        public void retryLater() {
            status = Status.RETRY;
        }

        @Override
        public void updateAndRetryLater(C updated) {
            committable = updated;
            status = Status.RETRY;
        }

        @Override
        public void signalAlreadyCommitted() {
            status = Status.ALREADY_COMMITTED;
        }
    }
}
