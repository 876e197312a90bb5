package dev.weir.engine.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ValidationException;
import dev.weir.api.data.Row;
import dev.weir.engine.plan.PhysicalPlan;
import dev.weir.engine.plan.Planner;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.engine.testing.TestData;
import dev.weir.engine.testing.TestSinkStore;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class JobSpecTest {
    private static String job(String data, String sink, String query) {
        return """
                {
                  "version": 1,
                  "config": {"parallelism.default": "2"},
                  "tables": {
                    "orders": {
                      "connector": "test-source",
                      "schema": {"columns": [
                        {"name": "id", "type": "BIGINT"},
                        {"name": "product", "type": "STRING"},
                        {"name": "price", "type": "DOUBLE"},
                        {"name": "doubled", "expression": "price * 2"}
                      ]},
                      "options": {"data": "%s"}
                    },
                    "out": {
                      "connector": "test-sink",
                      "schema": {"columns": [
                        {"name": "product", "type": "STRING"},
                        {"name": "doubled", "type": "DOUBLE"}
                      ]},
                      "options": {"name": "%s"}
                    }
                  },
                  "pipelines": [{"sink": {"table": "out"}, "query": %s}]
                }
                """.formatted(data, sink, query);
    }

    private static final String FILTERED = """
            {"op": "select", "expressions": ["product", "doubled"],
             "input": {"op": "filter", "condition": "price > 10", "input": {"op": "scan", "table": "orders"}}}
            """;

    @Test
    void runsABoundedJsonJobWithComputedColumns() {
        String data = "orders-" + UUID.randomUUID();
        TestData.register(data, List.of(List.of(Row.of(1L, "pen", 2.5), Row.of(2L, "book", 12.0)),
                List.of(Row.of(3L, "lamp", 30.0))));
        String sink = "out-" + UUID.randomUUID();
        TestSinkStore store = TestSinkStore.create(sink);
        JobSpec spec = JobSpecJson.parse(job(data, sink, FILTERED));
        PhysicalPlan plan = Planner.create().plan(spec);
        assertThat(JobExecution.start(plan).await()).isEqualTo(JobExecution.Status.FINISHED);
        assertThat(store.written()).containsExactlyInAnyOrder(Row.of("book", 24.0), Row.of("lamp", 60.0));
    }

    @Test
    void runsAnUnboundedJsonJobUntilCancelled() throws Exception {
        String data = "unbounded-" + UUID.randomUUID();
        TestData.register(data, List.of(List.of(Row.of(1L, "pen", 2.5), Row.of(2L, "book", 12.0)), List.of()));
        String spec = job(data, "unused", "{}").replace("\"options\": {\"data\": \"" + data + "\"}",
                "\"options\": {\"data\": \"" + data + "\", \"bounded\": \"false\"}");
        spec = spec.replace("{\"sink\": {\"table\": \"out\"}, \"query\": {}}", """
                {"sink": "print", "query": {"op": "aggregate", "groupBy": [], "select": ["COUNT(*) AS n", "SUM(price) AS total"],
                  "input": {"op": "scan", "table": "orders"}}}""");
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        Planner planner = new Planner(dev.weir.engine.expr.ExpressionCompiler.create(),
                dev.weir.api.factory.FactoryDiscovery.load(cl), cl, new java.io.PrintStream(printed, true));
        PhysicalPlan plan = planner.plan(JobSpecJson.parse(spec));
        assertThat(plan.isBounded()).isFalse();
        JobExecution job = JobExecution.start(plan);
        // a global aggregation: +I after the first row, then -U/+U after the second
        while (!printed.toString().contains("+U[2, 14.5]")) {
            assertThat(job.status()).isEqualTo(JobExecution.Status.RUNNING);
            Thread.sleep(5);
        }
        assertThat(job.status()).isEqualTo(JobExecution.Status.RUNNING);
        job.cancel();
        assertThat(job.await()).isEqualTo(JobExecution.Status.CANCELLED);
        assertThat(printed.toString().lines().map(l -> l.replaceFirst("^\\d> ", "")).toList())
                .containsExactly("+I[1, 2.5]", "-U[1, 2.5]", "+U[2, 14.5]");
    }

    @Test
    void scansLayOutPhysicalComputedAndMetadataColumnsInSchemaOrder() {
        String data = "meta-" + UUID.randomUUID();
        TestData.register(data, List.of(List.of(Row.of(1L), Row.of(2L)), List.of(Row.of(3L))));
        String spec = """
                {"version": 1, "config": {"execution.runtime-mode": "batch"},
                 "tables": {"t": {"connector": "test-source", "options": {"data": "%s"}, "schema": {"columns": [
                   {"name": "src", "type": "STRING", "metadata": "split", "virtual": true},
                   {"name": "twice", "expression": "id * 2"},
                   {"name": "id", "type": "BIGINT"}]}}},
                 "pipelines": [{"sink": "collect", "query": {"op": "scan", "table": "t"}}]}
                """.formatted(data);
        PhysicalPlan plan = Planner.create().plan(JobSpecJson.parse(spec));
        JobExecution job = JobExecution.start(plan);
        assertThat(job.await()).isEqualTo(JobExecution.Status.FINISHED);
        List<Row> rows = new java.util.ArrayList<>(plan.collectQueue());
        assertThat(rows).containsExactlyInAnyOrder(Row.of("split-0", 2L, 1L), Row.of("split-0", 4L, 2L),
                Row.of("split-1", 6L, 3L));
    }

    @Test
    void roundTripsThroughJson() {
        JobSpec spec = JobSpecJson.parse(job("d", "s", FILTERED));
        assertThat(JobSpecJson.parse(JobSpecJson.toJsonString(spec))).isEqualTo(spec);
        String windowed = """
                {"version": 1, "pipelines": [{"sink": "print", "query": {"op": "windowAggregate",
                  "window": {"type": "slide", "size": "10 s", "slide": "5 s", "on": "ts", "alias": "w"},
                  "groupBy": ["w", "k"], "select": ["k", "w.end", "COUNT(*)"],
                  "input": {"op": "values", "schema": {"columns": [{"name": "k", "type": "STRING"},
                    {"name": "ts", "type": "TIMESTAMP(3)"}]}, "rows": [["a", "2024-01-01 00:00:01"]]}}}]}
                """;
        JobSpec parsed = JobSpecJson.parse(windowed);
        assertThat(JobSpecJson.parse(JobSpecJson.toJsonString(parsed))).isEqualTo(parsed);
        for (String arguments : List.of("", "\"arguments\": [\"v + 1\"], \"aliases\": [\"top\"], ")) {
            String flatAggregate = """
                    {"version": 1, "pipelines": [{"sink": "print", "query": {"op": "flatAggregate", "groupBy": ["k"],
                      "function": "top2", %s"input": {"op": "scan", "table": "t"}}}]}
                    """.formatted(arguments);
            JobSpec table = JobSpecJson.parse(flatAggregate);
            assertThat(JobSpecJson.parse(JobSpecJson.toJsonString(table))).isEqualTo(table);
        }
    }

    @Test
    void explainShowsChainsAndExchanges() {
        String query = """
                {"op": "aggregate", "groupBy": ["product"], "select": ["product", "SUM(doubled) AS doubled"],
                 "input": {"op": "filter", "condition": "price > 10", "input": {"op": "scan", "table": "orders"}}}
                """;
        String explained = Planner.create().plan(JobSpecJson.parse(job("d", "s", query))).explain();
        assertThat(explained).contains("Chain 1 (parallelism 2)", "Source[orders]", "Filter[price > 10]",
                "Chain 2 (parallelism 2) <- hash(", "from chain 1", "GroupAggregate[groupBy: product", "Sink[out]");
    }

    @Test
    void planTimeErrorsNameTheProblem() {
        Planner planner = Planner.create();
        assertThatThrownBy(() -> planner.plan(JobSpecJson.parse(job("d", "s", """
                {"op": "select", "expressions": ["prodct"], "input": {"op": "scan", "table": "orders"}}"""))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("prodct");
        assertThatThrownBy(() -> planner.plan(JobSpecJson.parse(job("d", "s", """
                {"op": "scan", "table": "ordres"}"""))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("Table 'ordres' is not declared")
                .hasMessageContaining("Did you mean 'orders'");
        assertThatThrownBy(() -> planner.plan(JobSpecJson.parse(job("d", "s", """
                {"op": "scan", "descriptor": {"connector": "kafkaa", "schema": {"columns": [{"name": "a", "type": "INT"}]}}}"""))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("kafkaa");
        assertThatThrownBy(() -> planner.plan(JobSpecJson.parse(job("d", "s", """
                {"op": "select", "expressions": ["doubled", "product"], "input": {"op": "scan", "table": "orders"}}"""))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("Column 1: query column 'doubled' is DOUBLE")
                .hasMessageContaining("reorder the select");
        assertThatThrownBy(() -> planner.plan(JobSpecJson.parse(job("d", "s", """
                {"op": "select", "expressions": ["product"], "input": {"op": "scan", "table": "orders"}}"""))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("Query has 1 columns (product STRING) but sink 'out' expects 2");
        assertThatThrownBy(() -> JobSpecJson.parse(job("d", "s", """
                {"op": "selct", "input": {"op": "scan", "table": "orders"}}""")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("$.pipelines[0].query.op: unknown operation 'selct'");
    }

    @Test
    void operatorFailuresNameOperatorSubtaskAndRow() {
        String data = "fail-" + UUID.randomUUID();
        TestData.register(data, List.of(List.of(Row.of(1L, "pen", 2.5), Row.of(2L, "book", 0.0))));
        String spec = job(data, "x", """
                {"op": "select", "expressions": ["product", "CAST(10 / CAST(price AS INT) AS DOUBLE) AS doubled"],
                 "input": {"op": "scan", "table": "orders"}}""");
        JobExecution job = JobExecution.start(Planner.create().plan(JobSpecJson.parse(spec)));
        assertThatThrownBy(job::await).hasMessageContaining("Operator 'Select[product, CAST(10 / CAST(price AS INT) AS DOUBLE) AS doubled]' (subtask 1/2) failed on row +I[2, book, 0.0, 0.0]");
    }

    @Test
    void jsonNestedPastTheLimitIsRefusedWithItsLocation() {
        String nested = "{\"version\": 1, \"x\": " + "[".repeat(1200) + "]".repeat(1200) + "}";
        assertThatThrownBy(() -> JobSpecJson.parse(nested)).isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("Job spec is not valid JSON: Document nesting depth (1001) exceeds the maximum allowed (1000")
                .hasMessageEndingWith(" at line 1, column 1021.");
    }

    @Test
    void specsOverTheSizeLimitAreRefusedNamingIt() {
        String huge = job("d", "s", FILTERED) + " ".repeat(JobSpecJson.MAX_LENGTH);
        assertThatThrownBy(() -> JobSpecJson.parse(huge)).isInstanceOf(ValidationException.class)
                .hasMessage("Job spec is too large: " + huge.length() + " characters; the limit is 16777216 (16 MiB).");
    }
}
