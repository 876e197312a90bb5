package dev.weir.engine.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.engine.plan.Planner;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.engine.runtime.JobFailedException;
import dev.weir.engine.spec.JobSpecJson;
import dev.weir.engine.testing.TestData;
import dev.weir.engine.testing.TestSinkStore;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python functions end to end through the engine with real python3 workers (weir._worker from
 * python-bindings/src). Skipped when python3 with numpy and cloudpickle is not available.
 */
@Timeout(180)
class PythonFunctionsTest {
    private static final Path WORKER_PATH = Path.of("..", "python-bindings", "src").toAbsolutePath().normalize();
    private static final int ROWS_PER_SPLIT = 400;

    @TempDir
    Path directory;

    @BeforeAll
    static void requirePython() throws Exception {
        boolean available;
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy, cloudpickle").redirectErrorStream(true).start();
            available = p.waitFor() == 0 && Files.isDirectory(WORKER_PATH.resolve("weir/_worker"));
        } catch (IOException e) {
            available = false;
        }
        assumeTrue(available, "python3 with numpy and cloudpickle, and python-bindings/src, are needed");
    }

    /**
     * The cloudpickled, base64 value of {@code name} after running {@code source} in a fresh python3.
     * The source is a file, so that tracebacks in the workers can quote its lines.
     */
    private String pickled(String source, String name) throws Exception {
        Path file = Files.createTempFile(directory, "functions", ".py");
        Files.writeString(file, source);
        String program = "import base64, cloudpickle, sys\nexec(compile(open(sys.argv[1]).read(), sys.argv[1], 'exec'))\n"
                + "sys.stdout.write(base64.b64encode(cloudpickle.dumps(" + name + ")).decode())";
        ProcessBuilder builder = new ProcessBuilder("python3", "-c", program, file.toString());
        builder.environment().put("PYTHONPATH", WORKER_PATH.toString());
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(err).isZero();
        return out;
    }

    private static String function(String kind, String funcType, String payload, String resultType) {
        return """
                {"language": "python", "kind": "%s", "funcType": "%s", "payload": "%s", "resultType": "%s"}"""
                .formatted(kind, funcType, payload, resultType);
    }

    private String spec(String source, String sink, String functions, String query, String extraConfig) {
        return """
                {"version": 1,
                 "config": {"parallelism.default": "2", "python.executable": "python3",
                            "python.worker.pythonpath": "%s", "python.fn-execution.bundle.size": "50",
                            "execution.checkpointing.interval": "30 ms", "execution.checkpointing.dir": "%s" %s},
                 "tables": {
                   "src": {"connector": "test-source", "options": {"data": "%s"},
                           "schema": {"columns": [{"name": "id", "type": "BIGINT"}, {"name": "k", "type": "INT"}]}},
                   "out": {"connector": "test-sink", "options": {"name": "%s", "two-phase": "true"}}
                 },
                 "functions": {%s},
                 "pipelines": [{"sink": {"table": "out"}, "query": %s}]}
                """.formatted(json(WORKER_PATH.toString()), json(directory.resolve("checkpoints").toString()), extraConfig,
                source, sink, functions, query);
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static TestData data(String name) {
        List<List<Row>> splits = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < ROWS_PER_SPLIT; i++) {
                long id = s * ROWS_PER_SPLIT + i;
                rows.add(Row.of(id, (int) (id % 5)));
            }
            splits.add(rows);
        }
        return TestData.register(name, splits);
    }

    private static String select(String... expressions) {
        return "{\"op\": \"select\", \"expressions\": [\"" + String.join("\", \"", expressions)
                + "\"], \"input\": {\"op\": \"scan\", \"table\": \"src\"}}";
    }

    @Test
    void scalarFunctionsRunInBatchesOnEverySubtask() throws Exception {
        String name = "scalar-" + UUID.randomUUID();
        data(name);
        TestSinkStore out = TestSinkStore.create(name + "-out");
        String twice = """
                from weir.table.udf import ScalarFunction
                class Twice(ScalarFunction):
                    def open(self, context):
                        self.calls = context.get_metric_group().add_group("twice").counter("calls")
                    def eval(self, x):
                        self.calls.inc()
                        return x * 2
                f = Twice()
                """;
        String functions = "\"twice\": " + function("scalar", "general", pickled(twice, "f"), "BIGINT")
                + ", \"label\": " + function("scalar", "numpy",
                pickled("import numpy as np\nf = lambda k: np.array(['k' + str(v) for v in k], dtype=object)", "f"), "STRING");
        JobExecution job = JobExecution.start(Planner.create().plan(JobSpecJson.parse(spec(name, name + "-out", functions,
                select("id", "twice(twice(id)) + 1 AS t", "label(k) AS l"), ""))));
        assertThat(job.await()).isEqualTo(JobExecution.Status.FINISHED);
        List<Row> expected = new ArrayList<>();
        for (long id = 0; id < 2 * ROWS_PER_SPLIT; id++) {
            expected.add(Row.of(id, id * 4 + 1, "k" + id % 5));
        }
        assertThat(out.committed()).containsExactlyInAnyOrderElementsOf(expected);
        // twice(twice(id)): two stages, each calling the function once per row
        assertThat(job.metricSum("PythonCalc", "twice.calls")).isEqualTo(2L * 2 * ROWS_PER_SPLIT);
    }

    @Test
    void everyColumnTypeTravelsBothWays() throws Exception {
        String identity = pickled("f = lambda v: v", "f");
        String types = "BOOLEAN,TINYINT,SMALLINT,INT,BIGINT,FLOAT,DOUBLE,DECIMAL(10, 3),STRING,BYTES,DATE,TIME(0),"
                + "TIMESTAMP(6),TIMESTAMP_LTZ(3),ARRAY<INT>,ROW<a INT, b STRING>,MAP<STRING, INT>";
        List<String> typeList = List.of(types.split(",(?![^<(]*[>)])"));
        StringBuilder functions = new StringBuilder();
        StringBuilder columns = new StringBuilder();
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < typeList.size(); i++) {
            functions.append(i == 0 ? "" : ", ").append("\"id").append(i).append("\": ")
                    .append(function("scalar", "general", identity, typeList.get(i)));
            columns.append(i == 0 ? "" : ", ").append("{\"name\": \"c").append(i).append("\", \"type\": \"")
                    .append(typeList.get(i)).append("\"}");
            calls.add("\"id" + i + "(c" + i + ") AS c" + i + "\"");
        }
        String row = "[true, 1, 2, 3, 4, 1.5, 2.25, 3.125, \"zoë\", \"AAE=\", \"2024-01-31\", \"12:30:01\", "
                + "\"2024-01-31 12:00:01.123456\", \"2024-01-31T12:00:01.123Z\", [1, null], {\"a\": 1, \"b\": \"x\"}, "
                + "{\"k\": 1, \"none\": null}]";
        String nulls = "[" + String.join(", ", java.util.Collections.nCopies(typeList.size(), "null")) + "]";
        String name = "types-" + UUID.randomUUID();
        TestSinkStore out = TestSinkStore.create(name);
        String job = """
                {"version": 1,
                 "config": {"python.executable": "python3", "python.worker.pythonpath": "%s"},
                 "tables": {"out": {"connector": "test-sink", "options": {"name": "%s"}}},
                 "functions": {%s},
                 "pipelines": [{"sink": {"table": "out"}, "query": {"op": "select", "expressions": [%s],
                   "input": {"op": "values", "schema": {"columns": [%s]}, "rows": [%s, %s]}}}]}
                """.formatted(json(WORKER_PATH.toString()), name, functions, String.join(", ", calls), columns, row, nulls);
        assertThat(JobExecution.start(Planner.create().plan(JobSpecJson.parse(job))).await())
                .isEqualTo(JobExecution.Status.FINISHED);
        List<Row> rows = out.written();
        assertThat(rows).hasSize(2);
        Row values = rows.get(0);
        assertThat(values.getField(0)).isEqualTo(true);
        assertThat(values.getField(1)).isEqualTo((byte) 1);
        assertThat(values.getField(7)).isEqualTo(new BigDecimal("3.125"));
        assertThat(values.getField(8)).isEqualTo("zoë");
        assertThat((byte[]) values.getField(9)).containsExactly(0, 1);
        assertThat(values.getField(10)).isEqualTo(LocalDate.of(2024, 1, 31));
        assertThat(values.getField(12)).isEqualTo(LocalDateTime.of(2024, 1, 31, 12, 0, 1, 123_456_000));
        assertThat(values.getField(13)).isEqualTo(Instant.parse("2024-01-31T12:00:01.123Z"));
        assertThat(values.getField(14)).isEqualTo(java.util.Arrays.asList(1, null));
        assertThat(values.getField(15)).isEqualTo(Row.of(1, "x"));
        Map<String, Integer> map = new HashMap<>();
        map.put("k", 1);
        map.put("none", null);
        assertThat(values.getField(16)).isEqualTo(map);
        assertThat(rows.get(1).values()).containsOnlyNulls();
    }

    @Test
    void aKilledWorkerRestartsTheJobFromItsCheckpointExactlyOnce() throws Exception {
        String name = "crash-" + UUID.randomUUID();
        data(name);
        TestSinkStore out = TestSinkStore.create(name + "-out");
        Path marker = directory.resolve("killed-once");
        String source = """
                import os, signal
                def f(x):
                    if x == 600 and not os.path.exists(%s):
                        open(%s, 'w').close()
                        os.kill(os.getpid(), signal.SIGKILL)
                    return x + 1000
                """.formatted("'" + marker + "'", "'" + marker + "'");
        String functions = "\"bump\": " + function("scalar", "general", pickled(source, "f"), "BIGINT");
        String restart = ", \"restart-strategy.type\": \"fixed-delay\", \"restart-strategy.fixed-delay.attempts\": \"2\","
                + " \"restart-strategy.fixed-delay.delay\": \"10 ms\"";
        JobExecution job = JobExecution.start(Planner.create().plan(JobSpecJson.parse(
                spec(name, name + "-out", functions, select("id", "bump(id) AS b"), restart))));
        assertThat(job.await()).isEqualTo(JobExecution.Status.FINISHED);
        assertThat(Files.exists(marker)).isTrue();
        assertThat(job.restarts()).isEqualTo(1);
        List<Row> expected = new ArrayList<>();
        for (long id = 0; id < 2 * ROWS_PER_SPLIT; id++) {
            expected.add(Row.of(id, id + 1000));
        }
        assertThat(out.committed()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aFailingFunctionNamesItselfItsTracebackAndTheRow() throws Exception {
        String name = "fail-" + UUID.randomUUID();
        data(name);
        TestSinkStore.create(name + "-out");
        String source = "def checked(x):\n    if x == 123:\n        raise ValueError('no 123 please')\n    return x";
        String functions = "\"checked\": " + function("scalar", "general", pickled(source, "checked"), "BIGINT");
        JobExecution job = JobExecution.start(Planner.create().plan(JobSpecJson.parse(
                spec(name, name + "-out", functions, select("checked(id) AS c", "k"), ""))));
        assertThatThrownBy(job::await).isInstanceOf(JobFailedException.class)
                .hasMessageContaining("Python function 'checked' failed on input row +I[123, 3]")
                .hasMessageContaining("ValueError: no 123 please")
                .hasMessageContaining("raise ValueError('no 123 please')")
                .hasRootCauseInstanceOf(PythonFunctionException.class);
    }

    @Test
    void aggregateAccumulatorsAreCheckpointedAndRestored() throws Exception {
        String name = "udaf-" + UUID.randomUUID();
        TestData data = data(name).pauseAt(150);
        TestSinkStore out = TestSinkStore.create(name + "-out");
        String source = """
                from weir.table.udf import AggregateFunction
                class Total(AggregateFunction):
                    def create_accumulator(self):
                        return {'sum': 0}
                    def accumulate(self, acc, x):
                        acc['sum'] += x
                    def retract(self, acc, x):
                        acc['sum'] -= x
                    def get_value(self, acc):
                        return acc['sum']
                total = Total()
                """;
        String functions = "\"total\": " + function("aggregate", "general", pickled(source, "total"), "BIGINT");
        String query = "{\"op\": \"aggregate\", \"groupBy\": [\"k\"], \"select\": [\"k\", \"total(id) AS s\"],"
                + " \"input\": {\"op\": \"scan\", \"table\": \"src\"}}";
        String spec = spec(name, name + "-out", functions, query, "");
        stopAtThePauseAndFinishFromItsCheckpoint(spec, data);
        Map<Object, Object> totals = new HashMap<>();
        for (Row r : out.committed()) {
            if (r.kind().isAccumulate()) {
                totals.put(r.getField(0), r.getField(1));
            }
        }
        Map<Object, Object> expected = new HashMap<>();
        for (long id = 0; id < 2 * ROWS_PER_SPLIT; id++) {
            expected.merge((int) (id % 5), id, (a, b) -> (Long) a + (Long) b);
        }
        assertThat(totals).isEqualTo(expected);
    }

    @Test
    void tableAggregateStateIsCheckpointedAndItsChangelogRetractsEarlierRows() throws Exception {
        String name = "udtaf-" + UUID.randomUUID();
        TestData data = data(name).pauseAt(150);
        TestSinkStore out = TestSinkStore.create(name + "-out");
        String source = """
                from weir.table.udf import TableAggregateFunction
                class Top2(TableAggregateFunction):
                    def create_accumulator(self):
                        return []
                    def accumulate(self, acc, x):
                        acc.append(x)
                        acc.sort(reverse=True)
                        del acc[2:]
                    def emit_value(self, acc):
                        for rank, x in enumerate(acc, 1):
                            yield x, rank
                top2 = Top2()
                """;
        String functions = "\"top2\": " + function("tableAggregate", "general", pickled(source, "top2"),
                "ROW<v BIGINT, r INT>") + ", \"twice\": " + function("scalar", "general", pickled("f = lambda x: x * 2", "f"),
                "BIGINT");
        String query = "{\"op\": \"flatAggregate\", \"groupBy\": [\"k\"], \"function\": \"top2\","
                + " \"arguments\": [\"twice(id)\"], \"input\": {\"op\": \"scan\", \"table\": \"src\"}}";
        String spec = spec(name, name + "-out", functions, query, "");
        stopAtThePauseAndFinishFromItsCheckpoint(spec, data);
        List<Row> current = new ArrayList<>();
        for (Row r : out.committed()) {
            Row insert = Row.of(r.values().toArray());
            if (r.kind() == RowKind.INSERT) {
                current.add(insert);
            } else {
                assertThat(r.kind()).isEqualTo(RowKind.DELETE);
                assertThat(current.remove(insert)).as("%s retracts a row emitted before", r).isTrue();
            }
        }
        List<Row> expected = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            long largest = 2 * ROWS_PER_SPLIT - 5 + k;  // the largest id with id % 5 == k
            expected.add(Row.of(k, 2 * largest, 1));
            expected.add(Row.of(k, 2 * (largest - 5), 2));
        }
        assertThat(current).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void pythonCallsInWindowAggregateArgumentsRunBeforeTheWindowAndLateRowsLeaveWithoutThem() throws Exception {
        String name = "window-" + UUID.randomUUID();
        LocalDateTime start = LocalDateTime.of(2024, 1, 1, 0, 0);
        // watermark = ts: the row at 2 s arrives after 15 s and is late for [0 s, 10 s) (batches of one row, so
        // the watermark of 15 s leaves the Python stage before it)
        TestData.register(name, List.of(List.of(Row.of("a", 1, start.plusSeconds(1)),
                Row.of("a", 3, start.plusSeconds(9)), Row.of("a", 5, start.plusSeconds(15)),
                Row.of("a", 100, start.plusSeconds(2)))));
        TestSinkStore out = TestSinkStore.create(name + "-out");
        TestSinkStore late = TestSinkStore.create(name + "-late");
        String functions = "\"twice\": " + function("scalar", "general", pickled("f = lambda x: x * 2", "f"), "INT");
        String job = """
                {"version": 1,
                 "config": {"python.executable": "python3", "python.worker.pythonpath": "%s",
                            "python.fn-execution.bundle.size": "1",
                            "table.exec.late-rows": "side-output", "table.exec.late-rows.sink": "late"},
                 "tables": {
                   "src": {"connector": "test-source", "options": {"data": "%s"},
                           "schema": {"columns": [{"name": "k", "type": "STRING"}, {"name": "v", "type": "INT"},
                                                  {"name": "ts", "type": "TIMESTAMP(3)"}],
                                      "watermark": {"column": "ts", "expression": "ts"}}},
                   "out": {"connector": "test-sink", "options": {"name": "%s"}},
                   "late": {"connector": "test-sink", "options": {"name": "%s"}}
                 },
                 "functions": {%s},
                 "pipelines": [{"sink": {"table": "out"}, "query": {"op": "windowAggregate",
                   "window": {"type": "tumble", "size": "10 s", "on": "ts", "alias": "w"}, "groupBy": ["w", "k"],
                   "select": ["k", "w.start", "SUM(twice(v) + 1) AS s"], "input": {"op": "scan", "table": "src"}}}]}
                """.formatted(json(WORKER_PATH.toString()), name, name + "-out", name + "-late", functions);
        assertThat(JobExecution.start(Planner.create().plan(JobSpecJson.parse(job))).await())
                .isEqualTo(JobExecution.Status.FINISHED);
        assertThat(out.written()).containsExactlyInAnyOrder(Row.of("a", start, 10),
                Row.of("a", start.plusSeconds(10), 11));
        assertThat(late.written()).containsExactly(Row.of("a", 100, start.plusSeconds(2)));
    }

    /**
     * Runs the job until both splits paused and two more checkpoints completed, cancels it, then
     * lets the input go on and runs the job again from its checkpoints, to the end.
     */
    private void stopAtThePauseAndFinishFromItsCheckpoint(String spec, TestData data) throws InterruptedException {
        JobExecution first = JobExecution.start(Planner.create().plan(JobSpecJson.parse(spec)));
        waitUntil(() -> data.pausedSplits() == 2);
        long atPause = checkpointId(first);
        waitUntil(() -> checkpointId(first) >= atPause + 2);
        first.cancel();
        first.completion().join();

        data.resume();
        JobExecution second = JobExecution.start(Planner.create().plan(JobSpecJson.parse(spec)),
                Optional.of(directory.resolve("checkpoints")));
        assertThat(second.await()).isEqualTo(JobExecution.Status.FINISHED);
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(5);
        }
    }

    private static long checkpointId(JobExecution job) {
        return job.latestCheckpoint().map(p -> Long.parseLong(p.getFileName().toString().substring(4))).orElse(0L);
    }
}
