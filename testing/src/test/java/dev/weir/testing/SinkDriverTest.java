package dev.weir.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.data.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

class SinkDriverTest {
    private static final List<Row> ROWS = List.of(Row.of(1), Row.of(2), Row.of(3), Row.of(4), Row.of(5));

    private static long writtenInState(SinkCheckpoint checkpoint, LedgerSink sink) {
        return checkpoint.writerStates().stream().flatMap(List::stream)
                .mapToLong(s -> s.deserialize(sink.writerStateSerializer())).sum();
    }

    @Test
    void committablesAreCommittedOnlyWhenTheirCheckpointCompletesAndRetriedWhenAsked() throws Exception {
        LedgerSink sink = new LedgerSink();
        try (SinkDriver driver = SinkDriver.create(sink, 2)) {
            driver.writeAll(ROWS);
            SinkCheckpoint first = driver.checkpoint(1);
            driver.write(0, Row.of(6));
            driver.checkpoint(2);

            assertThat(first.committables()).hasSize(2);
            assertThat(driver.pendingCommittableCount()).isEqualTo(3);
            assertThat(sink.committedRows()).isEmpty();

            assertThat(driver.notifyCheckpointComplete(1)).isEqualTo(new CommitOutcome(2, 0, 2));
            assertThat(sink.committedRows()).containsExactly("+I[1]", "+I[2]", "+I[3]", "+I[4]", "+I[5]");
            assertThat(driver.notifyCheckpointComplete(2).committed()).isEqualTo(1);
            assertThat(driver.pendingCommittableCount()).isZero();
        }
    }

    @Test
    void restoringRecommitsTheCheckpointIdempotentlyAndRedistributesWriterState() throws Exception {
        LedgerSink sink = new LedgerSink();
        SinkCheckpoint checkpoint;
        try (SinkDriver driver = SinkDriver.create(sink, 2)) {
            driver.writeAll(ROWS);
            checkpoint = driver.checkpoint(1);
            driver.notifyCheckpointComplete(1);
        }

        try (SinkDriver restored = SinkDriver.restore(sink, 1, checkpoint)) {
            assertThat(restored.recoveryOutcome()).isEqualTo(new CommitOutcome(0, 2, 0));
            restored.write(0, Row.of(6));

            assertThat(writtenInState(restored.checkpoint(2), sink)).isEqualTo(6);
        }
        assertThat(sink.committedRows()).hasSize(5);
    }

    @Test
    void aCrashBetweenCheckpointAndCommitIsHealedByTheRestore() throws Exception {
        LedgerSink sink = new LedgerSink();
        SinkDriver crashed = SinkDriver.create(sink, 2);
        crashed.writeAll(ROWS);
        SinkCheckpoint checkpoint = crashed.checkpoint(1);
        crashed.close();

        assertThat(sink.committedRows()).isEmpty();
        try (SinkDriver restored = SinkDriver.restore(sink, 2, checkpoint)) {
            assertThat(restored.recoveryOutcome().committed()).isEqualTo(2);
        }
        assertThat(sink.committedRows()).hasSize(5);
    }

    @Test
    void endOfInputPreparesAndCommitsEverything() throws Exception {
        LedgerSink sink = new LedgerSink();
        try (SinkDriver driver = SinkDriver.create(sink, 3)) {
            driver.writeAll(ROWS);

            assertThat(driver.endOfInput().committed()).isEqualTo(3);
        }
        assertThat(sink.committedRows()).hasSize(5);
    }
}
