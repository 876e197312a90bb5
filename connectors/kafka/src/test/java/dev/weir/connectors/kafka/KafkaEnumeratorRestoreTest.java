package dev.weir.connectors.kafka;

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
class KafkaEnumeratorRestoreTest {

    @Test
    void aCheckpointFromBeforeTheFirstDiscoveryLeavesTheReadersWaitingForIt() throws Exception {
        KafkaSource source = (KafkaSource) TestTable.named("orders").column("id", "BIGINT")
                .option("connector", "kafka").option("properties.bootstrap.servers", "localhost:9092")
                .option("topic", "orders").option("value.format", "json").option("scan.bounded.mode", "latest-offset")
                .createSource();
        RecordingEnumeratorContext<KafkaSplit> context = new RecordingEnumeratorContext<>(2);

        SplitEnumerator<KafkaSplit, KafkaSplit.EnumeratorState> enumerator = source.restoreEnumerator(context,
                new KafkaSplit.EnumeratorState(List.of(), List.of()));
        enumerator.start();
        enumerator.addReader(0);
        enumerator.addReader(1);

        assertThat(context.scheduledCalls()).as("the discovery is scheduled again").hasSize(1);
        assertThat(context.noMoreSplits()).as("no reader is told there are no splits before it").isEmpty();
    }
}
