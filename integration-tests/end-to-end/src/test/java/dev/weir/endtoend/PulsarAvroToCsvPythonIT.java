package dev.weir.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.it.containers.ContainerLogsOnFailure;
import dev.weir.it.containers.PulsarContainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulsar (avro) -> filter and arithmetic -> files (csv), in Python (pulsar_avro_to_csv.py): readings
 * are written to a topic by the Pulsar Java client as plain Avro binary from Avro's own writer (not
 * by Weir), the job stops at the latest message, and the committed CSV files must hold exactly the
 * expected lines.
 */
@ExtendWith(ContainerLogsOnFailure.class)
class PulsarAvroToCsvPythonIT {

    private static final String READING_SCHEMA = """
            {"type": "record", "name": "Reading", "namespace": "weather", "fields": [
              {"name": "station", "type": "string"},
              {"name": "celsius", "type": "double"},
              {"name": "humidity", "type": ["null", "int"], "default": null}]}""";

    /** station, celsius, humidity. */
    private static final List<Object[]> READINGS = List.of(
            new Object[]{"oslo-1", -3.5, 80},
            new Object[]{"calibration", 0.0, null},     // dropped by the job
            new Object[]{"lisbon-2", 21.0, null},
            new Object[]{"cairo-7", 35.0, 12});

    /** station (upper case), celsius, fahrenheit as DECIMAL(5, 1), humidity (empty for null), worked out by hand. */
    private static final List<String> EXPECTED_LINES = List.of(
            "OSLO-1,-3.5,25.7,80",
            "LISBON-2,21.0,69.8,",
            "CAIRO-7,35.0,95.0,12");

    private final PulsarContainer pulsar = PulsarContainer.shared();
    private final String topic = "persistent://public/default/readings-" + UUID.randomUUID();

    @TempDir
    Path work;

    @Test
    void thePythonJobWritesTheFilteredReadingsAsCsvFiles() throws Exception {
        produceReadings();
        Path output = work.resolve("readings-csv");

        new PythonJobScript("pulsar_avro_to_csv.py").runToCompletion(Map.of(
                "PULSAR_SERVICE_URL", pulsar.serviceUrl(),
                "TOPIC", topic,
                "AVRO_SCHEMA", READING_SCHEMA,
                "OUTPUT_DIR", output.toString()));

        assertThat(committedLines(output)).containsExactlyElementsOf(EXPECTED_LINES);
    }

    /** Writes each reading as one message of plain Avro binary; the topic is created by the first producer. */
    private void produceReadings() throws Exception {
        Schema schema = new Schema.Parser().parse(READING_SCHEMA);
        GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(schema);
        try (PulsarClient client = PulsarClient.builder().serviceUrl(pulsar.serviceUrl()).build();
             Producer<byte[]> producer = client.newProducer().topic(topic).create()) {
            for (Object[] reading : READINGS) {
                GenericRecord record = new GenericData.Record(schema);
                record.put("station", reading[0]);
                record.put("celsius", reading[1]);
                record.put("humidity", reading[2]);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
                writer.write(record, encoder);
                encoder.flush();
                producer.send(bytes.toByteArray());
            }
        }
    }

    /**
     * The lines of the committed files, file by file in name order. Files still being written are
     * hidden ('.part-....inprogress'), so only what the sink committed is read.
     */
    private static List<String> committedLines(Path output) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(output)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList()) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }
}
