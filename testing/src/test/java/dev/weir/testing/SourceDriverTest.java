package dev.weir.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.data.Row;
import dev.weir.testing.RangeSource.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SourceDriverTest {
    private static List<Long> numbers(List<Row> rows) {
        return rows.stream().map(r -> (Long) r.getField(0)).sorted().toList();
    }

    @Test
    void runsAPullBasedSourceToTheEndWithEveryRowOnce() throws Exception {
        try (SourceDriver<?, ?> driver = SourceDriver.of(new RangeSource(5, 100, Fault.NONE)).parallelism(2).start()) {
            List<Row> rows = driver.runToEnd();

            assertThat(numbers(rows)).containsExactlyElementsOf(LongStream.range(0, 500).boxed().toList());
            assertThat(driver.records()).allMatch(r -> r.splitId().startsWith("range-"));
            assertThat(driver.output(0).activeSplitOutputs()).isEmpty();
        }
    }

    @Test
    void aCheckpointTakenMidwayRestoresExactlyTheRemainingRows() throws Exception {
        RangeSource source = new RangeSource(6, 50, Fault.NONE);
        List<Row> before;
        SourceCheckpoint checkpoint;
        try (SourceDriver<?, ?> driver = SourceDriver.of(source).parallelism(2).start()) {
            driver.runUntilRows(120);
            checkpoint = driver.checkpoint(3);
            before = driver.rows();
        }
        List<Row> after;
        try (SourceDriver<?, ?> driver = SourceDriver.of(source).parallelism(3).restoreFrom(checkpoint).start()) {
            after = driver.runToEnd();
        }

        assertThat(checkpoint.checkpointId()).isEqualTo(3);
        assertThat(checkpoint.parallelism()).isEqualTo(2);
        List<Row> all = new ArrayList<>(before);
        all.addAll(after);
        assertThat(numbers(all)).containsExactlyElementsOf(LongStream.range(0, 300).boxed().toList());
    }

    @Test
    void runningUntilMoreAsyncResultsReadsWhatEachOneAssigned() throws Exception {
        // Each split of ten rows comes from its own delayed callAsync, asked for when the reader ran out
        // (the first may have come before the driver runs): every split received is read in full.
        try (SourceDriver<?, ?> driver = SourceDriver.of(new RangeSource(3, 10, Fault.NONE)).start()) {
            driver.runUntilMoreAsyncResults(1, SourceDriver.DEFAULT_TIMEOUT);
            long first = driver.rowCount();
            assertThat(first).isPositive().isEqualTo(10L * driver.splitsReceived(0));

            driver.runUntilMoreAsyncResults(1, SourceDriver.DEFAULT_TIMEOUT);
            assertThat(driver.rowCount()).isGreaterThan(first).isEqualTo(10L * driver.splitsReceived(0));
            assertThat(numbers(driver.rows())).containsExactlyElementsOf(LongStream.range(0, driver.rowCount()).boxed().toList());
        }
    }

    @Test
    void aReaderThatNeverCompletesItsFutureStallsAndTheTimeoutNamesIt() throws Exception {
        try (SourceDriver<?, ?> driver = SourceDriver.of(new RangeSource(2, 10, Fault.NEVER_WAKES_READER)).start()) {
            // The split comes from a delayed callAsync: once it is delivered, nothing can wake the reader,
            // so the short timeout below always finds this state, however slow the machine.
            driver.runUntil(() -> driver.splitsReceived(0) == 1, SourceDriver.DEFAULT_TIMEOUT);
            assertThatThrownBy(() -> driver.runToEnd(Duration.ofMillis(300)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("subtask 0: 0 rows, 1 split(s) received")
                    .hasMessageContaining("waiting for its isAvailable() future to complete");
        }
    }

    @Test
    void assigningSplitsOffTheEnumeratorThreadFails() throws Exception {
        try (SourceDriver<?, ?> driver = SourceDriver.of(new RangeSource(2, 10, Fault.ASSIGNS_OFF_THREAD)).start()) {
            assertThatThrownBy(driver::runToEnd)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("assignSplits was called on thread 'weir-split-enumerator-worker'");
        }
    }

    @Test
    void endOfInputBeforeNoMoreSplitsIsAContractViolation() throws Exception {
        try (SourceDriver<?, ?> driver = SourceDriver.of(new RangeSource(2, 10,
                Fault.ENDS_WITHOUT_NO_MORE_SPLITS)).start()) {
            assertThatThrownBy(driver::runToEnd)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("returned END_OF_INPUT before notifyNoMoreSplits()");
        }
    }

    @Test
    void aSourceThatCannotBeSerializedCannotBeShippedToTasks() {
        assertThatThrownBy(() -> SourceDriver.of(new RangeSource(1, 1, Fault.NONE, new Object())).start())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("RangeSource cannot be shipped to a task");
    }
}
