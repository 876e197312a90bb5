package dev.weir.connectors.filesystem;

import static dev.weir.connectors.filesystem.Files2.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.data.Row;
import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.source.Boundedness;
import dev.weir.api.source.Source;
import dev.weir.testing.SourceCheckpoint;
import dev.weir.testing.SourceDriver;
import dev.weir.testing.TestTable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemSourceTest {
    @TempDir
    Path dir;

    private TestTable table(String format) {
        return TestTable.named("people").column("id", "INT").column("name", "STRING")
                .option("connector", "filesystem").option("path", dir.toString()).option("format", format);
    }

    private static List<Row> run(Source<?, ?> source, int parallelism) throws Exception {
        try (SourceDriver<?, ?> driver = SourceDriver.of(source).parallelism(parallelism).start()) {
            return driver.runToEnd();
        }
    }

    @Test
    void readsEveryVisibleFileOnceAcrossReaders() throws Exception {
        publish(dir.resolve("a.json"), "{\"id\":1,\"name\":\"Alice\"}", "{\"id\":2,\"name\":\"Bob\"}");
        publish(dir.resolve("sub/b.json"), "{\"id\":3,\"name\":\"Carol\"}");
        publish(dir.resolve("c.json"), "{\"id\":4,\"name\":null}");
        publish(dir.resolve(".hidden.json"), "{\"id\":98,\"name\":\"hidden\"}");
        publish(dir.resolve("_SUCCESS"), "not data");
        publish(dir.resolve("_temporary/d.json"), "{\"id\":99,\"name\":\"temporary\"}");

        Source<?, ?> source = table("json").createSource();

        assertThat(source.boundedness()).isEqualTo(Boundedness.BOUNDED);
        assertThat(run(source, 2)).containsExactlyInAnyOrder(
                Row.of(1, "Alice"), Row.of(2, "Bob"), Row.of(3, "Carol"), Row.of(4, null));
    }

    @Test
    void theRegexPatternFiltersByAbsolutePath() throws Exception {
        publish(dir.resolve("keep-1.csv"), "1,Alice");
        publish(dir.resolve("drop-2.csv"), "2,Bob");

        List<Row> rows = run(table("csv").option("source.path.regex-pattern", ".*/keep-[0-9]+\\.csv").createSource(), 1);

        assertThat(rows).containsExactly(Row.of(1, "Alice"));
    }

    @Test
    void aBadLineFailsNamingTheFileAndLine() throws Exception {
        Path file = dir.resolve("people.json");
        publish(file, "{\"id\":1,\"name\":\"Alice\"}", "{\"id\":2,\"name\":\"Bob\"}", "{\"id\":\"three\",");

        assertThatThrownBy(() -> run(table("json").createSource(), 1))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line 3");
    }

    @Test
    void aBadCsvLineFailsNamingTheFileAndLine() throws Exception {
        Path file = dir.resolve("people.csv");
        publish(file, "1,Alice", "two,Bob");

        assertThatThrownBy(() -> run(table("csv").createSource(), 1))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line 2");
    }

    @Test
    void continuousMonitoringPicksUpNewFilesAndNeverRereadsOldOnes() throws Exception {
        publish(dir.resolve("1.csv"), "1,Alice", "2,Bob");
        Source<?, ?> source = table("csv").option("source.monitor-interval", "20 ms").createSource();

        assertThat(source.boundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
        try (SourceDriver<?, ?> driver = SourceDriver.of(source).parallelism(2).start()) {
            driver.runUntilRows(2);
            publish(dir.resolve("later/2.csv"), "3,Carol");
            driver.runUntilRows(3, Duration.ofSeconds(20));
            // Three more listings, each of which would hand an old file out again.
            driver.runUntilMoreAsyncResults(3, Duration.ofSeconds(20));

            assertThat(driver.rows()).containsExactlyInAnyOrder(Row.of(1, "Alice"), Row.of(2, "Bob"),
                    Row.of(3, "Carol"));
            assertThat(driver.isFinished()).isFalse();
        }
    }

    @Test
    void monitoringADirectoryThatDoesNotExistYetWaitsForIt() throws Exception {
        Path later = dir.resolve("not-yet");
        Source<?, ?> source = table("csv").option("path", later.toString())
                .option("source.monitor-interval", "20 ms").createSource();

        try (SourceDriver<?, ?> driver = SourceDriver.of(source).start()) {
            // A few listings of the missing directory first.
            driver.runUntilMoreAsyncResults(3, Duration.ofSeconds(20));
            publish(later.resolve("1.csv"), "1,Alice");
            driver.runUntilRows(1, Duration.ofSeconds(20));

            assertThat(driver.rows()).containsExactly(Row.of(1, "Alice"));
        }
    }

    @Test
    void aBoundedSourceOnAMissingPathFailsNamingIt() {
        Path missing = dir.resolve("missing");

        assertThatThrownBy(() -> run(table("csv").option("path", missing.toString()).createSource(), 1))
                .hasMessageContaining("Listing the files of the source failed")
                .hasMessageContaining(missing.toString());
    }

    @Test
    void restoringMidFileSkipsTheRecordsAlreadyEmitted() throws Exception {
        publish(dir.resolve("big.csv"), IntStream.range(0, 3_000).mapToObj(i -> i + ",n" + i).toArray(String[]::new));
        publish(dir.resolve("small.csv"), "5000,last");
        Source<?, ?> source = table("csv").createSource();

        List<Row> beforeCheckpoint;
        SourceCheckpoint checkpoint;
        try (SourceDriver<?, ?> driver = SourceDriver.of(source).start()) {
            driver.runUntilRows(1);
            checkpoint = driver.checkpoint(1);
            beforeCheckpoint = driver.rows();
        }
        List<Row> afterRestore;
        try (SourceDriver<?, ?> driver = SourceDriver.of(source).restoreFrom(checkpoint).start()) {
            afterRestore = driver.runToEnd();
        }

        assertThat(beforeCheckpoint).hasSize(FileSourceReader.MAX_ROWS_PER_POLL);
        List<Row> all = new ArrayList<>(beforeCheckpoint);
        all.addAll(afterRestore);
        assertThat(all).hasSize(3_001).doesNotHaveDuplicates();
        assertThat(afterRestore).startsWith(Row.of(1_024, "n1024"));
    }

    @Test
    void aRestoredContinuousSourceDoesNotRereadFilesItHasSeen() throws Exception {
        publish(dir.resolve("1.csv"), "1,Alice");
        Source<?, ?> source = table("csv").option("source.monitor-interval", "20 ms").createSource();
        SourceCheckpoint checkpoint;
        try (SourceDriver<?, ?> driver = SourceDriver.of(source).start()) {
            driver.runUntilRows(1);
            // The file read to its end, and listed again since.
            driver.runUntilMoreAsyncResults(1, Duration.ofSeconds(20));
            checkpoint = driver.checkpoint(1);
        }
        publish(dir.resolve("2.csv"), "2,Bob");

        try (SourceDriver<?, ?> driver = SourceDriver.of(source).restoreFrom(checkpoint).start()) {
            driver.runUntilRows(1, Duration.ofSeconds(20));
            // Three more listings, each of which would hand the restored file out again.
            driver.runUntilMoreAsyncResults(3, Duration.ofSeconds(20));

            assertThat(driver.rows()).containsExactly(Row.of(2, "Bob"));
        }
    }

    @Test
    void partitionDirectoriesFillThePartitionColumns() throws Exception {
        publish(dir.resolve("dt=2024-01-01/country=NL/part-0.csv"), "1,Alice");
        publish(dir.resolve("dt=2024-01-02/country=__DEFAULT_PARTITION__/part-0.csv"), "2,Bob");
        publish(dir.resolve("dt=2024-01-02/country=a%2Fb/part-0.csv"), "3,Carol");

        Source<?, ?> source = TestTable.named("people").column("id", "INT").column("dt", "DATE")
                .column("name", "STRING").column("country", "STRING").partitionedBy("dt", "country")
                .option("connector", "filesystem").option("path", dir.toString()).option("format", "csv")
                .createSource();

        assertThat(run(source, 1)).containsExactlyInAnyOrder(
                Row.of(1, LocalDate.of(2024, 1, 1), "Alice", "NL"),
                Row.of(2, LocalDate.of(2024, 1, 2), "Bob", null),
                Row.of(3, LocalDate.of(2024, 1, 2), "Carol", "a/b"));
    }
}
