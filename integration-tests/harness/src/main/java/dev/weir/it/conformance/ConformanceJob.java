package dev.weir.it.conformance;

import dev.weir.api.data.Row;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.sink.DeliveryGuarantee;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.engine.table.EnvironmentSettings;
import dev.weir.engine.table.TableEnvironment;
import dev.weir.testing.values.TestValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * One job of a suite on the real engine: a source table copied into a sink table, with the
 * parallelism, checkpointing and restart strategy the case needs.
 */
final class ConformanceJob implements AutoCloseable {

    /** Short, so that a case sees several checkpoints within a second or two. */
    static final String CHECKPOINT_INTERVAL = "200 ms";
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final JobExecution job;

    private ConformanceJob(JobExecution job) {
        this.job = job;
    }

    static Builder copy(TableDescriptor source, TableDescriptor sink) {
        return new Builder(source, sink);
    }

    /** A 'collect' sink of the suites' schema; read it back with {@link TestValues#collected}. */
    static TableDescriptor collectSink(String sinkId, DeliveryGuarantee guarantee, long failAfterRows) {
        TableDescriptor.Builder sink = TableDescriptor.forConnector("collect").schema(ConformanceData.schema())
                .option("sink-id", sinkId).option("sink.delivery-guarantee", guarantee.toString());
        if (failAfterRows >= 0) {
            sink.option("sink.fail-after-rows", Long.toString(failAfterRows));
        }
        return sink.build();
    }

    static final class Builder {
        private final TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        private final TableDescriptor source;
        private final TableDescriptor sink;

        private Builder(TableDescriptor source, TableDescriptor sink) {
            this.source = source;
            this.sink = sink;
        }

        Builder parallelism(int parallelism) {
            env.getConfig().set("parallelism.default", Integer.toString(parallelism));
            return this;
        }

        Builder checkpointingInto(Path directory) {
            env.getConfig().set("execution.checkpointing.interval", CHECKPOINT_INTERVAL);
            env.getConfig().set("execution.checkpointing.dir", directory.toString());
            return this;
        }

        Builder restoringFrom(Path checkpoints) {
            env.getConfig().set("execution.savepoint.path", checkpoints.toString());
            return this;
        }

        Builder restartingOnFailure() {
            env.getConfig().set("restart-strategy.type", "fixed-delay");
            env.getConfig().set("restart-strategy.fixed-delay.attempts", "3");
            env.getConfig().set("restart-strategy.fixed-delay.delay", "100 ms");
            return this;
        }

        ConformanceJob start() {
            env.createTemporaryTable("source", source);
            env.createTemporaryTable("sink", sink);
            return new ConformanceJob(env.from("source").executeInsert("sink").getJobExecution());
        }
    }

    JobExecution execution() {
        return job;
    }

    /** Waits for a bounded job to finish; fails with the job's own failure. */
    void awaitFinished() {
        job.await();
    }

    /**
     * Waits until {@code count} more checkpoints completed, counted, not timed: each commits what
     * reached the sinks before its barrier, so a duplicate a later commit would deliver shows up.
     */
    void awaitMoreCheckpoints(int count) {
        long target = completedCheckpoints() + count;
        awaitValue(count + " more completed checkpoints", this::completedCheckpoints, done -> done >= target);
    }

    private long completedCheckpoints() {
        return job.metrics().count("checkpoints.numberOfCompletedCheckpoints");
    }

    /** Polls {@code read} until its result passes, failing early when the job fails. */
    <T> T awaitValue(String what, Callable<T> read, Predicate<T> done) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = read.call();
            } catch (Exception e) {
                throw new AssertionError("Reading " + what + " failed", e);
            }
            if (done.test(last)) {
                return last;
            }
            if (job.status() != JobExecution.Status.RUNNING && job.status() != JobExecution.Status.FINISHED) {
                throw new AssertionError("The job ended " + job.status() + " while waiting for " + what,
                        job.failure().orElse(null));
            }
            sleep(Duration.ofMillis(50));
        }
        throw new AssertionError("Timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what + "; last seen: "
                + (last instanceof List<?> list ? list.size() + " rows" : last));
    }

    /** Waits until the rows {@code read} returns number at least {@code count}; returns them. */
    List<Row> awaitRows(String what, Callable<List<Row>> read, int count) {
        return awaitValue(count + " rows in " + what, read, rows -> rows.size() >= count);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    /** Cancels a job that is still running and waits for it to stop. */
    @Override
    public void close() {
        job.cancel();
        job.completion().join();
    }
}
