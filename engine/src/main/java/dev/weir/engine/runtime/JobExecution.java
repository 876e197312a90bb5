package dev.weir.engine.runtime;

import dev.weir.api.config.SensitiveUrls;
import dev.weir.api.metrics.InMemoryMetricGroup;
import dev.weir.engine.plan.JobConfig;
import dev.weir.engine.plan.PhysicalPlan;
import dev.weir.engine.plan.PlanNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running job: attempts of the plan, restarted from the latest checkpoint by the restart strategy
 * after a failure. Bounded jobs finish by themselves; unbounded ones run until {@link #cancel()}
 * (also called by a shutdown hook on SIGINT/SIGTERM, so sinks are closed cleanly).
 */
public final class JobExecution {
    /** {@code STOPPED}: ended by {@link #stopWithCheckpoint()}, resumable from that checkpoint. */
    public enum Status { RUNNING, FINISHED, FAILED, CANCELLED, STOPPED }

    private static final System.Logger LOG = System.getLogger(JobExecution.class.getName());

    private final PhysicalPlan plan;
    private final JobConfig config;
    private final InMemoryMetricGroup metrics = new InMemoryMetricGroup();
    private final CheckpointStore store;
    private final Optional<Path> restoreFrom;
    private final CompletableFuture<Status> completion = new CompletableFuture<>();
    private volatile JobAttempt current;
    private volatile boolean cancelRequested;
    private volatile boolean stopped;
    private volatile Path latestCheckpoint;
    private final AtomicInteger completedCheckpoints = new AtomicInteger();
    /** The checkpoint the current attempt started from. */
    private volatile Path restoredCheckpoint;
    private volatile int restarts;
    private volatile Throwable failure;
    private Thread shutdownHook;
    private Optional<HeapWatchdog> heapWatchdog = Optional.empty();

    private JobExecution(PhysicalPlan plan, Optional<Path> restoreFrom) {
        this.plan = plan;
        this.config = plan.config();
        this.store = config.checkpointDir().map(dir -> new CheckpointStore(dir, config.retainedCheckpoints())).orElse(null);
        this.restoreFrom = restoreFrom.or(config::restorePath);
    }

    /** Starts the job; restores from {@code restoreFrom} (a checkpoint, or a directory of them) when given. */
    public static JobExecution start(PhysicalPlan plan, Optional<Path> restoreFrom) {
        JobExecution job = new JobExecution(plan, restoreFrom);
        job.launch();
        return job;
    }

    public static JobExecution start(PhysicalPlan plan) {
        return start(plan, Optional.empty());
    }

    private void launch() {
        shutdownHook = new Thread(() -> {
            cancel();
            try {
                completion.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // exiting anyway
            }
        }, "weir-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        heapWatchdog = HeapWatchdog.start(this::heapExhausted);
        Thread driver = new Thread(this::drive, "weir-job");
        driver.setDaemon(true);
        driver.start();
    }

    private void drive() {
        Status status = Status.FAILED;
        try (Committers committers = new Committers(plan)) {
            status = runAttempts(committers);
        } catch (Throwable t) {
            failure = MemoryExhaustedException.ifOutOfMemory(t, metrics);
        } finally {
            // even out of memory, the job ends and its waiters hear of it
            heapWatchdog.ifPresent(HeapWatchdog::close);
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is what cancelled us
            }
            logSourceCounts(status);
            completion.complete(status);
        }
    }

    /** The job's end with each source's counts: a warning when a policy took records out of the result. */
    private void logSourceCounts(Status status) {
        try {
            List<SourceCounts> counts = sourceCounts();
            boolean dropped = counts.stream().anyMatch(c -> c.skipped() + c.deadLettered() > 0);
            LOG.log(dropped ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                    "Job " + status + ". " + SourceCounts.join(counts) + ".");
        } catch (OutOfMemoryError e) {
            // the counts are lost with the heap; the job's end and its failure must not be
        }
    }

    private Status runAttempts(Committers committers) throws Exception {
        RestoredState restored = RestoredState.NONE;
        if (restoreFrom.isPresent()) {
            restored = restore(restoreFrom.get());
        }
        for (int attemptNumber = 0; ; attemptNumber++) {
            if (restored.checkpoint() != null) {
                // committed already when the checkpoint completed, unless the job died in between: committers are idempotent
                committers.commitRestored(restored.checkpoint());
            }
            JobAttempt attempt = new JobAttempt(plan, restored, attemptNumber, metrics, store, committers, path -> {
                latestCheckpoint = path;
                completedCheckpoints.incrementAndGet();
            });
            current = attempt;
            if (cancelRequested) {
                return Status.CANCELLED;
            }
            attempt.start();
            JobAttempt.Outcome outcome = attempt.outcome().get();
            attempt.awaitThreads(outcome == JobAttempt.Outcome.FINISHED ? Long.MAX_VALUE : 10_000);
            if (outcome == JobAttempt.Outcome.FINISHED) {
                committers.commit(attempt.committablesAtEnd());
                return Status.FINISHED;
            }
            if (outcome == JobAttempt.Outcome.CANCELLED || cancelRequested) {
                return stopped ? Status.STOPPED : Status.CANCELLED;
            }
            failure = MemoryExhaustedException.ifOutOfMemory(attempt.failure(), metrics);
            // a restart would run out of memory the same way
            if (attemptNumber >= config.restartStrategy().attempts() || failure instanceof MemoryExhaustedException) {
                return Status.FAILED;
            }
            restarts++;
            // the trace as masked text: its causes' messages (a client's error quoting a host URL) are logged too
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            LOG.log(System.Logger.Level.WARNING, SensitiveUrls.mask("Job attempt " + attemptNumber + " failed; restart "
                    + restarts + " of at most " + config.restartStrategy().attempts() + " in "
                    + config.restartStrategy().delay().toMillis() + " ms. Cause: " + trace));
            Thread.sleep(config.restartStrategy().delay().toMillis());
            if (latestCheckpoint != null) {
                // the newest that still verifies: the latest may have been damaged since it was written
                restored = restore(latestCheckpoint);
            }
        }
    }

    /** The heap is nearly full after a full collection: the running attempt fails before the JVM thrashes. */
    private void heapExhausted(MemoryUsage usage) {
        JobAttempt attempt = current;
        if (attempt != null) {
            Throwable failure;
            try {
                failure = MemoryExhaustedException.afterCollection(usage, metrics);
            } catch (OutOfMemoryError e) {
                failure = e;
            }
            attempt.taskFailed(null, failure);
        }
    }

    private RestoredState restore(Path checkpointOrDirectory) {
        CheckpointStore.Intact intact = CheckpointStore.latestIntact(checkpointOrDirectory);
        restoredCheckpoint = intact.dir();
        LOG.log(System.Logger.Level.INFO, "Restoring from checkpoint " + intact.dir());
        return new RestoredState(intact.data());
    }

    /** Stops the job: subtasks are cancelled and sinks closed; the job ends CANCELLED. */
    public void cancel() {
        cancelRequested = true;
        JobAttempt attempt = current;
        if (attempt != null) {
            attempt.cancel();
        }
    }

    /**
     * Takes a checkpoint now, waits until it is written and its committables committed, then stops
     * the job (which ends {@link Status#STOPPED}): resuming from the returned checkpoint continues
     * exactly where the committed output ends. Rows read after the checkpoint's barrier are not
     * committed; the resumed job reads them again.
     *
     * @throws IllegalStateException when no checkpoint can be taken (checkpoints are off, the job is
     *         ending or ended, the checkpoint failed); the job keeps running then, unless it ended
     */
    public Path stopWithCheckpoint() throws InterruptedException {
        JobAttempt attempt = current;
        if (attempt == null || status() != Status.RUNNING) {
            throw new IllegalStateException("The job is not running (" + status() + ").");
        }
        Path checkpoint;
        try {
            checkpoint = attempt.requestFinalCheckpoint().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot stop with a checkpoint: " + e.getCause().getMessage(), e.getCause());
        }
        stopped = true;
        cancel();
        return checkpoint;
    }

    /** Waits for the end; throws {@link JobFailedException} when the job failed. */
    public Status await() {
        Status status;
        try {
            status = completion.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the job", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (status == Status.FAILED) {
            throw new JobFailedException("Job failed" + (restarts > 0 ? " after " + restarts + " restart(s)" : "")
                    + ": " + (failure == null ? "unknown cause" : failure.getMessage()), failure);
        }
        return status;
    }

    public CompletableFuture<Status> completion() {
        return completion;
    }

    public Status status() {
        return completion.getNow(Status.RUNNING);
    }

    /** The failure that ended the job, if it failed. */
    public Optional<Throwable> failure() {
        return status() == Status.FAILED ? Optional.ofNullable(failure) : Optional.empty();
    }

    /**
     * Metrics by operator and subtask: {@code <operator>.<subtask>.numRecordsIn}, {@code numRecordsOut},
     * {@code numLateRecordsDropped}, {@code inputQueueLength}, connector metrics such as {@code pendingRecords}.
     */
    public InMemoryMetricGroup metrics() {
        return metrics;
    }

    /** The sum of a metric over every operator and subtask whose name starts with {@code operatorPrefix}. */
    public long metricSum(String operatorPrefix, String metric) {
        return SourceCounts.sum(metrics.snapshot(), operatorPrefix, metric);
    }

    /**
     * Per source, in plan order, the records read and what became of them: live while the job runs,
     * final once it has ended. Logged when the job ends.
     */
    public List<SourceCounts> sourceCounts() {
        Set<String> sources = new LinkedHashSet<>();
        for (PhysicalPlan.Chain chain : plan.chains()) {
            if (chain.head() instanceof PlanNode.SourceNode source) {
                sources.add(source.name());
            }
        }
        Map<String, Number> snapshot = metrics.snapshot();
        List<SourceCounts> counts = new ArrayList<>();
        for (String source : sources) {
            counts.add(SourceCounts.of(source, snapshot));
        }
        return counts;
    }

    /** Checkpoints completed so far, over every attempt. */
    public int completedCheckpoints() {
        return completedCheckpoints.get();
    }

    /** The checkpoint the running (or last) attempt was restored from, if any. */
    public Optional<Path> restoredCheckpoint() {
        return Optional.ofNullable(restoredCheckpoint);
    }

    public Optional<Path> latestCheckpoint() {
        return Optional.ofNullable(latestCheckpoint);
    }

    public int restarts() {
        return restarts;
    }

    public PhysicalPlan plan() {
        return plan;
    }
}
