package dev.weir.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.data.Row;
import dev.weir.engine.plan.Planner;
import dev.weir.engine.spec.JobSpecJson;
import dev.weir.engine.testing.TestData;
import dev.weir.engine.testing.TestSinkStore;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged checkpoints on disk, checkpoints that cannot be written, and stopping with a final
 * checkpoint: real files and real I/O errors, a two-phase-commit sink, exact results.
 */
@Timeout(120)
class CheckpointFailuresTest {
    private static final int ROWS_PER_SPLIT = 200;

    @TempDir
    Path tmp;

    private static String spec(String name, Path checkpointDir, String extraConfig) {
        return """
                {"version": 1,
                 "config": {"parallelism.default": "2", "execution.checkpointing.interval": "20 ms",
                            "execution.checkpointing.dir": "%s", "state.checkpoints.num-retained": "3" %s},
                 "tables": {
                   "src": {"connector": "test-source", "options": {"data": "%s"},
                           "schema": {"columns": [{"name": "id", "type": "BIGINT"}, {"name": "k", "type": "INT"}]}},
                   "rows": {"connector": "test-sink", "options": {"name": "%s", "two-phase": "true"}}
                 },
                 "pipelines": [{"sink": {"table": "rows"}, "query": {"op": "scan", "table": "src"}}]}
                """.formatted(checkpointDir.toString().replace("\\", "\\\\"), extraConfig, name, name);
    }

