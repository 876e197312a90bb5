package dev.weir.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.engine.plan.PhysicalPlan;
import dev.weir.engine.plan.Planner;
import dev.weir.engine.spec.JobSpecJson;
import dev.weir.engine.testing.TestData;
import dev.weir.engine.testing.TestSinkStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class CheckpointTest {
    private static final int ROWS_PER_SPLIT = 300;

    @TempDir
    Path checkpoints;

    /** Two pipelines from one source: rows with k into a 2PC sink, and SUM/COUNT per k into another. */
    private String spec(String data, String rowsSink, String aggSink, String extraConfig) {
        return """
                {"version": 1,
                 "config": {"parallelism.default": "2", "execution.checkpointing.interval": "20 ms",
                            "execution.checkpointing.dir": "%s" %s},
                 "tables": {
                   "src": {"connector": "test-source", "options": {"data": "%s"},
                           "schema": {"columns": [{"name": "id", "type": "BIGINT"}, {"name": "k", "type": "INT"}]}},
                   "rows": {"connector": "test-sink", "options": {"name": "%s", "two-phase": "true"}},
                   "agg": {"connector": "test-sink", "options": {"name": "%s", "two-phase": "true"}}
                 },
                 "pipelines": [
                   {"sink": {"table": "rows"}, "query": {"op": "scan", "table": "src"}},
                   {"sink": {"table": "agg"}, "query": {"op": "aggregate", "groupBy": ["k"],
                     "select": ["k", "COUNT(*) AS n", "SUM(id) AS total"], "input": {"op": "scan", "table": "src"}}}
                 ]}
                """.formatted(checkpoints.toString().replace("\\", "\\\\"), extraConfig, data, rowsSink, aggSink);
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

    /** Applies a changelog: the final row per key. */
    private static Map<Object, Row> finalRows(List<Row> changelog) {
        Map<Object, Row> result = new HashMap<>();
        for (Row r : changelog) {
            if (r.kind().isAccumulate()) {
                Row copy = r.copy();
                copy.setKind(RowKind.INSERT);
                result.put(r.getField(0), copy);
            } else if (r.kind() == RowKind.DELETE) {
                result.remove(r.getField(0));
            }
        }
        return result;
    }

    private static Map<Object, Row> expectedAggregates() {
        Map<Object, Row> expected = new HashMap<>();
        for (int k = 0; k < 7; k++) {
            long n = 0;
            long total = 0;
            for (long id = 0; id < 2 * ROWS_PER_SPLIT; id++) {
                if (id % 7 == k) {
                    n++;
                    total += id;
                }
            }
            expected.put(k, Row.of(k, n, total));
        }
        return expected;
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(5);
        }
    }

    private static long checkpointId(JobExecution job) {
        return job.latestCheckpoint().map(p -> Long.parseLong(p.getFileName().toString().substring(4))).orElse(0L);
    }

    /** Resuming with another parallelism redistributes splits and keyed state. */
    @ParameterizedTest(name = "resumed with parallelism {0}")
    @ValueSource(ints = {2, 1, 3})
    void aJobStoppedMidStreamResumesFromItsCheckpointExactlyOnce(int resumeParallelism) throws Exception {
        String name = "cp-" + UUID.randomUUID();
        TestData data = data(name).pauseAt(100);
        TestSinkStore rows = TestSinkStore.create(name + "-rows");
        TestSinkStore agg = TestSinkStore.create(name + "-agg");
        String spec = spec(name, name + "-rows", name + "-agg", "");

        JobExecution first = JobExecution.start(Planner.create().plan(JobSpecJson.parse(spec)));
        waitUntil(() -> data.pausedSplits() == 4); // two splits, read by each of the two pipelines
        long atPause = checkpointId(first);
        waitUntil(() -> checkpointId(first) >= atPause + 2);
        first.cancel();
        assertThat(first.completion().join()).isEqualTo(JobExecution.Status.CANCELLED);
        assertThat(rows.committed()).hasSize(200);
        assertThat(first.completedCheckpoints()).isGreaterThanOrEqualTo(2); // what weir run's summary reports

        data.resume();
        PhysicalPlan plan = Planner.create().plan(JobSpecJson.parse(
                spec.replace("\"parallelism.default\": \"2\"", "\"parallelism.default\": \"" + resumeParallelism + "\"")));
        assertThat(plan.config().parallelism()).isEqualTo(resumeParallelism);
        JobExecution second = JobExecution.start(plan, Optional.of(checkpoints));
        assertThat(second.await()).isEqualTo(JobExecution.Status.FINISHED);

        assertThat(rows.committed()).containsExactlyInAnyOrderElementsOf(allRows());
        assertThat(finalRows(agg.committed())).isEqualTo(expectedAggregates());
        try (var dirs = Files.list(checkpoints)) {
            assertThat(dirs.filter(d -> d.getFileName().toString().startsWith("chk-")).count()).isEqualTo(1);
        }
    }

    @Test
    void theRestartStrategyRecoversFromAnInjectedFailure() {
        String name = "restart-" + UUID.randomUUID();
        data(name);
        TestSinkStore rows = TestSinkStore.create(name + "-rows").failOnceOn("[450, ");
        TestSinkStore agg = TestSinkStore.create(name + "-agg");
        String spec = spec(name, name + "-rows", name + "-agg",
                ", \"restart-strategy.type\": \"fixed-delay\", \"restart-strategy.fixed-delay.attempts\": \"2\","
                        + " \"restart-strategy.fixed-delay.delay\": \"10 ms\"");
        JobExecution job = JobExecution.start(Planner.create().plan(JobSpecJson.parse(spec)));
        assertThat(job.await()).isEqualTo(JobExecution.Status.FINISHED);
        assertThat(job.restarts()).isEqualTo(1);
        assertThat(rows.committed()).containsExactlyInAnyOrderElementsOf(allRows());
        assertThat(finalRows(agg.committed())).isEqualTo(expectedAggregates());
    }

    @Test
    void withoutRestartsAFailureFailsTheJob() {
        String name = "norestart-" + UUID.randomUUID();
        data(name);
        TestSinkStore.create(name + "-rows").failOnceOn("[450, ");
        TestSinkStore.create(name + "-agg");
        JobExecution job = JobExecution.start(Planner.create().plan(JobSpecJson.parse(spec(name, name + "-rows", name + "-agg", ""))));
        org.assertj.core.api.Assertions.assertThatThrownBy(job::await).isInstanceOf(JobFailedException.class)
                .hasMessageContaining("Operator 'Sink[rows]'").hasMessageContaining("failed on row +I[450, 2]: injected failure");
    }
}
