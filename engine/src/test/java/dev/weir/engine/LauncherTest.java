package dev.weir.engine;

import static dev.weir.engine.testing.TerminalScreen.screen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.runtime.JobExecution;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {
    @TempDir
    Path dir;

    private static final String JOB = """
            {"version": 1,
             "pipelines": [{"sink": "print", "query": {"op": "select", "expressions": ["name", "n * 2 AS twice"],
               "input": {"op": "values", "schema": {"columns": [{"name": "name", "type": "STRING"}, {"name": "n", "type": "INT"}]},
                         "rows": [["a", 1], ["b", 2], ["c", 3]]}}}]}
            """;

    private record Result(int code, String out, String err) {
    }

    private Result launch(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Launcher.run(args, new PrintStream(out, true), new PrintStream(err, true), false);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void runsAJobFile() throws Exception {
        Path job = Files.writeString(dir.resolve("job.json"), JOB);
        Result r = launch("run", job.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(Launcher.OK);
        assertThat(r.out()).isEqualTo("+I[a, 2]\n+I[b, 4]\n+I[c, 6]\n");
    }

    @Test
    void anInteractiveRunEndsWithAOneLineSummaryPerSource() throws Exception {
        Path job = Files.writeString(dir.resolve("job.json"), JOB);
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(terminal, true, StandardCharsets.UTF_8);

        int code = Launcher.run(new String[] {"run", job.toString()}, stream, stream, true);

        List<String> lines = screen(terminal.toString(StandardCharsets.UTF_8)).stream().filter(l -> !l.isEmpty()).toList();
        assertThat(code).as(String.join("\n", lines)).isEqualTo(Launcher.OK);
        assertThat(lines).containsSubsequence("+I[a, 2]", "+I[b, 4]", "+I[c, 6]");
        assertThat(lines).last().asString().matches("Finished in [0-9]+\\.[0-9] s: 3 rows read \\([0-9,]+ rows/s\\), "
                + "0 checkpoints\\. Values\\[3 rows\\]: 3 read, 3 emitted, 0 skipped, 0 dead-lettered\\.");
    }

    @Test
    void aRunThatIsNotInteractivePrintsOnlyItsRows() throws Exception {
        Path job = Files.writeString(dir.resolve("job.json"), JOB);

        Result r = launch("run", job.toString());

        assertThat(r.out()).isEqualTo("+I[a, 2]\n+I[b, 4]\n+I[c, 6]\n");
        assertThat(r.err()).doesNotContain("Finished in", "\r", "\033");
    }

    @Test
    void explainsAJob() throws Exception {
        Path job = Files.writeString(dir.resolve("job.json"), JOB);
        Result r = launch("explain", "--parallelism", "3", job.toString());
        assertThat(r.code()).isEqualTo(Launcher.OK);
        assertThat(r.out()).contains("parallelism 3", "Chain 1 (parallelism 3)", "Values[3 rows]",
                "Select[name, n * 2 AS twice]", "Sink[print]");
    }

    @Test
    void theRestartWarningNeverShowsTheUserInfoOfAUrl() throws Exception {
        Path job = Files.writeString(dir.resolve("job.json"), JOB.replace("n * 2 AS twice",
                "CAST('http://elastic:hunter2@localhost:9200' AS INT) AS twice").replace("{\"version\": 1,",
                "{\"version\": 1, \"config\": {\"restart-strategy.type\": \"fixed-delay\","
                        + " \"restart-strategy.fixed-delay.attempts\": \"1\", \"restart-strategy.fixed-delay.delay\": \"0 ms\"},"));
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(JobExecution.class.getName());
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                StringWriter thrown = new StringWriter();
                if (record.getThrown() != null) {
                    record.getThrown().printStackTrace(new PrintWriter(thrown));
                }
                logged.add(record.getMessage() + thrown);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            assertThat(launch("run", job.toString()).code()).isEqualTo(Launcher.JOB_FAILED);
        } finally {
            logger.removeHandler(capture);
        }
        assertThat(logged).anySatisfy(line -> assertThat(line).contains("failed; restart 1 of at most 1")
                .contains("http://******@localhost:9200"));
        assertThat(logged).noneSatisfy(line -> assertThat(line).contains("hunter2"));
    }

    @Test
    void explainNeverShowsTheUserInfoOfAUrl() throws Exception {
        Path job = Files.writeString(dir.resolve("job.json"), JOB.replace("\"input\": {\"op\": \"values\"",
                "\"input\": {\"op\": \"filter\", \"condition\": \"name <> 'http://elastic:hunter2@localhost:9200'\","
                        + " \"input\": {\"op\": \"values\"").replace("]]}}}]}", "]]}}}}]}"));
        Result r = launch("explain", job.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(Launcher.OK);
        assertThat(r.out()).doesNotContain("hunter2").contains("http://******@localhost:9200");
    }

    @Test
    void rejectsInvalidJobsBeforeRunning() throws Exception {
        Path job = Files.writeString(dir.resolve("job.json"), JOB.replace("n * 2", "m * 2"));
        Result r = launch("run", job.toString());
        assertThat(r.code()).isEqualTo(Launcher.INVALID);
        assertThat(r.err()).contains("Invalid job", "m * 2");
        assertThat(r.out()).isEmpty();
        assertThat(launch("frobnicate").code()).isEqualTo(Launcher.INVALID);
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void sigtermStopsAnUnboundedJobCleanly() throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        Path marker = dir.resolve("closed");
        Path job = Files.writeString(dir.resolve("job.json"), """
                {"version": 1,
                 "config": {"execution.checkpointing.interval": "20 ms", "execution.checkpointing.dir": "%s"},
                 "tables": {
                   "src": {"connector": "test-source", "options": {"data": "child", "bounded": "false"},
                           "schema": {"columns": [{"name": "id", "type": "BIGINT"}, {"name": "k", "type": "INT"}]}},
                   "out": {"connector": "test-sink", "options": {"name": "out", "closed-marker": "%s"}}},
                 "pipelines": [
                   {"sink": "print", "query": {"op": "aggregate", "groupBy": ["k"], "select": ["k", "COUNT(*) AS n"],
                                                "input": {"op": "scan", "table": "src"}}},
                   {"sink": {"table": "out"}, "query": {"op": "scan", "table": "src"}}]}
                """.formatted(checkpoints, marker));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.weir.engine.testing.LauncherChild", "run", job.toString())
                .start();
        StringBuffer out = new StringBuffer();
        StringBuffer err = new StringBuffer();
        Thread readOut = copy(child.getInputStream(), out);
        Thread readErr = copy(child.getErrorStream(), err);
        // every row counted (ids 0..99 by id % 3), and a checkpoint taken: the job now idles, unbounded
        while (!(out.toString().contains("+U[0, 34]") && out.toString().contains("+U[1, 33]")
                && out.toString().contains("+U[2, 33]") && Files.isDirectory(checkpoints)
                && Files.list(checkpoints).anyMatch(p -> p.getFileName().toString().startsWith("chk-")))) {
            assertThat(child.isAlive()).as(err.toString()).isTrue();
            Thread.sleep(10);
        }
        child.toHandle().destroy(); // SIGTERM, keeping the output streams open (Process.destroy closes them)
        assertThat(child.waitFor()).isEqualTo(143);
        readOut.join();
        readErr.join();
        assertThat(err.toString()).doesNotContain("Exception").contains("Latest checkpoint: " + checkpoints.resolve("chk-"));
        assertThat(Files.readString(dir.resolve("closed.0"))).isEqualTo("closed");
    }

    private static Thread copy(java.io.InputStream in, StringBuffer to) {
        Thread t = new Thread(() -> {
            try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(in))) {
                reader.lines().forEach(line -> to.append(line).append('\n'));
            } catch (java.io.IOException e) {
                to.append(e);
            }
        });
        t.start();
        return t;
    }

    @Test
    void reportsAFailedJob() throws Exception {
        Path job = Files.writeString(dir.resolve("job.json"), JOB.replace("n * 2 AS twice", "10 / (n - 2) AS twice"));
        Result r = launch("run", job.toString());
        assertThat(r.code()).isEqualTo(Launcher.JOB_FAILED);
        assertThat(r.err()).contains("(subtask 1/1) failed on row +I[b, 2]");
    }

    @Test
    void aFailedJobsMessageNeverShowsTheUserInfoOfAUrl() throws Exception {
        Path job = Files.writeString(dir.resolve("job.json"), JOB.replace("n * 2 AS twice",
                "CAST('http://elastic:hunter2@localhost:9200' AS INT) AS twice"));
        Result r = launch("run", job.toString());
        assertThat(r.code()).isEqualTo(Launcher.JOB_FAILED);
        assertThat(r.err()).doesNotContain("hunter2").contains("http://******@localhost:9200");
    }

    @Test
    void refusesAnAbsurdParallelismNamingTheOptionAndTheLimit() throws Exception {
        Path job = Files.writeString(dir.resolve("job.json"), JOB);
        Result r = launch("run", "--parallelism", "1000", job.toString());
        assertThat(r.code()).isEqualTo(Launcher.INVALID);
        assertThat(r.err()).contains("Configuration 'parallelism.default' = '1000' is invalid: expected at most 256");
        assertThat(launch("explain", "--parallelism", "256", job.toString()).code()).isEqualTo(Launcher.OK);
    }

    @Test
    void refusesAJobFileOverTheSizeLimitWithoutReadingIt() throws Exception {
        Path job = dir.resolve("huge.json");
        // sparse: 200 MB long without taking the disk space, and never read
        try (RandomAccessFile file = new RandomAccessFile(job.toFile(), "rw")) {
            file.setLength(200L * 1024 * 1024);
        }
        Result r = launch("run", job.toString());
        assertThat(r.code()).isEqualTo(Launcher.INVALID);
        assertThat(r.err()).contains("Invalid job " + job, "Job spec is too large: 209715200 bytes; the limit is 16777216 (16 MiB).");
    }
}