    private static TestData data(String name) {
        List<List<Row>> splits = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < ROWS_PER_SPLIT; i++) {
                long id = s * ROWS_PER_SPLIT + i;
                rows.add(Row.of(id, (int) (id % 7)));
            }
            splits.add(rows);
        }
        return TestData.register(name, splits);
    }

    private static List<Row> allRows() {
        List<Row> rows = new ArrayList<>();
        for (long id = 0; id < 2 * ROWS_PER_SPLIT; id++) {
            rows.add(Row.of(id, (int) (id % 7)));
        }
        return rows;
    }

    private static JobExecution start(String spec, Optional<Path> from) {
        return JobExecution.start(Planner.create().plan(JobSpecJson.parse(spec)), from);
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(5);
        }
    }

    private static long idOf(Path checkpoint) {
        return Long.parseLong(checkpoint.getFileName().toString().substring("chk-".length()));
    }

    private static long checkpointId(JobExecution job) {
        return job.latestCheckpoint().map(CheckpointFailuresTest::idOf).orElse(0L);
    }

    private static long checkpointMetric(JobExecution job, String metric) {
        return job.metrics().count(JobAttempt.CHECKPOINT_METRICS + "." + metric);
    }

    /** Flips bytes in the middle of every state file, as bit rot or a torn write would. */
    private static void corruptStateFiles(Path checkpoint) throws Exception {
        try (Stream<Path> files = Files.list(checkpoint)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".bin")).toList()) {
                try (RandomAccessFile file = new RandomAccessFile(f.toFile(), "rw")) {
                    file.seek(file.length() / 2);
                    int b = file.read();
                    file.seek(file.length() / 2);
                    file.write(~b);
                }
            }
        }
    }

    @Test
    void aCorruptedLatestCheckpointIsSkippedAndTheResumeFromThePreviousOneIsExact() throws Exception {
        String name = "corrupt-" + UUID.randomUUID();
        TestData data = data(name).pauseAt(100);
        TestSinkStore rows = TestSinkStore.create(name);
        Path checkpoints = tmp.resolve("checkpoints");
        String spec = spec(name, checkpoints, "");

        JobExecution first = start(spec, Optional.empty());
        waitUntil(() -> data.pausedSplits() == 2);
        long atPause = checkpointId(first);
        // A checkpoint in flight when the pause was seen may hold positions before it; the one after
        // that is triggered only later. Two complete checkpoints past it make both the latest and
        // the previous one hold the paused positions, so restoring from either is exact.
        waitUntil(() -> checkpointId(first) >= atPause + 3);
        first.cancel();
        first.completion().join();
        Path latest = first.latestCheckpoint().orElseThrow();
        Path previous = checkpoints.resolve("chk-" + (idOf(latest) - 1));
        corruptStateFiles(latest);

        data.resume();
        JobExecution second = start(spec, Optional.of(checkpoints));
        assertThat(second.await()).isEqualTo(JobExecution.Status.FINISHED);

        assertThat(second.restoredCheckpoint()).contains(previous);
        assertThat(rows.committed()).containsExactlyInAnyOrderElementsOf(allRows());
    }

    @Test
    void byDefaultTheFirstCheckpointThatCannotBeWrittenFailsTheJob() throws Exception {
        String name = "unwritable-" + UUID.randomUUID();
        data(name).pauseAt(100);
        TestSinkStore.create(name);
        Path notADirectory = Files.writeString(tmp.resolve("checkpoints"), "a file where the checkpoint directory should be");

        JobExecution job = start(spec(name, notADirectory, ""), Optional.empty());

        assertThatThrownBy(job::await).isInstanceOf(JobFailedException.class)
                .hasMessageContaining("Cannot write checkpoint 1 to " + notADirectory)
                .hasMessageContaining("1 failed checkpoint(s) in a row, more than "
                        + "'execution.checkpointing.tolerable-failed-checkpoints' = 0 allows");
        assertThat(checkpointMetric(job, JobAttempt.FAILED_CHECKPOINTS)).isEqualTo(1);
    }

    @Test
    void checkpointFailuresWithinTheToleranceLeaveTheJobRunningAndExact() throws Exception {
        String name = "tolerated-" + UUID.randomUUID();
        TestData data = data(name).pauseAt(100);
        TestSinkStore rows = TestSinkStore.create(name);
        Path checkpoints = Files.writeString(tmp.resolve("checkpoints"), "a file where the checkpoint directory should be");

        JobExecution job = start(spec(name, checkpoints,
                ", \"execution.checkpointing.tolerable-failed-checkpoints\": \"1000\""), Optional.empty());
        waitUntil(() -> checkpointMetric(job, JobAttempt.FAILED_CHECKPOINTS) >= 3);
        assertThat(job.status()).isEqualTo(JobExecution.Status.RUNNING);
        assertThat(rows.committed()).isEmpty();

        // the disk "comes back": the next checkpoint is written and commits what the failed ones prepared
        Files.delete(checkpoints);
        Files.createDirectory(checkpoints);
        waitUntil(() -> checkpointMetric(job, JobAttempt.COMPLETED_CHECKPOINTS) >= 1);
        waitUntil(() -> rows.committed().size() == 200);
        data.resume();

        assertThat(job.await()).isEqualTo(JobExecution.Status.FINISHED);
        assertThat(rows.committed()).containsExactlyInAnyOrderElementsOf(allRows());
    }

    @Test
    void stoppingWithACheckpointCommitsUpToItAndTheResumeContinuesExactly() throws Exception {
        String name = "stop-" + UUID.randomUUID();
        TestData data = data(name).pauseAt(150);
        TestSinkStore rows = TestSinkStore.create(name);
        Path checkpoints = tmp.resolve("checkpoints");
        // checkpoints only on request: the stop's is the only one
        String spec = spec(name, checkpoints, "").replace("\"execution.checkpointing.interval\": \"20 ms\",", "");

        JobExecution first = start(spec, Optional.empty());
        waitUntil(() -> data.pausedSplits() == 2);
        Path stoppedAt = first.stopWithCheckpoint();

        assertThat(first.completion().join()).isEqualTo(JobExecution.Status.STOPPED);
        assertThat(stoppedAt).isEqualTo(checkpoints.resolve("chk-1"));
        assertThat(rows.committed()).hasSize(300);
        assertThatThrownBy(first::stopWithCheckpoint).hasMessageContaining("not running (STOPPED)");

        data.resume();
        JobExecution second = start(spec.replace("\"parallelism.default\": \"2\"", "\"parallelism.default\": \"1\""),
                Optional.of(stoppedAt));
        assertThat(second.await()).isEqualTo(JobExecution.Status.FINISHED);
        assertThat(rows.committed()).containsExactlyInAnyOrderElementsOf(allRows());
    }
}
