package dev.weir.it.containers;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The weir/kafka image is a real broker: topics, producers, consumer groups and transactions work from the host. */
@ExtendWith(ContainerLogsOnFailure.class)
class KafkaContainerIT {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private static KafkaContainer kafka;

    @BeforeAll
    static void startKafka() {
        kafka = KafkaContainer.shared();
    }

    @Test
    void adminClientCreatesAndDescribesATopic() throws Exception {
        String topic = uniqueTopic("admin");
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, SECONDS);

            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, SECONDS).get(topic);
            assertThat(description.partitions()).hasSize(3);
            assertThat(admin.listTopics().names().get(30, SECONDS)).contains(topic);
        }
    }

    @Test
    void consumerGroupReadsWhatAPlainProducerWrote() throws Exception {
        String topic = createTopic("plain");
        List<Tuple> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(Map.of()))) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)).get(30, SECONDS);
                sent.add(tuple("key-" + i, "value-" + i));
            }
        }

        Map<String, Object> groupMember = Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "weir-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(groupMember))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = pollUntil(consumer, read -> read.size() >= sent.size());

            assertThat(records).extracting(ConsumerRecord::key, ConsumerRecord::value).containsExactlyElementsOf(sent);
        }
    }

    @Test
    void readCommittedConsumerSeesCommittedTransactionsButNotAbortedOnes() throws Exception {
        String topic = createTopic("transactional");
        Map<String, Object> transactional = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "weir-it-" + UUID.randomUUID());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(transactional))) {
            producer.initTransactions();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "committed-1"));
            producer.send(new ProducerRecord<>(topic, "committed-2"));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "aborted-1"));
            producer.send(new ProducerRecord<>(topic, "aborted-2"));
            // Flushed, so the aborted records are in the log and read_committed must filter them.
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "committed-3"));
            producer.commitTransaction();
        }

        // committed-3 comes after the aborted transaction: seeing it means the consumer read past it.
        assertThat(readFromStartThrough(topic, "read_committed", "committed-3"))
                .containsExactly("committed-1", "committed-2", "committed-3");
        assertThat(readFromStartThrough(topic, "read_uncommitted", "committed-3"))
                .containsExactly("committed-1", "committed-2", "aborted-1", "aborted-2", "committed-3");
    }

    private static List<String> readFromStartThrough(String topic, String isolationLevel, String lastValue) {
        Map<String, Object> isolation = Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(isolation))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            return values(pollUntil(consumer, records -> values(records).contains(lastValue)));
        }
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    private static List<ConsumerRecord<String, String>> pollUntil(
            KafkaConsumer<String, String> consumer, Predicate<List<ConsumerRecord<String, String>>> done) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        Instant deadline = Instant.now().plus(READ_TIMEOUT);
        while (!done.test(records)) {
            assertThat(Instant.now()).as("reading %s, got %s so far", consumer.assignment(), values(records))
                    .isBefore(deadline);
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    private static String createTopic(String purpose) throws Exception {
        String topic = uniqueTopic(purpose);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, SECONDS);
        }
        return topic;
    }

    /** The broker lives for the whole run, so every test writes to topics of its own. */
    private static String uniqueTopic(String purpose) {
        return "weir-it-" + purpose + "-" + UUID.randomUUID();
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static Map<String, Object> producerConfig(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(extra);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return config;
    }

    private static Map<String, Object> consumerConfig(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(extra);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return config;
    }
}
