package dev.weir.connectors.kafka;

import dev.weir.api.data.Row;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.schema.Schema;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.engine.table.EnvironmentSettings;
import dev.weir.engine.table.TableEnvironment;
import dev.weir.testing.values.TestValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** Jobs of the Kafka ITs on the real engine: a source table copied into a sink table. */
final class KafkaJobs {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Short, so that a test sees several checkpoints within a second or two. */
    static final String CHECKPOINT_INTERVAL = "200 ms";

    private KafkaJobs() {
    }

    /** Starts copying {@code source} into {@code sink} with this job configuration. */
    static JobExecution start(TableDescriptor source, TableDescriptor sink, Map<String, String> config) {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        config.forEach(env.getConfig()::set);
        env.createTemporaryTable("source", source);
        env.createTemporaryTable("sink", sink);
        return env.from("source").executeInsert("sink").getJobExecution();
    }

    /** Configuration that checkpoints into {@code directory} and, when it holds a checkpoint, resumes from it. */
    static Map<String, String> checkpointingInto(Path directory, boolean restore) {
        return restore
                ? Map.of("execution.checkpointing.interval", CHECKPOINT_INTERVAL, "execution.checkpointing.dir", directory.toString(),
                        "execution.savepoint.path", directory.toString())
                : Map.of("execution.checkpointing.interval", CHECKPOINT_INTERVAL, "execution.checkpointing.dir", directory.toString());
    }

    /** Runs a bounded copy into a 'collect' sink of {@code sinkSchema} and returns the rows. */
    static List<Row> readBounded(TableDescriptor source, Schema sinkSchema) {
        String sinkId = TestValues.newSinkId();
        start(source, collectSink(sinkId, sinkSchema), Map.of()).await();
        return TestValues.collected(sinkId);
    }

    static TableDescriptor collectSink(String sinkId, Schema schema) {
        return TableDescriptor.forConnector("collect").schema(schema).option("sink-id", sinkId).build();
    }

    /** A bounded 'values' source of these rows. */
    static TableDescriptor valuesSource(Schema schema, List<Row> rows) {
        return TableDescriptor.forConnector("values").schema(schema).option("data-id", TestValues.registerData(rows)).build();
    }

    /** Polls {@code read} until its result passes; fails early when the job stops running. */
    static <T> T awaitValue(JobExecution job, String what, Callable<T> read, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = read.call();
            if (done.test(last)) {
                return last;
            }
            if (job.status() != JobExecution.Status.RUNNING) {
                throw new AssertionError("The job ended " + job.status() + " while waiting for " + what,
                        job.failure().orElse(null));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what + "; last seen: " + last);
    }

    /** Waits for a checkpoint newer than the one the job has now. */
    static void awaitNextCheckpoint(JobExecution job) throws Exception {
        Path current = job.latestCheckpoint().orElse(null);
        awaitValue(job, "a new checkpoint", () -> job.latestCheckpoint().orElse(null),
                latest -> latest != null && !latest.equals(current));
    }

    /** Cancels a running job and waits until it stopped; a job that does not stop fails the test instead of hanging it. */
    static void cancel(JobExecution job) throws Exception {
        job.cancel();
        try {
            job.completion().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("The job did not stop within " + TIMEOUT.toSeconds() + " s of being cancelled", e);
        }
    }
}
