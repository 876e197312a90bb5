package dev.weir.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.data.Row;
import dev.weir.engine.plan.Planner;
import dev.weir.engine.spec.JobSpecJson;
import dev.weir.engine.testing.TestData;
import dev.weir.engine.testing.TestSinkStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class BackPressureTest {
    private static final int ROWS = 10_000;
    private static final int BATCH = 16;
    private static final int QUEUE_BATCHES = 2;

    @Test
    void aBlockedSinkBoundsWhatTheSourceReads() throws Exception {
        String name = "bp-" + UUID.randomUUID();
        List<Row> rows = new ArrayList<>();
        for (long i = 0; i < ROWS; i++) {
            rows.add(Row.of(i));
        }
        TestData data = TestData.register(name, List.of(rows));
        TestSinkStore sink = TestSinkStore.create(name).blockWrites();
        String spec = """
                {"version": 1,
                 "config": {"pipeline.operator-chaining.enabled": "false", "execution.exchange.batch-size": "%d",
                            "execution.exchange.queue-batches": "%d"},
                 "tables": {"src": {"connector": "test-source", "options": {"data": "%s"},
                                    "schema": {"columns": [{"name": "id", "type": "BIGINT"}]}},
                            "out": {"connector": "test-sink", "options": {"name": "%s"}}},
                 "pipelines": [{"sink": {"table": "out"}, "query": {"op": "scan", "table": "src"}}]}
                """.formatted(BATCH, QUEUE_BATCHES, name, name);
        JobExecution job = JobExecution.start(Planner.create().plan(JobSpecJson.parse(spec)));

        while (job.metricSum("Sink[out]", "inputQueueLength") < QUEUE_BATCHES) {
            Thread.sleep(5);
        }
        // the queue is full: the source can have read at most what the queue, the batch being written
        // and its own exchange buffer hold, plus the row that found the queue full
        int bound = (QUEUE_BATCHES + 2) * BATCH + 1;
        assertThat(data.rowsEmitted()).isLessThanOrEqualTo(bound);
        assertThat(job.metricSum("Sink[out]", "inputQueueMaxLength")).isEqualTo(QUEUE_BATCHES);
        assertThat(job.metricSum("Source[src]", "pendingRecords")).isEqualTo(ROWS - data.rowsEmitted());

        sink.unblock();
        assertThat(job.await()).isEqualTo(JobExecution.Status.FINISHED);
        assertThat(sink.written()).hasSize(ROWS);
        assertThat(job.metricSum("Sink[out]", "inputQueueMaxLength")).isEqualTo(QUEUE_BATCHES);
        assertThat(job.metricSum("Source[src]", "numRecordsOut")).isEqualTo(ROWS);
        assertThat(job.metricSum("Sink[out]", "numRecordsIn")).isEqualTo(ROWS);
    }
}
