package dev.weir.connectors.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.weir.api.data.Row;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.schema.Schema;
import dev.weir.it.containers.KafkaContainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Topics of the shared broker for the ITs: created with a unique name, written and read with plain clients. */
final class KafkaTestTopics {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaContainer kafka = KafkaContainer.shared();

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    String create(String purpose, int partitions) throws Exception {
        String topic = purpose + "-" + UUID.randomUUID();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, SECONDS);
        }
        return topic;
    }

    void addPartitions(String topic, int total) throws Exception {
        try (Admin admin = admin()) {
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(total))).all().get(30, SECONDS);
        }
    }

    /** Writes records (key may be null) to one partition, in order, and waits until they are acknowledged. */
    void write(String topic, int partition, List<byte[][]> keysAndValues) throws Exception {
        write(topic, partition, keysAndValues, null);
    }

    void write(String topic, int partition, List<byte[][]> keysAndValues, Long timestamp) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[][] kv : keysAndValues) {
                producer.send(new ProducerRecord<>(topic, partition, timestamp, kv[0], kv[1])).get(30, SECONDS);
            }
        }
    }

    /** Every committed record of the topic, partition by partition in offset order. */
    List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers());
        config.put("isolation.level", "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Timed out reading " + topic + " to its end " + end);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            records.sort(java.util.Comparator.comparing((ConsumerRecord<byte[], byte[]> r) -> r.partition())
                    .thenComparing(ConsumerRecord::offset));
            return records;
        }
    }

    /** A 'kafka' table of the topic with a JSON value. */
    TableDescriptor.Builder table(String topic, Schema schema) {
        return TableDescriptor.forConnector("kafka").schema(schema)
                .option("topic", topic)
                .option("properties.bootstrap.servers", bootstrapServers())
                .option("value.format", "json");
    }

    Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrapServers()));
    }

    /** The conformance rows ({@code id, part, seq, payload}) as the JSON values the 'json' format reads. */
    static List<byte[][]> asJson(List<Row> rows) {
        return rows.stream().map(r -> new byte[][]{null, ("{\"id\":" + r.getField(0) + ",\"part\":" + r.getField(1)
                + ",\"seq\":" + r.getField(2) + ",\"payload\":\"" + r.getField(3) + "\"}").getBytes(UTF_8)}).toList();
    }

    static Row fromJson(byte[] value) {
        try {
            JsonNode json = JSON.readTree(value);
            return Row.of(json.get("id").asLong(), json.get("part").asInt(), json.get("seq").asInt(), json.get("payload").asText());
        } catch (java.io.IOException e) {
            throw new AssertionError("Not JSON: " + new String(value, UTF_8), e);
        }
    }
}
