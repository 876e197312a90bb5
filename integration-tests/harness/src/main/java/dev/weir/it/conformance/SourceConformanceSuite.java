package dev.weir.it.conformance;

import static dev.weir.it.conformance.ConformanceData.bySplit;
import static dev.weir.it.conformance.ConformanceData.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.data.Row;
import dev.weir.api.sink.DeliveryGuarantee;
import dev.weir.testing.values.TestValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every source must do, run on the real engine: extend this class in the connector's tests and
 * implement {@link #context()}. Each case reads the source under test into the 'collect' test sink
 * (exactly-once where the case checks for duplicates, so only checkpointed rows count).
 *
 * <p>Every case runs through the engine (Table API, checkpoints, restarts, restores); none needs
 * weir-connector-testing's drivers.
 */
public abstract class SourceConformanceSuite {

    @TempDir
    Path checkpoints;

    /** The connector under test; called once per case, so it may create per-case resources. */
    protected abstract SourceTestContext context();

    @Test
    void oneSplitIsReadInOrder() throws Exception {
        SourceTestContext context = context();
        String table = context.createTable(1);
        List<Row> written = rows(0, 0, 200);
        context.write(table, 0, written);

        String sink = TestValues.newSinkId();
        try (ConformanceJob job = ConformanceJob.copy(context.source(table, true),
                ConformanceJob.collectSink(sink, DeliveryGuarantee.AT_LEAST_ONCE, -1)).start()) {
            job.awaitFinished();
        }

        assertThat(TestValues.collected(sink)).containsExactlyElementsOf(written);
    }

    @Test
    void manySplitsAreEachReadInOrder() throws Exception {
        SourceTestContext context = context();
        String table = context.createTable(3);
        Map<Integer, List<Row>> written = writeSplits(context, table, 3, 0, 100);

        String sink = TestValues.newSinkId();
        try (ConformanceJob job = ConformanceJob.copy(context.source(table, true),
                ConformanceJob.collectSink(sink, DeliveryGuarantee.AT_LEAST_ONCE, -1)).parallelism(2).start()) {
            job.awaitFinished();
        }

        assertThat(bySplit(TestValues.collected(sink))).isEqualTo(written);
    }

    @Test
    void stopsAndResumesFromACheckpointWithoutLossOrDuplicates() throws Exception {
        SourceTestContext context = context();
        String table = context.createTable(2);
        Map<Integer, List<Row>> expected = writeSplits(context, table, 2, 0, 50);
        String sink = TestValues.newSinkId();

        try (ConformanceJob first = ConformanceJob.copy(context.source(table, false),
                ConformanceJob.collectSink(sink, DeliveryGuarantee.EXACTLY_ONCE, -1)).checkpointingInto(checkpoints).start()) {
            first.awaitRows("the collect sink", () -> TestValues.collected(sink), 100);
        }
        append(expected, writeSplits(context, table, 2, 50, 100));
        try (ConformanceJob resumed = ConformanceJob.copy(context.source(table, false),
                ConformanceJob.collectSink(sink, DeliveryGuarantee.EXACTLY_ONCE, -1))
                .checkpointingInto(checkpoints).restoringFrom(checkpoints).start()) {
            resumed.awaitRows("the collect sink", () -> TestValues.collected(sink), 200);
            // Later checkpoints must not deliver anything twice.
            resumed.awaitMoreCheckpoints(3);
        }

        assertThat(bySplit(TestValues.collected(sink))).isEqualTo(expected);
    }

    @Test
    void boundedJobFinishesWithMoreReadersThanSplits() throws Exception {
        SourceTestContext context = context();
        String table = context.createTable(2);
        Map<Integer, List<Row>> written = writeSplits(context, table, 2, 0, 50);

        String sink = TestValues.newSinkId();
        try (ConformanceJob job = ConformanceJob.copy(context.source(table, true),
                ConformanceJob.collectSink(sink, DeliveryGuarantee.AT_LEAST_ONCE, -1)).parallelism(4).start()) {
            job.awaitFinished();
        }

        assertThat(bySplit(TestValues.collected(sink))).isEqualTo(written);
    }

    @Test
    void idleReadersDoNotBlockCheckpoints() throws Exception {
        SourceTestContext context = context();
        String table = context.createTable(1);
        List<Row> written = rows(0, 0, 50);
        context.write(table, 0, written);

        // Exactly-once rows become visible only when a checkpoint completes, which needs every
        // reader, including the three without a split, to take part.
        String sink = TestValues.newSinkId();
        try (ConformanceJob job = ConformanceJob.copy(context.source(table, false),
                ConformanceJob.collectSink(sink, DeliveryGuarantee.EXACTLY_ONCE, -1))
                .parallelism(4).checkpointingInto(checkpoints).start()) {
            job.awaitRows("the collect sink", () -> TestValues.collected(sink), written.size());
        }

        assertThat(TestValues.collected(sink)).containsExactlyElementsOf(written);
    }

    @Test
    void unboundedReadRecoversFromAFailureWithoutLossOrDuplicates() throws Exception {
        SourceTestContext context = context();
        String table = context.createTable(2);
        Map<Integer, List<Row>> expected = writeSplits(context, table, 2, 0, 50);
        String sink = TestValues.newSinkId();

        // The sink fails once, on the first row after 100 once a checkpoint committed: the second half
        // is written only when the first is committed, so its first row fails. The restart resumes
        // from that checkpoint.
        try (ConformanceJob job = ConformanceJob.copy(context.source(table, false),
                ConformanceJob.collectSink(sink, DeliveryGuarantee.EXACTLY_ONCE, 100))
                .parallelism(2).checkpointingInto(checkpoints).restartingOnFailure().start()) {
            job.awaitRows("the collect sink", () -> TestValues.collected(sink), 100);
            append(expected, writeSplits(context, table, 2, 50, 100));
            job.awaitRows("the collect sink", () -> TestValues.collected(sink), 200);
            // Later checkpoints must not deliver anything twice.
            job.awaitMoreCheckpoints(3);
            assertThat(job.execution().restarts()).as("restarts after the injected failure").isEqualTo(1);
            assertThat(job.execution().restoredCheckpoint()).as("the checkpoint the restart resumed from").isPresent();
        }

        assertThat(bySplit(TestValues.collected(sink))).isEqualTo(expected);
    }

    @Test
    void reportsRecordsOut() throws Exception {
        SourceTestContext context = context();
        String table = context.createTable(2);
        writeSplits(context, table, 2, 0, 30);

        String sink = TestValues.newSinkId();
        try (ConformanceJob job = ConformanceJob.copy(context.source(table, true),
                ConformanceJob.collectSink(sink, DeliveryGuarantee.AT_LEAST_ONCE, -1)).parallelism(2).start()) {
            job.awaitFinished();
            assertThat(job.execution().metricSum("Source[", "numRecordsOut")).isEqualTo(60);
            assertThat(job.execution().metricSum("Sink[", "numRecordsIn")).isEqualTo(60);
        }
    }

    private static Map<Integer, List<Row>> writeSplits(SourceTestContext context, String table, int splits,
                                                       int from, int to) throws Exception {
        Map<Integer, List<Row>> written = new java.util.TreeMap<>();
        for (int split = 0; split < splits; split++) {
            List<Row> rows = rows(split, from, to);
            context.write(table, split, rows);
            written.put(split, rows);
        }
        return written;
    }

    private static void append(Map<Integer, List<Row>> expected, Map<Integer, List<Row>> more) {
        more.forEach((split, rows) -> expected.computeIfAbsent(split, k -> new ArrayList<>()).addAll(rows));
    }
}
