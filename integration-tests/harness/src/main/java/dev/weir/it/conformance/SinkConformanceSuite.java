package dev.weir.it.conformance;

import static dev.weir.it.conformance.ConformanceData.rows;
import static dev.weir.it.conformance.ConformanceData.sorted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weir.api.data.Row;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.sink.DeliveryGuarantee;
import dev.weir.testing.values.TestValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every sink must do, run on the real engine: extend this class in the connector's tests and
 * implement {@link #context()}. Each case copies rows from the 'values' test source into the sink
 * under test, with a failure injected into the source once a checkpoint completed, and reads back
 * what became visible. Cases for guarantees the sink does not offer are skipped.
 *
 * <p>Every case runs through the engine (checkpoints, restarts, commits); none needs
 * weir-connector-testing's drivers.
 */
public abstract class SinkConformanceSuite {

    private static final int SPLITS = 2;
    private static final int ROWS_PER_SPLIT_AND_HALF = 50;

    @TempDir
    Path checkpoints;

    /** The connector under test; called once per case, so it may create per-case resources. */
    protected abstract SinkTestContext context();

    @Test
    void atLeastOnceDeliversEveryRecordDespiteAFailure() throws Exception {
        SinkTestContext context = context();
        assumeTrue(context.supportedGuarantees().contains(DeliveryGuarantee.AT_LEAST_ONCE), "at-least-once not offered");
        String table = context.createTable(SPLITS);

        List<Row> expected = runWithAFailure(context.sink(table, DeliveryGuarantee.AT_LEAST_ONCE),
                () -> context.readAll(table));

        List<Row> delivered = context.readAll(table);
        assertThat(new HashSet<>(delivered)).as("distinct rows delivered").isEqualTo(new HashSet<>(expected));
    }

    @Test
    void exactlyOnceDeliversEveryRecordOnceDespiteAFailure() throws Exception {
        SinkTestContext context = context();
        assumeTrue(context.supportedGuarantees().contains(DeliveryGuarantee.EXACTLY_ONCE), "exactly-once not offered");
        String table = context.createTable(SPLITS);

        List<Row> expected = runWithAFailure(context.sink(table, DeliveryGuarantee.EXACTLY_ONCE),
                () -> context.readAll(table));

        assertThat(sorted(context.readAll(table))).isEqualTo(sorted(expected));
    }

    @Test
    void reportsRecordsIn() throws Exception {
        SinkTestContext context = context();
        String table = context.createTable(SPLITS);
        DeliveryGuarantee guarantee = context.supportedGuarantees().iterator().next();
        List<Row> rows = rows(0, 0, 40);

        try (ConformanceJob job = ConformanceJob.copy(valuesSource(TestValues.registerData(rows), true, -1),
                context.sink(table, guarantee)).start()) {
            job.awaitFinished();
            assertThat(job.execution().metricSum("Source[", "numRecordsOut")).isEqualTo(rows.size());
            assertThat(job.execution().metricSum("Sink[", "numRecordsIn")).isEqualTo(rows.size());
        }
        assertThat(sorted(new ArrayList<>(new HashSet<>(context.readAll(table))))).isEqualTo(rows);
    }

    /**
     * Runs an unbounded copy from the 'values' source into the sink: the first half of the rows, then,
     * once the source saw a checkpoint of the whole first half complete, the second half, whose first
     * row fails the source once. The job restarts from that checkpoint and runs until every row is
     * visible. Returns the rows written.
     */
    private List<Row> runWithAFailure(TableDescriptor sink, java.util.concurrent.Callable<List<Row>> read) {
        List<List<Row>> firstHalf = new ArrayList<>();
        for (int split = 0; split < SPLITS; split++) {
            firstHalf.add(rows(split, 0, ROWS_PER_SPLIT_AND_HALF));
        }
        String data = TestValues.registerSplits(firstHalf);
        int half = SPLITS * ROWS_PER_SPLIT_AND_HALF;
        int total = 2 * half;
        List<Row> expected = new ArrayList<>();
        firstHalf.forEach(expected::addAll);

        try (ConformanceJob job = ConformanceJob.copy(valuesSource(data, false, half), sink)
                .parallelism(SPLITS).checkpointingInto(checkpoints).restartingOnFailure().start()) {
            // The failure is armed by the checkpoint the source is told of, which can come after the
            // coordinator completed it: the second half waits for it, so its first row is the one that fails.
            job.awaitValue("a completed checkpoint of the first " + half + " rows", () -> TestValues.checkpointedRows(data),
                    rows -> rows >= half);
            for (int split = 0; split < SPLITS; split++) {
                List<Row> secondHalf = rows(split, ROWS_PER_SPLIT_AND_HALF, 2 * ROWS_PER_SPLIT_AND_HALF);
                TestValues.appendData(data, split, secondHalf);
                expected.addAll(secondHalf);
            }
            job.awaitValue("all " + total + " distinct rows in the sink", read, rows -> new HashSet<>(rows).size() >= total);
            // A duplicate would show up with a later commit: once a checkpoint of every row completed,
            // everything read is committed and nothing is read again.
            job.awaitValue("a completed checkpoint of all " + total + " rows", () -> TestValues.checkpointedRows(data),
                    rows -> rows >= total);
            assertThat(job.execution().restarts()).as("restarts after the injected failure").isEqualTo(1);
            assertThat(job.execution().restoredCheckpoint()).as("the checkpoint the restart resumed from").isPresent();
        }
        return expected;
    }

    private static TableDescriptor valuesSource(String dataId, boolean bounded, long failAfterRows) {
        TableDescriptor.Builder source = TableDescriptor.forConnector("values").schema(ConformanceData.schema())
                .option("data-id", dataId).option("bounded", Boolean.toString(bounded));
        if (failAfterRows >= 0) {
            source.option("source.fail-after-rows", Long.toString(failAfterRows));
        }
        return source.build();
    }
}
