package dev.weir.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.schema.Schema;
import dev.weir.api.types.DataTypes;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.engine.table.EnvironmentSettings;
import dev.weir.engine.table.TableEnvironment;
import dev.weir.it.containers.ContainerLogsOnFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka (avro-confluent) -> filter, computed column, CAST, string functions -> Kafka (json), built
 * with the Java Table API and run unbounded on the engine with checkpoints and an exactly-once sink:
 * the output becomes visible to a read_committed consumer only through checkpoint commits.
 */
@ExtendWith(ContainerLogsOnFailure.class)
class KafkaAvroToJsonTableApiIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final OrdersPipeline pipeline = new OrdersPipeline();

    @TempDir
    Path checkpoints;

    KafkaAvroToJsonTableApiIT() throws Exception {
    }

    @AfterEach
    void closePipeline() {
        pipeline.close();
    }

    @Test
    void ordersAreFilteredComputedAndWrittenAsJson() throws Exception {
        pipeline.produceOrders();
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        env.getConfig().set("execution.checkpointing.interval", "200 ms");
        env.getConfig().set("execution.checkpointing.dir", checkpoints.toString());
        env.createTemporaryTable("orders", TableDescriptor.forConnector("kafka")
                .schema(Schema.newBuilder()
                        .column("order_id", DataTypes.BIGINT().notNull())
                        .column("customer", DataTypes.STRING())
                        .column("amount", DataTypes.DOUBLE().notNull())
                        .column("quantity", DataTypes.INT().notNull())
                        .column("status", DataTypes.STRING().notNull())
                        .columnByExpression("line_total", "amount * quantity")
                        .build())
                .option("topic", pipeline.inputTopic)
                .option("properties.bootstrap.servers", pipeline.kafka.bootstrapServers())
                .option("scan.startup.mode", "earliest-offset")
                .option("value.format", "avro-confluent")
                .option("value.avro-confluent.url", pipeline.registry.url())
                .build());
        env.createTemporaryTable("order_totals", TableDescriptor.forConnector("kafka")
                .schema(Schema.newBuilder()
                        .column("order_id", DataTypes.BIGINT().notNull())
                        .column("customer", DataTypes.STRING())
                        .column("total", DataTypes.DECIMAL(10, 2))
                        .column("tag", DataTypes.STRING())
                        .column("name_length", DataTypes.INT())
                        .build())
                .option("topic", pipeline.outputTopic)
                .option("properties.bootstrap.servers", pipeline.kafka.bootstrapServers())
                .option("value.format", "json")
                .option("sink.delivery-guarantee", "exactly-once")
                .option("sink.transactional-id-prefix", "e2e-" + UUID.randomUUID())
                .build());

        JobExecution job = env.from("orders")
                .filter(OrdersPipeline.FILTER)
                .select(OrdersPipeline.SELECT.toArray(String[]::new))
                .executeInsert("order_totals")
                .getJobExecution();
        List<JsonNode> output;
        try {
            output = awaitOutput(job, OrdersPipeline.EXPECTED_OUTPUT.size());
        } finally {
            job.cancel();
            job.completion().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }

        assertThat(job.latestCheckpoint()).as("a completed checkpoint").isPresent();
        assertThat(output).containsExactlyElementsOf(OrdersPipeline.expectedOutput());
    }

    /**
     * Polls the committed output until it has {@code count} records, then waits for two more completed
     * checkpoints: a checkpoint counts as completed just before it commits, so the second one makes
     * sure the first one's commit, where a duplicate would be, is visible.
     */
    private List<JsonNode> awaitOutput(JobExecution job, int count) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        awaitUntil(job, deadline, count + " records", () -> pipeline.readOutput().size() >= count);
        long completed = completedCheckpoints(job);
        awaitUntil(job, deadline, "two more completed checkpoints", () -> completedCheckpoints(job) >= completed + 2);
        return pipeline.readOutput();
    }

    private static long completedCheckpoints(JobExecution job) {
        return job.metrics().count("checkpoints.numberOfCompletedCheckpoints");
    }

    private void awaitUntil(JobExecution job, long deadline, String what, java.util.concurrent.Callable<Boolean> done)
            throws Exception {
        while (!done.call()) {
            if (job.status() != JobExecution.Status.RUNNING) {
                throw new AssertionError("The job ended " + job.status() + " while waiting for " + what,
                        job.failure().orElse(null));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what
                        + "; output so far: " + pipeline.readOutput());
            }
            Thread.sleep(100);
        }
    }
}
