package dev.weir.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.it.containers.ContainerLogsOnFailure;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline of {@link KafkaAvroToJsonTableApiIT}, written in Python with the generated typed
 * bindings only ({@code weir.connectors.kafka}, {@code weir.formats.avro_confluent},
 * {@code weir.formats.json}): kafka_avro_to_json.py, bounded by 'scan.bounded.mode', runs to its end
 * and the output topic is compared record by record with what a plain KafkaConsumer reads.
 */
@ExtendWith(ContainerLogsOnFailure.class)
class KafkaAvroToJsonPythonIT {

    private final OrdersPipeline pipeline = new OrdersPipeline();

    @TempDir
    Path work;

    KafkaAvroToJsonPythonIT() throws Exception {
    }

    @AfterEach
    void closePipeline() {
        pipeline.close();
    }

    @Test
    void thePythonJobFiltersComputesAndWritesJson() throws Exception {
        pipeline.produceOrders();

        new PythonJobScript("kafka_avro_to_json.py").runToCompletion(Map.of(
                "BOOTSTRAP_SERVERS", pipeline.kafka.bootstrapServers(),
                "REGISTRY_URL", pipeline.registry.url(),
                "INPUT_TOPIC", pipeline.inputTopic,
                "OUTPUT_TOPIC", pipeline.outputTopic,
                "CHECKPOINT_DIR", work.resolve("checkpoints").toString(),
                "TRANSACTIONAL_ID_PREFIX", "e2e-python-" + UUID.randomUUID()));

        assertThat(pipeline.readOutput()).containsExactlyElementsOf(OrdersPipeline.expectedOutput());
    }
}
