package dev.weir.engine.runtime;

import dev.weir.api.metrics.InMemoryMetricGroup;
import dev.weir.engine.expr.CompiledExpression;
import dev.weir.engine.plan.JobConfig;
import dev.weir.engine.plan.PhysicalPlan;
import dev.weir.engine.plan.PlanNode;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One run of the job's plan: starts a thread per chain subtask and an enumerator per source,
 * coordinates checkpoints, and ends when every subtask finished, one failed, or it is cancelled.
 *
 * <p>Checkpoints: every interval the coordinator asks each source's enumerator thread to snapshot
 * and then trigger its readers; barriers flow with the rows and are aligned at chains with several
 * input channels; when every subtask acknowledged, the checkpoint is written, its committables are
 * committed, and sources are told. One checkpoint is in flight at a time. Once a subtask other than
 * a source has finished, no further checkpoints are taken (the job is about to end).
 */
final class JobAttempt implements TaskListener {
    enum Outcome { FINISHED, FAILED, CANCELLED }

    /** Job-level metrics group, Flink's names: {@code checkpoints.numberOfCompletedCheckpoints}. */
    static final String CHECKPOINT_METRICS = "checkpoints";
    static final String COMPLETED_CHECKPOINTS = "numberOfCompletedCheckpoints";
    static final String FAILED_CHECKPOINTS = "numberOfFailedCheckpoints";
    private static final System.Logger LOG = System.getLogger(JobAttempt.class.getName());

    private final PhysicalPlan plan;
    private final JobConfig config;
    private final RestoredState restored;
    private final int attemptNumber;
    private final InMemoryMetricGroup metrics;
    private final CheckpointStore store;
    private final Committers committers;
    private final Consumer<Path> onCheckpointCompleted;
    private final List<ChainTask> tasks = new ArrayList<>();
    private final List<EnumeratorHost> enumerators = new ArrayList<>();
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    /** Committables of abandoned checkpoints: committed with the next checkpoint that completes, or at the end. */
    private final Map<String, List<Object>> carriedCommittables = new HashMap<>();
    /**
     * Committables sinks prepared when their input ended, awaiting a checkpoint that records their
     * subtask as finished (one triggered later): committing them with an earlier one would commit
     * rows that a restore from it replays.
     */
    private final Map<String, List<Object>> finishedCommittables = new HashMap<>();
    private ScheduledExecutorService coordinator;
    /** Set once every subtask and enumerator exists: checkpoints wait for it. */
    private volatile boolean started;
    private Throwable failure;
    /** Set by the first of concurrent completions (a failure racing a cancel): only it tears down. */
    private boolean completing;
    /** Subtasks whose taskFinished was handled (their final committables are accounted for). */
    private final Set<ChainTask> finishedTasks = new HashSet<>();
    private boolean nonSourceFinished;
    private long nextCheckpointId;
    private PendingCheckpoint pending;
    /** Callers waiting for the next checkpoint to be triggered (stop with checkpoint). */
    private final List<CompletableFuture<Path>> requestedCheckpoints = new ArrayList<>();
    /** Every request made, so none is left waiting when the attempt ends. */
    private final List<CompletableFuture<Path>> checkpointRequests = new ArrayList<>();
    /** Checkpoints that could not be written since the last one that was; the job fails beyond the tolerance. */
    private int consecutiveFailedCheckpoints;
    /** Once the final checkpoint is triggered no other is, so it remains the one to resume from. */
    private boolean finalCheckpointTriggered;

    private static final class PendingCheckpoint {
        final CheckpointData data;
        final Set<ChainTask> acknowledged = new HashSet<>();
        final Map<String, List<Object>> committables = new HashMap<>();
        /** Completed with the checkpoint's path once it is written and committed. */
        final List<CompletableFuture<Path>> waiting = new ArrayList<>();
        int enumeratorStates;

        PendingCheckpoint(CheckpointData data) {
            this.data = data;
        }
    }

    JobAttempt(PhysicalPlan plan, RestoredState restored, int attemptNumber, InMemoryMetricGroup metrics,
               CheckpointStore store, Committers committers, Consumer<Path> onCheckpointCompleted) {
        this.plan = plan;
        this.config = plan.config();
        this.restored = restored;
        this.attemptNumber = attemptNumber;
        this.metrics = metrics;
        this.store = store;
        this.committers = committers;
        this.onCheckpointCompleted = onCheckpointCompleted;
        this.nextCheckpointId = restored.checkpointId().orElse(0) + 1;
    }

    CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    synchronized Throwable failure() {
        return failure;
    }

    /** Committables in no completed checkpoint; commit them once the attempt finished. */
    synchronized Map<String, List<Object>> committablesAtEnd() {
        Map<String, List<Object>> all = new HashMap<>();
        addAll(all, carriedCommittables);
        addAll(all, finishedCommittables);
        return all;
    }

