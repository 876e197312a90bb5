package dev.weir.connectors.kafka;

import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.it.conformance.ConformanceData;
import java.nio.file.Path;

/**
 * The first process of {@link KafkaExactlyOnceRecoveryIT}, run in its own JVM: copies a topic into
 * another with exactly-once and checkpoints, through the 'kafka-commit-blocking' sink, which blocks
 * at the first commit (after writing the marker file) until the test kills this process.
 *
 * <p>Arguments: bootstrap servers, input topic, output topic, transactional id prefix, checkpoint
 * directory, marker file.
 */
public final class CopyBlockedBeforeCommit {

    private CopyBlockedBeforeCommit() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrapServers = args[0];
        TableDescriptor sink = TableDescriptor.forConnector("kafka-commit-blocking").schema(ConformanceData.schema())
                .option("topic", args[2])
                .option("properties.bootstrap.servers", bootstrapServers)
                .option("value.format", "json")
                .option("sink.delivery-guarantee", "exactly-once")
                .option("sink.transactional-id-prefix", args[3])
                .option(CommitBlockingKafkaTableFactory.COMMIT_MARKER_FILE.key(), args[5])
                .build();
        KafkaJobs.start(KafkaExactlyOnceRecoveryIT.inputTable(bootstrapServers, args[1]), sink,
                KafkaJobs.checkpointingInto(Path.of(args[4]), false)).await();
    }
}
