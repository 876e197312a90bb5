package dev.weir.connectors.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.data.Row;
import dev.weir.api.source.Boundedness;
import dev.weir.api.source.InputStatus;
import dev.weir.api.source.Source;
import dev.weir.testing.SourceCheckpoint;
import dev.weir.testing.SourceDriver;
import dev.weir.testing.TestTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class DataGenSourceTest {
    private static final String FAST = "1000000000";

    /** id is a sequence 1..rows, so every row can be told apart; name and price are random. */
    private static TestTable orders(long rows) {
        return TestTable.named("orders")
                .column("id", "BIGINT")
                .column("name", "STRING")
                .column("price", "DOUBLE")
                .option("connector", "datagen")
                .option("rows-per-second", FAST)
                .option("fields.id.kind", "sequence")
                .option("fields.id.start", "1")
                .option("fields.id.end", String.valueOf(rows))
                .option("fields.name.length", "12");
    }

    private static List<Long> ids(List<Row> rows) {
        return rows.stream().map(r -> (Long) r.getField(0)).sorted().toList();
    }

    @Test
    void numberOfRowsBoundsTheSourceAcrossReaders() throws Exception {
        Source<?, ?> source = TestTable.named("t").column("v", "INT")
                .option("connector", "datagen")
                .option("rows-per-second", FAST)
                .option("number-of-rows", "1001")
                .createSource();

        assertThat(source.boundedness()).isEqualTo(Boundedness.BOUNDED);
        try (SourceDriver<?, ?> driver = SourceDriver.of(source).parallelism(3).start()) {
            assertThat(driver.runToEnd()).hasSize(1001);
            assertThat(driver.rowsOfSubtask(0)).hasSize(334);
            assertThat(driver.rowsOfSubtask(2)).hasSize(333);
        }
    }

    @Test
    void withoutNumberOfRowsOrSequenceTheSourceIsUnbounded() throws Exception {
        Source<?, ?> source = TestTable.named("t").column("v", "INT")
                .option("connector", "datagen").option("rows-per-second", FAST).createSource();

        assertThat(source.boundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
        try (SourceDriver<?, ?> driver = SourceDriver.of(source).parallelism(2).start()) {
            driver.runUntilRows(50_000);
            assertThat(driver.isFinished()).isFalse();
        }
    }

    @Test
    void sequenceAcrossParallelSplitsHasNoGapsOrDuplicates() throws Exception {
        try (SourceDriver<?, ?> driver = SourceDriver.of(orders(10_000).createSource()).parallelism(4).start()) {
            List<Row> rows = driver.runToEnd();

            assertThat(ids(rows)).containsExactlyElementsOf(LongStream.rangeClosed(1, 10_000).boxed().toList());
            for (int subtask = 0; subtask < 4; subtask++) {
                assertThat(driver.rowsOfSubtask(subtask)).hasSize(2_500);
            }
        }
    }

    @Test
    void randomValuesAreAFunctionOfColumnAndRowIndexOnly() throws Exception {
        List<Row> serial;
        try (SourceDriver<?, ?> driver = SourceDriver.of(orders(3_000).createSource()).parallelism(1).start()) {
            serial = driver.runToEnd();
        }
        List<Row> parallel;
        try (SourceDriver<?, ?> driver = SourceDriver.of(orders(3_000).createSource()).parallelism(3).start()) {
            parallel = driver.runToEnd();
        }

        assertThat(byId(parallel)).isEqualTo(byId(serial));
        assertThat(serial.stream().map(r -> r.getField(1)).distinct().count()).isGreaterThan(2_990);
        assertThat(serial.stream().map(r -> (String) r.getField(1)))
                .allMatch(name -> name.matches("[0-9a-f]{12}"));
    }

    private static Map<Long, Row> byId(List<Row> rows) {
        return rows.stream().collect(Collectors.toMap(r -> (Long) r.getField(0), Function.identity()));
    }

    @Test
    void addingAColumnLeavesTheOtherColumnsValuesUnchanged() throws Exception {
        List<Row> narrow;
        try (SourceDriver<?, ?> driver = SourceDriver.of(orders(100).createSource()).start()) {
            narrow = driver.runToEnd();
        }
        List<Row> wide;
        try (SourceDriver<?, ?> driver = SourceDriver.of(orders(100).column("extra", "INT").createSource()).start()) {
            wide = driver.runToEnd();
        }

        assertThat(wide).extracting(r -> r.getField(1)).containsExactlyElementsOf(
                narrow.stream().map(r -> r.getField(1)).toList());
    }

    @Test
    void restoringFromACheckpointMidwayEmitsExactlyTheRemainingRows() throws Exception {
        Source<?, ?> source = orders(20_000).createSource();
        List<Row> expected;
        try (SourceDriver<?, ?> driver = SourceDriver.of(source).parallelism(2).start()) {
            expected = driver.runToEnd();
        }

        List<Row> beforeCheckpoint;
        SourceCheckpoint checkpoint;
        try (SourceDriver<?, ?> driver = SourceDriver.of(source).parallelism(2).start()) {
            driver.runUntilRows(6_000);
            checkpoint = driver.checkpoint(1);
            beforeCheckpoint = driver.rows();
            driver.runUntilRows(9_000); // rows after the checkpoint are lost with the "crash"
        }
        List<Row> afterRestore;
        try (SourceDriver<?, ?> driver = SourceDriver.of(source).parallelism(2).restoreFrom(checkpoint).start()) {
            afterRestore = driver.runToEnd();
        }

        assertThat(beforeCheckpoint.size()).isBetween(6_000, 19_000);
        List<Row> all = new ArrayList<>(beforeCheckpoint);
        all.addAll(afterRestore);
        assertThat(all).hasSize(20_000);
        assertThat(sorted(all)).isEqualTo(sorted(expected));
    }

    @Test
    void restoringWithAnotherParallelismStillEmitsEveryRowOnce() throws Exception {
        Source<?, ?> source = orders(10_000).createSource();
        List<Row> beforeCheckpoint;
        SourceCheckpoint checkpoint;
        try (SourceDriver<?, ?> driver = SourceDriver.of(source).parallelism(3).start()) {
            driver.runUntilRows(4_000);
            checkpoint = driver.checkpoint(7);
            beforeCheckpoint = driver.rows();
        }
        List<Row> afterRestore;
        try (SourceDriver<?, ?> driver = SourceDriver.of(source).parallelism(2).restoreFrom(checkpoint).start()) {
            afterRestore = driver.runToEnd();
        }

        List<Long> ids = new ArrayList<>(ids(beforeCheckpoint));
        ids.addAll(ids(afterRestore));
        assertThat(ids).hasSize(10_000);
        assertThat(new HashSet<>(ids)).containsExactlyInAnyOrderElementsOf(
                LongStream.rangeClosed(1, 10_000).boxed().toList());
    }

    private static List<String> sorted(List<Row> rows) {
        return rows.stream().sorted(Comparator.comparing(r -> (Long) r.getField(0))).map(Row::toString).toList();
    }

    @Test
    void rateLimitingNeverEmitsFasterThanTheRate() throws Exception {
        Source<?, ?> source = TestTable.named("t").column("v", "INT")
                .option("connector", "datagen").option("rows-per-second", "100").createSource();

        try (SourceDriver<?, ?> driver = SourceDriver.of(source).parallelism(2).start()) {
            long started = System.nanoTime();
            driver.runUntilRows(40);
            double seconds = (System.nanoTime() - started) / 1e9;

            // Each of the two readers may emit one row at once, then its 50 rows/s: a bound that holds
            // however long the run took (a loaded machine only makes it take longer, never faster).
            assertThat(driver.rowCount()).isLessThanOrEqualTo(2 + (long) (100 * seconds));
        }
    }

    @Test
    void aReaderAheadOfTheRateReturnsAtOnceAndIsWokenByATimer() throws Exception {
        Source<?, ?> source = TestTable.named("t").column("v", "INT")
                .option("connector", "datagen").option("rows-per-second", "1").createSource();

        try (SourceDriver<?, ?> driver = SourceDriver.of(source).start()) {
            driver.runUntilRows(1);
            // a poll that comes late finds a row due and emits it; polling on reaches the point where
            // none is due, and that poll returns at once instead of waiting for the rate
            InputStatus status = InputStatus.MORE_AVAILABLE;
            for (int polls = 0; polls < 100 && status != InputStatus.NOTHING_AVAILABLE; polls++) {
                status = driver.reader(0).pollNext(driver.output(0));
            }
            assertThat(status).isEqualTo(InputStatus.NOTHING_AVAILABLE);

            driver.reader(0).isAvailable().get(60, TimeUnit.SECONDS);
            assertThat(driver.reader(0).pollNext(driver.output(0))).isEqualTo(InputStatus.MORE_AVAILABLE);
        }
    }

    @Test
    void atAnUnlimitedRateEachPollEmitsAFullBatch() throws Exception {
        Source<?, ?> source = TestTable.named("t").column("v", "INT").option("connector", "datagen")
                .option("rows-per-second", String.valueOf(Long.MAX_VALUE)).option("number-of-rows", "100000")
                .createSource();

        try (SourceDriver<?, ?> driver = SourceDriver.of(source).keepRows(false).start()) {
            driver.runUntilRows(1);
            long before = driver.output(0).count();
            driver.reader(0).pollNext(driver.output(0));

            assertThat(driver.output(0).count() - before).isEqualTo(DataGenReader.MAX_ROWS_PER_POLL);
            assertThat(driver.rows()).isEmpty();
            driver.runToEnd();
            assertThat(driver.rowCount()).isEqualTo(100_000);
        }
    }

    @Test
    void aSequenceAloneBoundsTheSourceAndNumberOfRowsMayShortenIt() throws Exception {
        Source<?, ?> source = orders(1_000).option("number-of-rows", "10").createSource();

        try (SourceDriver<?, ?> driver = SourceDriver.of(source).parallelism(2).start()) {
            assertThat(ids(driver.runToEnd())).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        }
    }
}
