package dev.weir.endtoend;

import static java.util.concurrent.TimeUnit.SECONDS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.formats.avro.confluent.FakeSchemaRegistry;
import dev.weir.it.containers.KafkaContainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The pipeline both end-to-end tests run, and what they compare against. Orders arrive in a topic
 * as Confluent-framed Avro, written by a plain KafkaProducer with Avro's own writer and a schema
 * registered in FakeSchemaRegistry (not by Weir, so the test also proves Weir reads what another
 * writer produced). The job keeps orders that are not cancelled and above 10, computes a line total
 * (a computed column), casts it to DECIMAL(10, 2), cleans up the customer name and writes JSON.
 */
final class OrdersPipeline implements AutoCloseable {

    static final String ORDER_SCHEMA = """
            {"type": "record", "name": "Order", "namespace": "shop", "fields": [
              {"name": "order_id", "type": "long"},
              {"name": "customer", "type": ["null", "string"], "default": null},
              {"name": "amount", "type": "double"},
              {"name": "quantity", "type": "int"},
              {"name": "status", "type": "string"}]}""";

    /** Filter, then projection: SQL text, the same in the Java Table API and the JSON job spec. */
    static final String FILTER = "status <> 'CANCELLED' AND amount > 10";
    static final List<String> SELECT = List.of(
            "order_id",
            "UPPER(TRIM(customer)) AS customer",
            "CAST(line_total AS DECIMAL(10, 2)) AS total",
            "CONCAT(status, '-', CAST(order_id AS STRING)) AS tag",
            "CHAR_LENGTH(TRIM(customer)) AS name_length");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** order_id, customer, amount, quantity, status. */
    private static final List<Object[]> ORDERS = List.of(
            new Object[]{1L, "  alice ", 12.5, 2, "NEW"},
            new Object[]{2L, "bob", 5.0, 10, "NEW"},              // amount not above 10
            new Object[]{3L, "carol", 99.99, 1, "CANCELLED"},      // cancelled
            new Object[]{4L, "dave", 20.25, 3, "SHIPPED"},
            new Object[]{5L, null, 15.0, 1, "NEW"},
            new Object[]{6L, "Eve", 11.0, 0, "NEW"});

    /** The JSON records the job must write, in input order, worked out by hand. */
    static final List<String> EXPECTED_OUTPUT = List.of(
            "{\"order_id\":1,\"customer\":\"ALICE\",\"total\":25.00,\"tag\":\"NEW-1\",\"name_length\":5}",
            "{\"order_id\":4,\"customer\":\"DAVE\",\"total\":60.75,\"tag\":\"SHIPPED-4\",\"name_length\":4}",
            "{\"order_id\":5,\"customer\":null,\"total\":15.00,\"tag\":\"NEW-5\",\"name_length\":null}",
            "{\"order_id\":6,\"customer\":\"EVE\",\"total\":0.00,\"tag\":\"NEW-6\",\"name_length\":3}");

    final KafkaContainer kafka = KafkaContainer.shared();
    final FakeSchemaRegistry registry = FakeSchemaRegistry.start();
    final String inputTopic = "orders-" + UUID.randomUUID();
    final String outputTopic = "order-totals-" + UUID.randomUUID();

    OrdersPipeline() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(inputTopic, 1, (short) 1), new NewTopic(outputTopic, 1, (short) 1)))
                    .all().get(30, SECONDS);
        }
    }

    /** Registers the order schema under the input topic's value subject and produces every order. */
    void produceOrders() throws Exception {
        Schema schema = new Schema.Parser().parse(ORDER_SCHEMA);
        int schemaId = registry.register(inputTopic + "-value", ORDER_SCHEMA);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Object[] order : ORDERS) {
                GenericRecord record = new GenericData.Record(schema);
                record.put("order_id", order[0]);
                record.put("customer", order[1]);
                record.put("amount", order[2]);
                record.put("quantity", order[3]);
                record.put("status", order[4]);
                producer.send(new ProducerRecord<>(inputTopic, confluentFramed(schemaId, schema, record))).get(30, SECONDS);
            }
        }
    }

    /** Confluent's wire format: magic byte 0, the schema id as a 4-byte big-endian int, then Avro binary. */
    private static byte[] confluentFramed(int schemaId, Schema schema, GenericRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(5).put((byte) 0).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The committed values of the output topic, as JSON, in offset order. */
    List<JsonNode> readOutput() throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("isolation.level", "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(outputTopic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            records.sort(Comparator.comparingLong(ConsumerRecord::offset));
            List<JsonNode> values = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                values.add(JSON.readTree(record.value()));
            }
            return values;
        }
    }

    @Override
    public void close() {
        registry.close();
    }

    static List<JsonNode> expectedOutput() throws IOException {
        List<JsonNode> expected = new ArrayList<>();
        for (String json : EXPECTED_OUTPUT) {
            expected.add(JSON.readTree(json));
        }
        return expected;
    }
}
