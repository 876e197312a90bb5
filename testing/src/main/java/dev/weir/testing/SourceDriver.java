package dev.weir.testing;

import dev.weir.api.data.Row;
import dev.weir.api.metrics.InMemoryMetricGroup;
import dev.weir.api.metrics.MetricGroup;
import dev.weir.api.source.InputStatus;
import dev.weir.api.source.Source;
import dev.weir.api.source.SourceReader;
import dev.weir.api.source.SourceReaderContext;
import dev.weir.api.source.SourceSplit;
import dev.weir.api.source.SplitEnumerator;
import dev.weir.api.source.SplitEnumeratorContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * Runs a {@link Source} in-process the way an engine does, so a connector can be tested through
 * the SPI alone: one {@link SplitEnumerator} on its own thread and N {@link SourceReader}s polled
 * from the calling thread.
 *
 * <pre>{@code
 * try (SourceDriver<?, ?> driver = SourceDriver.of(source).parallelism(2).start()) {
 *     driver.runUntilRows(500);
 *     SourceCheckpoint checkpoint = driver.checkpoint(1);
 * }
 * try (SourceDriver<?, ?> resumed = SourceDriver.of(source).parallelism(2).restoreFrom(checkpoint).start()) {
 *     List<Row> rest = resumed.runToEnd();
 * }
 * }</pre>
 *
 * <p>What it does as an engine would, and checks as a conformance harness should:
 * <ul>
 *   <li>Every enumerator method and every {@code callAsync} handler runs on one enumerator thread;
 *       {@code callAsync} callables run on a separate worker thread, periodically if asked.
 *       {@code assignSplits} and {@code signalNoMoreSplits} from another thread, or to a reader
 *       that has not registered, fail.</li>
 *   <li>Assigned splits travel to readers through a mailbox and are handed over on the polling
 *       thread, between polls. Readers register after their restored splits were added and
 *       {@code start()} runs after registration, in Flink's order.</li>
 *   <li>A reader that returns {@code NOTHING_AVAILABLE} is not polled again until the future from
 *       {@code isAvailable()} completes: a reader that forgets to complete it stalls here as it
 *       would on a real cluster, and the timeout message says which reader is waiting.
 *       {@code END_OF_INPUT} before {@code notifyNoMoreSplits} is a contract violation.</li>
 *   <li>The enumerator and every reader are created from their own serialized copy of the source,
 *       as a distributed engine ships it to each task: the source must be serializable, and no
 *       state (such as a format's decoder) is shared between subtasks.</li>
 *   <li>{@link #checkpoint} snapshots the enumerator (on its thread), then every reader, and
 *       serializes everything through the source's serializers; splits assigned but not yet
 *       delivered are checkpointed with their reader. {@link Builder#restoreFrom} deserializes.</li>
 * </ul>
 *
 * <p>Not thread-safe: call it from one thread. Reader exceptions propagate unchanged from the
 * {@code run} methods; enumerator failures surface there as an {@link IllegalStateException} whose
 * cause is the original. Timeouts and contract violations raise {@link AssertionError}.
 */
public final class SourceDriver<SplitT extends SourceSplit, EnumStateT> implements AutoCloseable {
    /** How long {@link #runToEnd()} and {@link #runUntilRows(long)} wait by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Source<SplitT, EnumStateT> source;
    private final int parallelism;
    private final ScheduledExecutorService enumeratorExecutor;
    private final ScheduledExecutorService workerExecutor;
    private final InMemoryMetricGroup enumeratorMetrics = new InMemoryMetricGroup();
    private final Set<Integer> registeredReaders = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<ReaderEvent<SplitT>> mailbox = new ConcurrentLinkedQueue<>();
    private final Semaphore wakeUp = new Semaphore(0);
    private final AtomicReference<Throwable> enumeratorFailure = new AtomicReference<>();
    /** Actions handed to the enumerator thread and not yet run: what they assign is not in the mailbox yet. */
    private final AtomicInteger enumeratorActionsQueued = new AtomicInteger();
    private final AtomicLong asyncResultsHandled = new AtomicLong();
    private final List<ReaderSlot> readers = new ArrayList<>();
    private volatile Thread enumeratorThread;
    private volatile boolean closed;
    private SplitEnumerator<SplitT, EnumStateT> enumerator;

    /** Starts configuring a driver for the source. */
    public static <S extends SourceSplit, E> Builder<S, E> of(Source<S, E> source) {
        return new Builder<>(source);
    }

    private SourceDriver(Source<SplitT, EnumStateT> source, int parallelism) {
        this.source = source;
        this.parallelism = parallelism;
        this.enumeratorExecutor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weir-split-enumerator");
            t.setDaemon(true);
            enumeratorThread = t;
            return t;
        });
        this.workerExecutor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weir-split-enumerator-worker");
            t.setDaemon(true);
            return t;
        });
    }

    private void start(SourceCheckpoint restoreFrom, boolean keepRows) throws Exception {
        EnumeratorContext context = new EnumeratorContext();
        callOnEnumerator(() -> {
            enumerator = restoreFrom == null
                    ? SerializedCopies.copy(source).createEnumerator(context)
                    : SerializedCopies.copy(source).restoreEnumerator(context,
                            restoreFrom.enumeratorState().deserialize(source.enumeratorStateSerializer()));
            enumerator.start();
            return null;
        });
        List<List<SplitT>> restoredSplits = restoreFrom == null ? List.of() : redistribute(restoreFrom);
        for (int subtask = 0; subtask < parallelism; subtask++) {
            ReaderSlot slot = new ReaderSlot(subtask, keepRows);
            slot.reader = SerializedCopies.copy(source).createReader(slot.context);
            readers.add(slot);
            if (!restoredSplits.isEmpty() && !restoredSplits.get(subtask).isEmpty()) {
                slot.reader.addSplits(restoredSplits.get(subtask));
                slot.splitsReceived += restoredSplits.get(subtask).size();
            }
            int registering = subtask;
            callOnEnumerator(() -> {
                registeredReaders.add(registering);
                enumerator.addReader(registering);
                return null;
            });
            slot.reader.start();
        }
    }

    /**
     * Restored splits per subtask: as checkpointed when the parallelism is unchanged, else dealt
     * round-robin (as union list state would be redistributed after a rescale).
     */
    private List<List<SplitT>> redistribute(SourceCheckpoint checkpoint) {
        List<List<SplitT>> bySubtask = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            bySubtask.add(new ArrayList<>());
        }
        int next = 0;
        for (int subtask = 0; subtask < checkpoint.readerSplits().size(); subtask++) {
            for (SerializedState state : checkpoint.readerSplits().get(subtask)) {
                SplitT split = state.deserialize(source.splitSerializer());
                int target = checkpoint.parallelism() == parallelism ? subtask : next++ % parallelism;
                bySubtask.get(target).add(split);
            }
        }
        return bySubtask;
    }

    // ---------------------------------------------------------------- running

    /** Runs until every reader reached END_OF_INPUT; returns all rows emitted by this driver. */
    public List<Row> runToEnd() throws Exception {
        return runToEnd(DEFAULT_TIMEOUT);
    }

    public List<Row> runToEnd(Duration timeout) throws Exception {
        run(this::isFinished, timeout, true);
        return rows();
    }

    /** Runs until at least this many rows were emitted in total (readers emit in batches, so maybe more). */
    public void runUntilRows(long count) throws Exception {
        runUntilRows(count, DEFAULT_TIMEOUT);
    }

    public void runUntilRows(long count, Duration timeout) throws Exception {
        runUntil(() -> rowCount() >= count, timeout);
    }

    /**
     * Runs until the condition holds. Fails when the timeout passes first, or when every reader
     * finished without the condition becoming true.
     */
    public void runUntil(BooleanSupplier condition, Duration timeout) throws Exception {
        run(() -> {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (isFinished()) {
                throw new AssertionError("Every reader reached END_OF_INPUT before the condition held. "
                        + describeReaders());
            }
            return false;
        }, timeout, true);
    }

    /**
     * Runs until the enumerator has handled {@code count} more callAsync results (periodic discoveries,
     * say) and the readers have read what those assigned, each reader waiting again: what a number of
     * discoveries did, counted rather than timed. Fails when the timeout passes first.
     */
    public void runUntilMoreAsyncResults(int count, Duration timeout) throws Exception {
        long target = asyncResultsHandled.get() + count;
        runUntil(() -> asyncResultsHandled.get() >= target && isQuiet(), timeout);
    }

    /** Nothing queued for the enumerator or the readers, and every reader waits for its future or finished. */
    private boolean isQuiet() {
        return enumeratorActionsQueued.get() == 0 && mailbox.isEmpty()
                && readers.stream().allMatch(slot -> slot.finished || (slot.awaited != null && !slot.awaited.isDone()));
    }

    /** Runs for this long, or until every reader finished; never fails on time. */
    public void runFor(Duration duration) throws Exception {
        run(this::isFinished, duration, false);
    }

    private void run(BooleanSupplier done, Duration timeout, boolean failOnTimeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            boolean polled = step();
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                if (failOnTimeout) {
                    throw new AssertionError("Timed out after " + timeout + ". " + describeReaders());
                }
                return;
            }
            if (!polled && mailbox.isEmpty()) {
                if (wakeUp.tryAcquire(Math.min(remaining, MAX_WAIT_NANOS), TimeUnit.NANOSECONDS)) {
                    wakeUp.drainPermits();
                }
            }
        }
    }

    /** Hands over mailbox events, then gives each runnable reader a turn. True if any was polled. */
    private boolean step() throws Exception {
        checkEnumerator();
        deliverMailbox();
        boolean polled = false;
        for (ReaderSlot slot : readers) {
            if (slot.isRunnable()) {
                poll(slot);
                polled = true;
            }
        }
        return polled;
    }

    /** One pollNext per turn: readers take turns, and run conditions are checked between polls. */
    private void poll(ReaderSlot slot) throws Exception {
        slot.awaited = null;
        InputStatus status = slot.reader.pollNext(slot.output);
        if (status == InputStatus.END_OF_INPUT) {
            if (!slot.noMoreSplits) {
                throw new AssertionError("Subtask " + slot.subtask + " returned END_OF_INPUT before "
                        + "notifyNoMoreSplits(): a reader cannot know that no more splits will come.");
            }
            slot.finished = true;
        } else if (status == InputStatus.NOTHING_AVAILABLE) {
            CompletableFuture<Void> available = slot.reader.isAvailable();
            if (!available.isDone()) {
                slot.awaited = available;
                available.whenComplete((ignored, error) -> wakeUp.release());
            }
        }
    }

    private void deliverMailbox() {
        ReaderEvent<SplitT> event;
        while ((event = mailbox.poll()) != null) {
            ReaderSlot slot = readers.get(event.subtask());
            if (event.splits() == null) {
                slot.noMoreSplits = true;
                slot.reader.notifyNoMoreSplits();
            } else {
                slot.splitsReceived += event.splits().size();
                slot.reader.addSplits(event.splits());
            }
        }
    }

    private void checkEnumerator() {
        Throwable failure = enumeratorFailure.get();
        if (failure != null) {
            throw new IllegalStateException("The split enumerator failed: " + failure, failure);
        }
    }

    // ---------------------------------------------------------------- checkpoints

    /**
     * Takes a checkpoint between polls: the enumerator's state first (on its thread, together with the
     * splits still in the mailbox), then each reader's splits.
     */
    public SourceCheckpoint checkpoint(long checkpointId) throws Exception {
        checkEnumerator();
        EnumeratorSnapshot<SplitT> snapshot = callOnEnumerator(() -> new EnumeratorSnapshot<>(
                SerializedState.serialize(source.enumeratorStateSerializer(), enumerator.snapshotState(checkpointId)),
                undeliveredSplits()));
        List<List<SerializedState>> readerSplits = new ArrayList<>();
        for (ReaderSlot slot : readers) {
            List<SplitT> splits = new ArrayList<>(slot.reader.snapshotState(checkpointId));
            splits.addAll(snapshot.undelivered().get(slot.subtask));
            readerSplits.add(splits.stream()
                    .map(s -> SerializedState.serialize(source.splitSerializer(), s)).toList());
        }
        return new SourceCheckpoint(checkpointId, snapshot.enumeratorState(), readerSplits);
    }

    /** Called on the enumerator thread, so no assignment can be added while it copies. */
    private List<List<SplitT>> undeliveredSplits() {
        List<List<SplitT>> bySubtask = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            bySubtask.add(new ArrayList<>());
        }
        for (ReaderEvent<SplitT> event : mailbox) {
            if (event.splits() != null) {
                bySubtask.get(event.subtask()).addAll(event.splits());
            }
        }
        return bySubtask;
    }

    /** Tells the enumerator and every reader that the checkpoint is durable. */
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        callOnEnumerator(() -> {
            enumerator.notifyCheckpointComplete(checkpointId);
            return null;
        });
        for (ReaderSlot slot : readers) {
            slot.reader.notifyCheckpointComplete(checkpointId);
        }
    }

    // ---------------------------------------------------------------- results

    /** Rows emitted by all readers: grouped by subtask, in emission order within each. */
    public List<Row> rows() {
        return records().stream().map(EmittedRecord::row).toList();
    }

    public List<Row> rowsOfSubtask(int subtask) {
        return readers.get(subtask).output.records().stream().map(EmittedRecord::row).toList();
    }

    /** Emitted records with their subtask, split and timestamp; grouped by subtask. */
    public List<EmittedRecord> records() {
        List<EmittedRecord> all = new ArrayList<>();
        readers.forEach(slot -> all.addAll(slot.output.records()));
        return Collections.unmodifiableList(all);
    }

    /** Rows emitted in total, counted even when rows are not kept. */
    public long rowCount() {
        return readers.stream().mapToLong(slot -> slot.output.count()).sum();
    }

    public CollectingReaderOutput output(int subtask) {
        return readers.get(subtask).output;
    }

    public InMemoryMetricGroup readerMetrics(int subtask) {
        return readers.get(subtask).metrics;
    }

    public InMemoryMetricGroup enumeratorMetrics() {
        return enumeratorMetrics;
    }

    /** The reader of a subtask, e.g. to check its {@code isAvailable()} future. */
    public SourceReader<SplitT> reader(int subtask) {
        return readers.get(subtask).reader;
    }

    public int parallelism() {
        return parallelism;
    }

    /** Splits handed to a subtask's reader so far (delivered, not just assigned by the enumerator). */
    public int splitsReceived(int subtask) {
        return readers.get(subtask).splitsReceived;
    }

    /** True when every reader returned END_OF_INPUT. */
    public boolean isFinished() {
        return readers.stream().allMatch(slot -> slot.finished);
    }

    private String describeReaders() {
        StringBuilder sb = new StringBuilder("Readers:");
        for (ReaderSlot slot : readers) {
            sb.append("\n  subtask ").append(slot.subtask).append(": ").append(slot.output.count())
                    .append(" rows, ").append(slot.splitsReceived).append(" split(s) received, ")
                    .append(slot.noMoreSplits ? "no more splits signalled, " : "more splits may come, ")
                    .append(slot.finished ? "finished"
                            : slot.awaited != null && !slot.awaited.isDone()
                            ? "waiting for its isAvailable() future to complete" : "runnable");
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Closes the readers, then the enumerator on its thread, then stops the threads. A failure to
     * close is reported as an {@link IllegalStateException} carrying the first exception.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Exception failure = null;
        for (ReaderSlot slot : readers) {
            try {
                slot.reader.close();
            } catch (Exception e) {
                failure = addSuppressed(failure, e);
            }
        }
        try {
            if (enumerator != null) {
                enumeratorExecutor.submit(() -> {
                    enumerator.close();
                    return null;
                }).get(DEFAULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            failure = addSuppressed(failure, e.getCause() instanceof Exception c ? c : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = addSuppressed(failure, e);
        } finally {
            workerExecutor.shutdownNow();
            enumeratorExecutor.shutdownNow();
        }
        if (failure != null) {
            throw new IllegalStateException("Closing the source failed: " + failure, failure);
        }
    }

    private static Exception addSuppressed(Exception first, Exception next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private <T> T callOnEnumerator(Callable<T> call) throws Exception {
        try {
            return enumeratorExecutor.submit(call).get(DEFAULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof Exception c ? c : e;
        } catch (TimeoutException e) {
            throw new AssertionError("The enumerator thread did not respond within " + DEFAULT_TIMEOUT
                    + ": an enumerator method or callAsync handler blocks.", e);
        }
    }

    /** Runs on the enumerator thread without waiting; a failure fails the next run call. */
    private void runOnEnumerator(EnumeratorAction action) {
        enumeratorActionsQueued.incrementAndGet();
        try {
            enumeratorExecutor.execute(() -> {
                try {
                    action.run();
                } catch (Throwable t) {
                    enumeratorFailure.compareAndSet(null, t);
                } finally {
                    enumeratorActionsQueued.decrementAndGet();
                    wakeUp.release();
                }
            });
        } catch (RejectedExecutionException e) {
            enumeratorActionsQueued.decrementAndGet();
            if (!closed) {
                throw e;
            }
        }
    }

    private void checkOnEnumeratorThread(String method) {
        if (Thread.currentThread() != enumeratorThread) {
            throw new IllegalStateException(method + " was called on thread '" + Thread.currentThread().getName()
                    + "': it must be called on the enumerator thread (from an enumerator method or a callAsync"
                    + " handler).");
        }
    }

    private interface EnumeratorAction {
        void run() throws Exception;
    }

    /** Splits for a reader, or (splits == null) the signal that no more will come. */
    private record ReaderEvent<S>(int subtask, List<S> splits) {
    }

    private record EnumeratorSnapshot<S>(SerializedState enumeratorState, List<List<S>> undelivered) {
    }

    private final class ReaderSlot {
        final int subtask;
        final CollectingReaderOutput output;
        final InMemoryMetricGroup metrics = new InMemoryMetricGroup();
        final SourceReaderContext context;
        SourceReader<SplitT> reader;
        CompletableFuture<Void> awaited;
        boolean finished;
        boolean noMoreSplits;
        int splitsReceived;

        ReaderSlot(int subtask, boolean keepRows) {
            this.subtask = subtask;
            this.output = new CollectingReaderOutput(subtask, keepRows);
            this.context = new SourceReaderContext() {
                @Override
                public int subtaskIndex() {
                    return subtask;
                }

                @Override
                public int parallelism() {
                    return parallelism;
                }

                @Override
                public void sendSplitRequest() {
                    runOnEnumerator(() -> enumerator.handleSplitRequest(subtask));
                }

                @Override
                public MetricGroup metrics() {
                    return metrics;
                }
            };
        }

        boolean isRunnable() {
            return !finished && (awaited == null || awaited.isDone());
        }
    }

    private final class EnumeratorContext implements SplitEnumeratorContext<SplitT> {
        @Override
        public int currentParallelism() {
            return parallelism;
        }

        @Override
        public Set<Integer> registeredReaders() {
            return Set.copyOf(registeredReaders);
        }

        @Override
        public void assignSplits(Map<Integer, List<SplitT>> assignment) {
            checkOnEnumeratorThread("assignSplits");
            assignment.forEach((subtask, splits) -> {
                checkRegistered(subtask, "assigned splits " + splits);
                mailbox.add(new ReaderEvent<>(subtask, List.copyOf(splits)));
            });
            wakeUp.release();
        }

        @Override
        public void signalNoMoreSplits(int subtaskId) {
            checkOnEnumeratorThread("signalNoMoreSplits");
            checkRegistered(subtaskId, "signalled no more splits");
            mailbox.add(new ReaderEvent<>(subtaskId, null));
            wakeUp.release();
        }

        private void checkRegistered(int subtask, String what) {
            if (!registeredReaders.contains(subtask)) {
                throw new IllegalStateException("Subtask " + subtask + " was " + what + " but has no registered"
                        + " reader; registered: " + registeredReaders);
            }
        }

        @Override
        public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler, long initialDelayMillis,
                                  long periodMillis) {
            Runnable task = () -> {
                T result = null;
                Throwable error = null;
                try {
                    result = callable.call();
                } catch (Throwable t) {
                    error = t;
                }
                T finalResult = result;
                Throwable finalError = error;
                runOnEnumerator(() -> {
                    handler.accept(finalResult, finalError);
                    asyncResultsHandled.incrementAndGet();
                });
            };
            try {
                if (periodMillis > 0) {
                    workerExecutor.scheduleAtFixedRate(task, initialDelayMillis, periodMillis, TimeUnit.MILLISECONDS);
                } else {
                    workerExecutor.schedule(task, initialDelayMillis, TimeUnit.MILLISECONDS);
                }
            } catch (RejectedExecutionException e) {
                if (!closed) {
                    throw e;
                }
            }
        }

        @Override
        public MetricGroup metrics() {
            return enumeratorMetrics;
        }
    }

    /** Configures and starts a {@link SourceDriver}. */
    public static final class Builder<S extends SourceSplit, E> {
        private final Source<S, E> source;
        private int parallelism = 1;
        private SourceCheckpoint restoreFrom;
        private boolean keepRows = true;

        private Builder(Source<S, E> source) {
            this.source = source;
        }

        public Builder<S, E> parallelism(int readers) {
            if (readers < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1: " + readers);
            }
            this.parallelism = readers;
            return this;
        }

        /** Restores the enumerator and the readers' splits from a checkpoint (through the serializers). */
        public Builder<S, E> restoreFrom(SourceCheckpoint checkpoint) {
            this.restoreFrom = checkpoint;
            return this;
        }

        /** False to only count rows (large runs); {@link #rows()} is then empty. */
        public Builder<S, E> keepRows(boolean keep) {
            this.keepRows = keep;
            return this;
        }

        /** Creates or restores the enumerator, then creates, registers and starts every reader. */
        public SourceDriver<S, E> start() throws Exception {
            SourceDriver<S, E> driver = new SourceDriver<>(source, parallelism);
            try {
                driver.start(restoreFrom, keepRows);
            } catch (Exception | Error e) {
                try {
                    driver.close();
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
            return driver;
        }
    }
}
