package dev.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.connectors.filesystem.FileLister;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code weir stop --checkpoint} and {@code weir run --from} as real processes: a windowed
 * aggregation over files, stopped mid-stream with a final checkpoint and resumed at another
 * parallelism, writes exactly what an uninterrupted run writes.
 */
@Timeout(300)
class StopAndResumeTest {
    private static final Pattern JOB_ID = Pattern.compile("Job ([0-9a-f]+) started");

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    /** Events of user u0..u4 every half second from {@code fromSecond}, amounts from {@code firstAmount}. */
    private static List<String> events(double fromSecond, double toSecond, int firstAmount) {
        List<String> lines = new ArrayList<>();
        int i = 0;
        for (double t = fromSecond; t < toSecond; t += 0.5, i++) {
            lines.add("{\"user\":\"u" + (i % 5) + "\",\"ts\":\"2024-01-01 00:00:%06.3f\",\"amount\":%d}".formatted(t, firstAmount + i));
        }
        return lines;
    }

    private static final List<String> FIRST = events(0, 30, 0);
    private static final List<String> SECOND = events(25, 40, 1000);
    /** Far ahead in event time: moves the watermark past every window; its own window is filtered out. */
    private static final List<String> END = List.of("{\"user\":\"end\",\"ts\":\"2024-01-01 00:05:00.000\",\"amount\":0}");

    /** Written to a hidden name and renamed, so the monitoring source never sees half a file. */
    private static void publish(Path file, List<String> lines) throws IOException {
        Path hidden = file.resolveSibling("." + file.getFileName());
        Files.writeString(hidden, String.join("\n", lines) + "\n");
        Files.move(hidden, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path jobFile(Path dir, Path in, Path out, boolean monitor) throws IOException {
        Path job = dir.resolve(monitor ? "job.json" : "reference.json");
        Files.writeString(job, """
                {"version": 1,
                 "config": {"execution.checkpointing.interval": "200 ms", "execution.checkpointing.dir": "%s",
                            "state.checkpoints.num-retained": "3", "table.exec.source.idle-timeout": "500 ms"},
                 "tables": {
                   "events": {"connector": "filesystem",
                     "schema": {"columns": [{"name": "user", "type": "STRING"}, {"name": "ts", "type": "TIMESTAMP(3)"},
                                            {"name": "amount", "type": "INT"}],
                                "watermark": {"column": "ts", "expression": "ts - INTERVAL '1' SECOND"}},
                     "options": {"path": "%s", "format": "json" %s}},
                   "totals": {"connector": "filesystem", "options": {"path": "%s", "format": "json"}}},
                 "pipelines": [{"sink": {"table": "totals"},
                   "query": {"op": "windowAggregate", "window": {"type": "tumble", "size": "10 s", "on": "ts", "alias": "w"},
                     "groupBy": ["w", "user"],
                     "select": ["user", "w.start AS window_start", "COUNT(*) AS events", "SUM(amount) AS total"],
                     "input": {"op": "filter", "condition": "`user` <> 'end'", "input": {"op": "scan", "table": "events"}}}}]}
                """.formatted(dir.resolve("checkpoints"), in, monitor ? ", \"source.monitor-interval\": \"100 ms\"" : "", out));
        return job;
    }

    /** The committed output, sorted. */
    private static List<String> committedLines(Path out) {
        List<String> lines = new ArrayList<>();
        try {
            for (Path file : FileLister.visibleFiles(out)) {
                lines.addAll(Files.readAllLines(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines.stream().sorted().toList();
    }

    private Process weir(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dweir.jobs.dir=" + dir.resolve("jobs"), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        return p;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void waitUntil(BooleanSupplier condition, Process job, Path log) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            assertThat(job.isAlive()).as("the job ended early:\n%s", read(log)).isTrue();
            Thread.sleep(50);
        }
    }

    /** Runs {@code weir stop --checkpoint <job>}; returns the checkpoint it printed. */
    private Path stopWithCheckpoint(String job, Process running, Path runLog) throws Exception {
        Path log = dir.resolve("stop-" + System.nanoTime() + ".log");
        Process stop = weir(log, "stop", "--checkpoint", job);
        assertThat(stop.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(stop.exitValue()).as(read(log)).isZero();
        assertThat(running.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(running.exitValue()).as(read(runLog)).isZero();
        Path checkpoint = Path.of(read(log).lines().filter(l -> l.contains("chk-")).findFirst().orElseThrow().trim());
        assertThat(read(runLog)).contains("Stopped with checkpoint " + checkpoint + ".");
        return checkpoint;
    }

    private static String jobId(Path log, Process job) throws InterruptedException {
        while (true) {
            Matcher m = JOB_ID.matcher(read(log));
            if (m.find()) {
                return m.group(1);
            }
            assertThat(job.isAlive()).as(read(log)).isTrue();
            Thread.sleep(20);
        }
    }

    @ParameterizedTest(name = "parallelism {0} -> {1}")
    @CsvSource({"1, 2", "2, 1"})
    void aJobStoppedWithACheckpointAndResumedAtAnotherParallelismWritesWhatAnUninterruptedRunWrites(
            int firstParallelism, int resumedParallelism) throws Exception {
        Path referenceDir = Files.createDirectories(dir.resolve("reference"));
        Path referenceIn = Files.createDirectories(referenceDir.resolve("in"));
        publish(referenceIn.resolve("1-first.json"), FIRST);
        publish(referenceIn.resolve("2-second.json"), SECOND);
        publish(referenceIn.resolve("3-end.json"), END);
        CliRunner reference = CliRunner.run("run", jobFile(referenceDir, referenceIn, referenceDir.resolve("out"), false).toString());
        assertThat(reference.exitCode()).as(reference.err()).isZero();
        List<String> expected = committedLines(referenceDir.resolve("out"));
        assertThat(expected).hasSize(5 * 4); // 5 users, windows [0,10) [10,20) [20,30) [30,40)

        Path in = Files.createDirectories(dir.resolve("in"));
        Path out = dir.resolve("out");
        Path job = jobFile(dir, in, out, true);
        publish(in.resolve("1-first.json"), FIRST);

        Path firstLog = dir.resolve("first.log");
        Process first = weir(firstLog, "run", "--parallelism", String.valueOf(firstParallelism), job.toString());
        jobId(firstLog, first);
        // the first two windows fired and were committed; [20,30) is open, in keyed state
        waitUntil(() -> committedLines(out).size() >= 10, first, firstLog);
        Path checkpoint = stopWithCheckpoint(job.toString(), first, firstLog);
        assertThat(checkpoint.getParent()).isEqualTo(dir.resolve("checkpoints"));

        publish(in.resolve("2-second.json"), SECOND);
        publish(in.resolve("3-end.json"), END);
        Path secondLog = dir.resolve("second.log");
        Process second = weir(secondLog, "run", "--from", checkpoint.toString(), "--parallelism",
                String.valueOf(resumedParallelism), job.toString());
        String secondId = jobId(secondLog, second);
        waitUntil(() -> committedLines(out).size() >= expected.size(), second, secondLog);
        stopWithCheckpoint(secondId, second, secondLog);

        assertThat(read(secondLog)).contains("Restoring from checkpoint " + checkpoint);
        assertThat(committedLines(out)).isEqualTo(expected);
    }
}