    private static void addAll(Map<String, List<Object>> target, Map<String, List<Object>> committables) {
        committables.forEach((k, v) -> target.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    }

    void start() {
        // first: a subtask or enumerator failing at once must find the coordinator to shut it down
        if (config.streaming() && store != null) {
            coordinator = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "weir-checkpoint-coordinator");
                t.setDaemon(true);
                return t;
            });
            if (config.checkpointInterval().isPresent()) {
                long interval = Math.max(1, config.checkpointInterval().get().toMillis());
                coordinator.scheduleWithFixedDelay(this::triggerCheckpoint, interval, interval, TimeUnit.MILLISECONDS);
            }
        }
        int parallelism = config.parallelism();
        Map<PhysicalPlan.Chain, ChainTask[]> byChain = new IdentityHashMap<>();
        Map<PhysicalPlan.Chain, InputGate[]> gates = new IdentityHashMap<>();
        for (PhysicalPlan.Chain chain : plan.chains()) {
            InputGate[] chainGates = new InputGate[parallelism];
            for (int i = 0; i < parallelism; i++) {
                chainGates[i] = new InputGate(config.exchangeQueueBatches());
            }
            gates.put(chain, chainGates);
        }
        for (PhysicalPlan.Chain chain : plan.chains()) {
            ChainTask[] subtasks = new ChainTask[parallelism];
            EnumeratorHost enumerator = null;
            if (chain.isSource()) {
                PlanNode.SourceNode source = (PlanNode.SourceNode) chain.head();
                enumerator = new EnumeratorHost(source, parallelism, metrics.addGroup(source.name()).addGroup("enumerator"),
                        e -> taskFailed(null, e));
                enumerators.add(enumerator);
            }
            int channels = 0;
            for (PhysicalPlan.Input input : chain.inputs()) {
                channels += input.isHash() ? parallelism : 1;
            }
            for (int i = 0; i < parallelism; i++) {
                InputGate gate = gates.get(chain)[i];
                if (chain.isSource()) {
                    SourceTask task = new SourceTask(chain, i, parallelism, gate, this, metrics, restored, attemptNumber, enumerator,
                            config.sourceIdleTimeout());
                    enumerator.setReader(i, task);
                    subtasks[i] = task;
                } else {
                    subtasks[i] = new InputTask(chain, i, parallelism, channels, gate, this, metrics, restored, attemptNumber);
                }
                subtasks[i].buildOperators(exchangeFor(chain, i, gates), config.streaming());
            }
            byChain.put(chain, subtasks);
            tasks.addAll(List.of(subtasks));
        }
        for (EnumeratorHost e : enumerators) {
            e.start(restored.enumeratorState(e.sourceId()));
        }
        for (ChainTask task : tasks) {
            Thread t = new Thread(task, "weir-" + task.name());
            t.setDaemon(true);
            task.thread = t;
        }
        tasks.forEach(t -> t.thread.start());
        started = true;
    }

    /** The exchange from subtask {@code subtask} of {@code chain} to the chain that consumes it, or null for a sink tail. */
    private ExchangeOutput exchangeFor(PhysicalPlan.Chain chain, int subtask, Map<PhysicalPlan.Chain, InputGate[]> gates) {
        int parallelism = config.parallelism();
        for (PhysicalPlan.Chain consumer : plan.consumersOf(chain)) {
            int offset = 0;
            for (PhysicalPlan.Input input : consumer.inputs()) {
                if (input.producer() == chain) {
                    InputGate[] consumerGates = gates.get(consumer);
                    if (input.isHash()) {
                        int[] channels = new int[parallelism];
                        Arrays.fill(channels, offset + subtask);
                        CompiledExpression[] keys = input.keys().stream().map(CompiledExpression::copy).toArray(CompiledExpression[]::new);
                        return new ExchangeOutput(consumerGates, channels, keys, config.exchangeBatchSize());
                    }
                    return new ExchangeOutput(new InputGate[]{consumerGates[subtask]}, new int[]{offset}, null,
                            config.exchangeBatchSize());
                }
                offset += input.isHash() ? parallelism : 1;
            }
        }
        return null;
    }

    void cancel() {
        complete(Outcome.CANCELLED, null);
    }

    /**
     * Triggers the attempt's last checkpoint now (or right after the one in flight); the future
     * completes with its path once it is written and committed, or fails if it cannot be taken. No
     * checkpoint follows it, so it stays the newest, unless it cannot be written.
     */
    synchronized CompletableFuture<Path> requestFinalCheckpoint() {
        CompletableFuture<Path> checkpoint = new CompletableFuture<>();
        if (coordinator == null) {
            checkpoint.completeExceptionally(new IllegalStateException(store == null
                    ? "checkpoints are off: set '" + JobConfig.CHECKPOINT_DIR + "'"
                    : "a batch job takes no checkpoints"));
        } else if (nonSourceFinished || completing) {
            checkpoint.completeExceptionally(new IllegalStateException("the job is ending: no more checkpoints are taken"));
        } else {
            requestedCheckpoints.add(checkpoint);
            checkpointRequests.add(checkpoint);
            coordinator.execute(this::triggerCheckpoint);
        }
        return checkpoint;
    }

    /** Waits for the subtask threads and any checkpoint still being persisted after the outcome is known. */
    void awaitThreads(long timeoutMillis) throws InterruptedException {
        long now = System.currentTimeMillis();
        long deadline = timeoutMillis > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + timeoutMillis;
        for (ChainTask task : tasks) {
            long left = deadline - System.currentTimeMillis();
            if (left > 0 && task.thread != null) {
                task.thread.join(left);
            }
        }
        if (coordinator != null) {
            coordinator.awaitTermination(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void taskFailed(ChainTask task, Throwable cause) {
        complete(Outcome.FAILED, cause);
    }

    private void complete(Outcome result, Throwable cause) {
        synchronized (this) {
            if (completing) {
                return;
            }
            completing = true;
            failure = cause;
        }
        try {
            failCheckpointRequests(result);
            if (coordinator != null) {
                if (result == Outcome.FINISHED) {
                    // a checkpoint that completed may still be persisting and committing: let it finish
                    coordinator.shutdown();
                } else {
                    coordinator.shutdownNow();
                }
            }
        } finally {
            // each step even when one before ran out of memory (the usual failure on a full heap): the attempt ends
            try {
                if (result != Outcome.FINISHED) {
                    for (ChainTask task : tasks) {
                        task.cancel();
                    }
                }
            } finally {
                try {
                    enumerators.forEach(EnumeratorHost::close);
                } finally {
                    outcome.complete(result);
                }
            }
        }
    }

    private synchronized void failCheckpointRequests(Outcome result) {
        IllegalStateException ended = new IllegalStateException("the job " + result.name().toLowerCase(Locale.ROOT)
                + " before the checkpoint completed");
        if (result != Outcome.FINISHED) {
            checkpointRequests.forEach(f -> f.completeExceptionally(ended));
        } else {
            // a finishing attempt still persists checkpoints that completed, but triggers and completes no other
            requestedCheckpoints.forEach(f -> f.completeExceptionally(ended));
            if (pending != null) {
                pending.waiting.forEach(f -> f.completeExceptionally(ended));
            }
        }
    }

    @Override
    public void taskFinished(ChainTask task) {
        boolean all;
        synchronized (this) {
            Map<String, List<Object>> finals = task.finalCommittables();
            if (task instanceof SourceTask && pending != null && !pending.acknowledged.contains(task)) {
                // the pending checkpoint records this subtask as finished: its last committables belong to it
                addAll(pending.committables, finals);
                pending.acknowledged.add(task);
                completeIfAcknowledged();
            } else {
                addAll(finishedCommittables, finals);
                if (!(task instanceof SourceTask)) {
                    nonSourceFinished = true;
                    if (pending != null && !pending.acknowledged.contains(task)) {
                        abandonPending();
                    }
                }
            }
            finishedTasks.add(task);
            all = finishedTasks.size() == tasks.size();
        }
        if (all) {
            complete(Outcome.FINISHED, null);
        }
    }

    private synchronized void triggerCheckpoint() {
        if (!started || pending != null || nonSourceFinished || completing || finalCheckpointTriggered) {
            return;
        }
        finalCheckpointTriggered = !requestedCheckpoints.isEmpty();
        PendingCheckpoint checkpoint = new PendingCheckpoint(CheckpointData.empty(nextCheckpointId++, config.parallelism()));
        pending = checkpoint;
        checkpoint.waiting.addAll(requestedCheckpoints);
        requestedCheckpoints.clear();
        checkpoint.acknowledged.addAll(finishedTasks);
        addAll(checkpoint.committables, finishedCommittables);
        finishedCommittables.clear();
        long id = checkpoint.data.id();
        for (EnumeratorHost e : enumerators) {
            e.triggerCheckpoint(id, state -> enumeratorSnapshotted(checkpoint, e.sourceId(), state));
        }
    }

    private synchronized void enumeratorSnapshotted(PendingCheckpoint checkpoint, String sourceId, byte[] state) {
        if (pending != checkpoint) {
            return;
        }
        checkpoint.data.enumeratorStates().put(sourceId, state);
        checkpoint.enumeratorStates++;
        completeIfAcknowledged();
    }

    @Override
    public synchronized void acknowledgeCheckpoint(long checkpointId, ChainTask task, Map<String, byte[]> states,
                                                   Map<String, List<Object>> committables) {
        if (pending == null || pending.data.id() != checkpointId) {
            // an abandoned checkpoint: its committables must still be committed later
            addAll(carriedCommittables, committables);
            return;
        }
        states.forEach((op, bytes) -> pending.data.operatorStates().computeIfAbsent(op, k -> new TreeMap<>()).put(task.subtask, bytes));
        addAll(pending.committables, committables);
        pending.acknowledged.add(task);
        completeIfAcknowledged();
    }

    private void completeIfAcknowledged() {
        PendingCheckpoint checkpoint = pending;
        if (checkpoint.acknowledged.size() < tasks.size() || checkpoint.enumeratorStates < enumerators.size()) {
            return;
        }
        pending = null;
        addAll(checkpoint.committables, carriedCommittables);
        carriedCommittables.clear();
        coordinator.execute(() -> persistAndCommit(checkpoint));
    }

    private void abandonPending() {
        addAll(carriedCommittables, pending.committables);
        IllegalStateException ending = new IllegalStateException("the job is ending: checkpoint " + pending.data.id()
                + " was abandoned");
        pending.waiting.forEach(f -> f.completeExceptionally(ending));
        requestedCheckpoints.forEach(f -> f.completeExceptionally(ending));
        requestedCheckpoints.clear();
        pending = null;
    }

    /** On the coordinator thread: write the checkpoint, commit its committables, tell the sources. */
    private void persistAndCommit(PendingCheckpoint checkpoint) {
        try {
            for (Map.Entry<String, List<Object>> e : checkpoint.committables.entrySet()) {
                checkpoint.data.committables().put(e.getKey(), committers.serialize(e.getKey(), e.getValue()));
            }
            Path path;
            try {
                path = store.write(checkpoint.data);
            } catch (UncheckedIOException e) {
                checkpointNotWritten(checkpoint, e);
                return;
            }
            synchronized (this) {
                consecutiveFailedCheckpoints = 0;
            }
            metrics.addGroup(CHECKPOINT_METRICS).counter(COMPLETED_CHECKPOINTS).inc();
            onCheckpointCompleted.accept(path);
            committers.commit(checkpoint.committables);
            long id = checkpoint.data.id();
            for (ChainTask task : tasks) {
                if (task instanceof SourceTask && !task.isFinished()) {
                    task.gate.putMail(() -> {
                        try {
                            task.notifyCheckpointComplete(id);
                        } catch (Exception e) {
                            throw new IllegalStateException("notifyCheckpointComplete(" + id + ") failed: " + e.getMessage(), e);
                        }
                    });
                }
            }
            enumerators.forEach(e -> e.notifyCheckpointComplete(id));
            checkpoint.waiting.forEach(f -> f.complete(path));
            triggerRequestedCheckpoint();
        } catch (Throwable t) {
            checkpoint.waiting.forEach(f -> f.completeExceptionally(t));
            taskFailed(null, t);
        }
    }

    /** A checkpoint requested while another was in flight is taken as soon as that one is done. */
    private synchronized void triggerRequestedCheckpoint() {
        if (!requestedCheckpoints.isEmpty()) {
            triggerCheckpoint();
        }
    }

    /**
     * A checkpoint that could not be written (a full disk, a directory that is not one) fails only
     * itself, as in Flink, until more than 'execution.checkpointing.tolerable-failed-checkpoints' fail
     * in a row: then the job fails. Its committables wait for the next checkpoint that is written.
     */
    private void checkpointNotWritten(PendingCheckpoint checkpoint, UncheckedIOException error) {
        metrics.addGroup(CHECKPOINT_METRICS).counter(FAILED_CHECKPOINTS).inc();
        checkpoint.waiting.forEach(f -> f.completeExceptionally(error));
        int failedInARow;
        synchronized (this) {
            addAll(carriedCommittables, checkpoint.committables);
            failedInARow = ++consecutiveFailedCheckpoints;
            finalCheckpointTriggered = false;
        }
        int tolerable = config.tolerableFailedCheckpoints();
        if (failedInARow > tolerable) {
            taskFailed(null, new IllegalStateException(error.getMessage() + " That is " + failedInARow
                    + " failed checkpoint(s) in a row, more than '" + JobConfig.TOLERABLE_FAILED_CHECKPOINTS + "' = "
                    + tolerable + " allows.", error));
        } else {
            LOG.log(System.Logger.Level.WARNING, error.getMessage() + " (" + failedInARow + " failed in a row; '"
                    + JobConfig.TOLERABLE_FAILED_CHECKPOINTS + "' = " + tolerable + ")");
            triggerRequestedCheckpoint();
        }
    }
}
