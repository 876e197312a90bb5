package dev.weir.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.data.Row;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.it.conformance.ConformanceData;
import dev.weir.it.containers.ContainerLogsOnFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exactly-once sink's commit of a transaction that another process prepared. A child JVM copies
 * a topic with exactly-once until its first checkpoint with data completes, and is killed with
 * SIGKILL before it commits that checkpoint's transaction. This JVM then resumes the job from the
 * checkpoint: the commit of the restored transaction has no producer of this process to use, so it
 * resumes the transaction by its producer id and epoch. A read_committed consumer must then see
 * every input record exactly once.
 */
@ExtendWith(ContainerLogsOnFailure.class)
class KafkaExactlyOnceRecoveryIT {

    private static final int RECORDS = 200;

    private final KafkaTestTopics topics = new KafkaTestTopics();

    @TempDir
    Path work;

    static TableDescriptor inputTable(String bootstrapServers, String topic) {
        return TableDescriptor.forConnector("kafka").schema(ConformanceData.schema())
                .option("topic", topic)
                .option("properties.bootstrap.servers", bootstrapServers)
                .option("value.format", "json")
                .option("scan.startup.mode", "earliest-offset")
                .build();
    }

    @Test
    void aTransactionPreparedByAKilledProcessIsCommittedByTheNextOne() throws Exception {
        String input = topics.create("eos-input", 1);
        String output = topics.create("eos-output", 1);
        List<Row> rows = ConformanceData.rows(0, 0, RECORDS);
        topics.write(input, 0, KafkaTestTopics.asJson(rows));
        String prefix = "eos-recovery-" + UUID.randomUUID();
        Path checkpoints = work.resolve("checkpoints");
        Path marker = work.resolve("commit-requested");

        Process first = startChildJvm(CopyBlockedBeforeCommit.class, topics.bootstrapServers(), input, output, prefix,
                checkpoints.toString(), marker.toString());
        try {
            awaitFile(marker, first);
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no close, the transaction stays open
            first.waitFor(30, TimeUnit.SECONDS);
        }
        List<String> prepared = Files.readAllLines(marker);
        assertThat(transactionsWithPrefix(prefix, TransactionState.ONGOING)).as("transactions left open by the killed process")
                .containsAll(prepared);
        assertThat(topics.readCommitted(output)).as("committed before the restart").isEmpty();
        assertThat(completedCheckpoints(checkpoints)).as("checkpoints of the killed process").isNotEmpty();

        TableDescriptor sink = topics.table(output, ConformanceData.schema())
                .option("sink.delivery-guarantee", "exactly-once")
                .option("sink.transactional-id-prefix", prefix)
                .build();
        JobExecution resumed = KafkaJobs.start(inputTable(topics.bootstrapServers(), input), sink,
                KafkaJobs.checkpointingInto(checkpoints, true));
        try {
            KafkaJobs.awaitValue(resumed, RECORDS + " committed records", () -> topics.readCommitted(output).size(),
                    n -> n >= RECORDS);
            // A duplicate would come with a later commit: let the resumed job complete more checkpoints.
            KafkaJobs.awaitNextCheckpoint(resumed);
            KafkaJobs.awaitNextCheckpoint(resumed);
        } finally {
            KafkaJobs.cancel(resumed);
        }

        List<Row> delivered = topics.readCommitted(output).stream().map(r -> KafkaTestTopics.fromJson(r.value())).toList();
        assertThat(delivered).containsExactlyElementsOf(rows);
        // Resumed and committed (restored from the checkpoint that prepared it, in every run checked),
        // or fenced with its records replayed: either keeps the output exact (asserted above). The
        // second was seen once, under load, and not reproduced since; the description below says which
        // checkpoint was restored, should it happen again. What must never happen is a transaction
        // left open, which would hold back every read_committed reader until it times out.
        List<String> committed = transactionsWithPrefix(prefix, TransactionState.COMPLETE_COMMIT);
        List<String> aborted = transactionsWithPrefix(prefix, TransactionState.COMPLETE_ABORT);
        String outcome = "prepared by the killed process " + prepared + ", restored from " + resumed.restoredCheckpoint().orElse(null)
                + ", committed " + committed + ", aborted " + aborted;
        System.out.println("[KafkaExactlyOnceRecoveryIT] " + outcome);
        assertThat(transactionsWithPrefix(prefix, TransactionState.ONGOING))
                .as("the killed process's prepared transactions, left open after the resumed job (%s)", outcome)
                .doesNotContainAnyElementsOf(prepared);
        List<String> ended = new java.util.ArrayList<>(committed);
        ended.addAll(aborted);
        assertThat(ended).as("the killed process's prepared transactions, committed or aborted (%s)", outcome).containsAll(prepared);
    }

    private List<String> transactionsWithPrefix(String prefix, TransactionState state) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", topics.bootstrapServers()))) {
            List<String> ids = admin.listTransactions().all().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.transactionalId().startsWith(prefix)).map(t -> t.transactionalId()).toList();
            return admin.describeTransactions(ids).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                    .filter(e -> e.getValue().state() == state).map(Map.Entry::getKey).sorted().toList();
        }
    }

    private static List<Path> completedCheckpoints(Path directory) throws Exception {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("chk-")).toList();
        }
    }

    private static Process startChildJvm(Class<?> main, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Path log = Path.of("target", "child-jvm-" + main.getSimpleName() + ".log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitFile(Path file, Process process) throws Exception {
        long deadline = System.nanoTime() + KafkaJobs.TIMEOUT.toNanos();
        while (!Files.exists(file)) {
            if (!process.isAlive()) {
                throw new AssertionError("The child JVM exited with " + process.exitValue()
                        + " before asking for a commit; see target/child-jvm-*.log");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The child JVM did not ask for a commit within " + KafkaJobs.TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(Duration.ofMillis(50).toMillis());
        }
    }
}
