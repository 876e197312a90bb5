package dev.weir.connectors.filesystem;

import static dev.weir.connectors.filesystem.Files2.allFiles;
import static dev.weir.connectors.filesystem.Files2.lines;
import static dev.weir.connectors.filesystem.Files2.visibleFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.data.Row;
import dev.weir.api.sink.Sink;
import dev.weir.engine.plan.Planner;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.engine.spec.JobSpecJson;
import dev.weir.testing.CommitOutcome;
import dev.weir.testing.SinkCheckpoint;
import dev.weir.testing.SinkDriver;
import dev.weir.testing.SourceDriver;
import dev.weir.testing.TestTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemSinkTest {
    private static final List<Row> PEOPLE = List.of(Row.of(1, "Alice"), Row.of(2, "Bob, Jr."), Row.of(3, null),
            Row.of(4, "Dörte \"D\""));
    private static final String PART_NAME = "part-[0-9a-f-]{36}-\\d+-\\d+";

    @TempDir
    Path dir;

    private TestTable table(String format) {
        return TestTable.named("people").column("id", "INT").column("name", "STRING")
                .option("connector", "filesystem").option("path", dir.toString()).option("format", format);
    }

    private List<Row> readBack(TestTable table) throws Exception {
        try (SourceDriver<?, ?> driver = SourceDriver.of(table.createSource()).start()) {
            return driver.runToEnd();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv", "json"})
    void rowsWrittenByParallelWritersReadBackTheSame(String format) throws Exception {
        try (SinkDriver driver = SinkDriver.create(table(format).createSink(), 2)) {
            driver.writeAll(PEOPLE);
            CommitOutcome outcome = driver.endOfInput();

            assertThat(outcome.committed()).isEqualTo(2);
        }

        assertThat(visibleFiles(dir)).hasSize(2).allMatch(f -> f.matches(PART_NAME + "\\." + format));
        assertThat(allFiles(dir)).isEqualTo(visibleFiles(dir));
        assertThat(readBack(table(format))).containsExactlyInAnyOrderElementsOf(PEOPLE);
    }

    @Test
    void filesBecomeVisibleOnlyWhenTheCheckpointIsCommitted() throws Exception {
        try (SinkDriver driver = SinkDriver.create(table("json").createSink(), 1)) {
            driver.writeAll(PEOPLE);
            assertThat(visibleFiles(dir)).isEmpty();

            driver.checkpoint(1);
            assertThat(visibleFiles(dir)).isEmpty();
            assertThat(allFiles(dir)).singleElement().asString().matches("\\." + PART_NAME + "\\.inprogress");
            assertThat(readBack(table("json"))).isEmpty();

            driver.write(0, Row.of(5, "after the checkpoint"));
            driver.notifyCheckpointComplete(1);

            assertThat(readBack(table("json"))).containsExactlyInAnyOrderElementsOf(PEOPLE);
        }
    }

    @Test
    void aCrashBeforeTheCommitLeavesNoVisibleFileAndRestoreCommitsTheCheckpoint() throws Exception {
        Sink sink = table("json").createSink();
        SinkCheckpoint checkpoint;
        SinkDriver crashed = SinkDriver.create(sink, 2);
        crashed.writeAll(PEOPLE);
        checkpoint = crashed.checkpoint(1);
        crashed.writeAll(List.of(Row.of(5, "lost with the crash")));

        // The process dies here: nothing is closed or committed.
        assertThat(visibleFiles(dir)).isEmpty();
        assertThat(readBack(table("json"))).isEmpty();

        try (SinkDriver restored = SinkDriver.restore(sink, 2, checkpoint)) {
            assertThat(restored.recoveryOutcome()).isEqualTo(new CommitOutcome(2, 0, 0));
            assertThat(readBack(table("json"))).containsExactlyInAnyOrderElementsOf(PEOPLE);
        } finally {
            crashed.close();
        }
    }

    @Test
    void closingWithoutACheckpointDeletesTheInProgressFiles() throws Exception {
        try (SinkDriver driver = SinkDriver.create(table("csv").createSink(), 1)) {
            driver.writeAll(PEOPLE);
            assertThat(allFiles(dir)).hasSize(1);
        }

        assertThat(allFiles(dir)).isEmpty();
    }

    @Test
    void committingAgainAfterARestoreIsIdempotent() throws Exception {
        Sink sink = table("csv").createSink();
        SinkCheckpoint checkpoint;
        try (SinkDriver driver = SinkDriver.create(sink, 2)) {
            driver.writeAll(PEOPLE);
            checkpoint = driver.checkpoint(1);
            assertThat(driver.notifyCheckpointComplete(1).committed()).isEqualTo(2);
        }
        List<String> committed = visibleFiles(dir);
        List<List<String>> contents = committed.stream().map(f -> lines(dir.resolve(f))).toList();

        try (SinkDriver restored = SinkDriver.restore(sink, 2, checkpoint)) {
            assertThat(restored.recoveryOutcome()).isEqualTo(new CommitOutcome(0, 2, 0));
        }

        assertThat(visibleFiles(dir)).isEqualTo(committed);
        assertThat(committed.stream().map(f -> lines(dir.resolve(f))).toList()).isEqualTo(contents);
    }

    @Test
    void aCommittableWhoseFilesVanishedFailsTheCommitLoudly() throws Exception {
        try (SinkDriver driver = SinkDriver.create(table("csv").createSink(), 1)) {
            driver.writeAll(PEOPLE);
            driver.checkpoint(1);
            Files.delete(dir.resolve(allFiles(dir).get(0)));

            assertThatThrownBy(() -> driver.notifyCheckpointComplete(1))
                    .hasMessageContaining("its rows are lost");
        }
    }

    @Test
    void partitionedTablesWriteHiveStyleDirectoriesWithoutThePartitionColumns() throws Exception {
        TestTable table = TestTable.named("visits").column("id", "INT").column("dt", "DATE").column("page", "STRING")
                .partitionedBy("dt").option("connector", "filesystem").option("path", dir.toString())
                .option("format", "csv");
        List<Row> rows = List.of(Row.of(1, LocalDate.of(2024, 1, 1), "home"), Row.of(2, LocalDate.of(2024, 1, 2), "a"),
                Row.of(3, LocalDate.of(2024, 1, 1), "b"), Row.of(4, null, "c"));

        try (SinkDriver driver = SinkDriver.create(table.createSink(), 1)) {
            driver.writeAll(rows);
            driver.endOfInput();
        }

        List<String> files = visibleFiles(dir);
        assertThat(files).hasSize(3);
        assertThat(files).extracting(f -> f.substring(0, f.indexOf('/')))
                .containsExactlyInAnyOrder("dt=2024-01-01", "dt=2024-01-02", "dt=__DEFAULT_PARTITION__");
        Path january1 = dir.resolve(files.stream().filter(f -> f.startsWith("dt=2024-01-01/")).findFirst().orElseThrow());
        assertThat(lines(january1)).containsExactly("1,home", "3,b");
        assertThat(readBack(table)).containsExactlyInAnyOrderElementsOf(rows);
    }

    @Test
    void partFilesRollWhenTheyReachTheFileSize() throws Exception {
        List<Row> rows = IntStream.range(0, 5_000).mapToObj(i -> Row.of(i, "name number " + i)).toList();

        try (SinkDriver driver = SinkDriver.create(table("json").option("sink.rolling-policy.file-size", "8 kb")
                .createSink(), 1)) {
            driver.writeAll(rows);
            driver.endOfInput();
        }

        List<String> files = visibleFiles(dir);
        assertThat(files).hasSizeGreaterThan(15);
        List<Long> sizes = new ArrayList<>();
        for (String file : files) {
            sizes.add(Files.size(dir.resolve(file)));
        }
        // A file rolls with the row that reaches the size, so it exceeds it by less than a row; only
        // the last file, closed at the end of input, is smaller.
        assertThat(sizes).allMatch(size -> size < 8 * 1024 + 40);
        assertThat(sizes).filteredOn(size -> size < 8 * 1024).hasSizeLessThanOrEqualTo(1);
        assertThat(files.stream().map(f -> f.substring(f.lastIndexOf('-') + 1)).sorted().toList())
                .contains("0.json", "1.json", "15.json");
        assertThat(readBack(table("json"))).containsExactlyInAnyOrderElementsOf(rows);
    }

    @Test
    void partFilesRollWhenTheyGetOlderThanTheRolloverInterval() throws Exception {
        try (SinkDriver driver = SinkDriver.create(table("csv").option("sink.rolling-policy.rollover-interval", "1 ms")
                .option("sink.rolling-policy.check-interval", "1 ms").createSink(), 1)) {
            driver.write(0, Row.of(1, "Alice"));
            Thread.sleep(20);
            driver.write(0, Row.of(2, "Bob"));
            Thread.sleep(20);
            driver.write(0, Row.of(3, "Carol"));

            assertThat(driver.checkpoint(1).committables()).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aJobWritingWhereAFileIsSaysSoNotOnlyThePath() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "a file, not a directory");
        String spec = """
                {"version": 1,
                 "tables": {"out": {"connector": "filesystem", "options": {"path": "%s", "format": "csv"}}},
                 "pipelines": [{"sink": {"table": "out"}, "query": {"op": "values",
                   "schema": {"columns": [{"name": "a", "type": "INT"}, {"name": "b", "type": "STRING"}]}, "rows": [[0, "n0"]]}}]}
                """.formatted(file);
        JobExecution job = JobExecution.start(Planner.create().plan(JobSpecJson.parse(spec)));
        assertThatThrownBy(job::await)
                .hasMessageEndingWith("failed on row +I[0, n0]: " + file + " (is a file, expected a directory)");
    }
}
