package dev.weir.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.Launcher;
import dev.weir.it.containers.ContainerLogsOnFailure;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same pipeline as {@link KafkaAvroToJsonTableApiIT}, written as a JSON job spec
 * ({@code orders-job.json}, bounded by 'scan.bounded.mode') and run the way {@code weir run} runs
 * it, through {@link Launcher#run}: proves the JSON path from parsing to committed output.
 */
@ExtendWith(ContainerLogsOnFailure.class)
class KafkaAvroToJsonJobSpecIT {

    private final OrdersPipeline pipeline = new OrdersPipeline();

    @TempDir
    Path work;

    KafkaAvroToJsonJobSpecIT() throws Exception {
    }

    @AfterEach
    void closePipeline() {
        pipeline.close();
    }

    @Test
    void theJsonJobSpecRunsThePipelineThroughTheLauncher() throws Exception {
        pipeline.produceOrders();
        Path job = work.resolve("orders-job.json");
        Files.writeString(job, jobSpec(Map.of(
                "${checkpoints}", work.resolve("checkpoints").toString(),
                "${input-topic}", pipeline.inputTopic,
                "${output-topic}", pipeline.outputTopic,
                "${bootstrap-servers}", pipeline.kafka.bootstrapServers(),
                "${registry-url}", pipeline.registry.url(),
                "${transactional-id-prefix}", "e2e-json-" + UUID.randomUUID())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exitCode = Launcher.run(new String[]{"run", job.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exitCode).as("exit code; stderr: %s", err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(pipeline.readOutput()).containsExactlyElementsOf(OrdersPipeline.expectedOutput());
    }

    private static String jobSpec(Map<String, String> values) throws Exception {
        try (InputStream in = KafkaAvroToJsonJobSpecIT.class.getResourceAsStream("/orders-job.json")) {
            String spec = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> value : values.entrySet()) {
                spec = spec.replace(value.getKey(), value.getValue());
            }
            return spec;
        }
    }
}
