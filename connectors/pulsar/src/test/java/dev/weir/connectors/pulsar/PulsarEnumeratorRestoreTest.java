package dev.weir.connectors.pulsar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.source.SplitEnumerator;
import dev.weir.testing.RecordingEnumeratorContext;
import dev.weir.testing.TestTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A bounded job killed before its first partition discovery answered, restored from that checkpoint:
 * its readers must wait for the discovery, not hear at once that there are no splits (which ended
 * the restored job having read nothing). Nothing here reaches a broker: the discovery is only
 * scheduled, never run.
 */
class PulsarEnumeratorRestoreTest {

    @Test
    void aCheckpointFromBeforeTheFirstDiscoveryLeavesTheReadersWaitingForIt() throws Exception {
        PulsarSource source = (PulsarSource) TestTable.named("orders").column("id", "BIGINT")
                .option("connector", "pulsar").option("service-url", "pulsar://localhost:6650")
                .option("topics", "orders").option("source.subscription-name", "weir").option("value.format", "json")
                .option("source.stop.at-message-id", "latest")
                .createSource();
        RecordingEnumeratorContext<PulsarSplit> context = new RecordingEnumeratorContext<>(2);

        SplitEnumerator<PulsarSplit, PulsarSplit.EnumeratorState> enumerator = source.restoreEnumerator(context,
                new PulsarSplit.EnumeratorState(List.of(), List.of()));
        enumerator.start();
        enumerator.addReader(0);
        enumerator.addReader(1);

        assertThat(context.scheduledCalls()).as("the discovery is scheduled again").hasSize(1);
        assertThat(context.noMoreSplits()).as("no reader is told there are no splits before it").isEmpty();
    }
}
