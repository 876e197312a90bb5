package dev.weir.guarantees;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients of the tests: topics, the input, progress, and the committed output. */
final class KafkaIO implements AutoCloseable {

    private final String bootstrap;
    private final Admin admin;
    private final List<StagedInput> stagedInputs = new ArrayList<>();

    KafkaIO(String bootstrap) {
        this.bootstrap = bootstrap;
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("request.timeout.ms", "20000");
        config.put("default.api.timeout.ms", "30000");
        this.admin = Admin.create(config);
    }

    String bootstrap() {
        return bootstrap;
    }

    void createTopic(String topic, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
    }

    /** The input of a kill test, written as the kill loop releases it (see {@link KillLoop.InputGate}). */
    StagedInput stagedInput(long total, LongFunction<ProducerRecord<String, String>> record) {
        StagedInput input = new StagedInput(bootstrap, total, record);
        stagedInputs.add(input);
        return input;
    }

    /**
     * Records 0..total-1, produced in stages. Every record names its partition, so the end offset of
     * each partition is known before any is written, and a job bounded by those offsets ends exactly
     * when the last stage has been read: never before the kill loop releases it.
     */
    static final class StagedInput implements KillLoop.InputGate, AutoCloseable {
        private final long total;
        private final LongFunction<ProducerRecord<String, String>> record;
        private final KafkaProducer<String, String> producer;
        private long produced;

        private StagedInput(String bootstrap, long total, LongFunction<ProducerRecord<String, String>> record) {
            this.total = total;
            this.record = record;
            Map<String, Object> config = new HashMap<>();
            config.put("bootstrap.servers", bootstrap);
            config.put("linger.ms", "20");
            config.put("batch.size", String.valueOf(512 * 1024));
            config.put("buffer.memory", String.valueOf(64L * 1024 * 1024));
            config.put("compression.type", "lz4");
            config.put("acks", "all");
            this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        }

        /** 'scan.bounded.specific-offsets' ending every partition after the whole input. */
        String endOffsets() {
            Map<Integer, Long> perPartition = new java.util.TreeMap<>();
            for (long i = 0; i < total; i++) {
                Integer partition = record.apply(i).partition();
                if (partition == null) {
                    throw new IllegalArgumentException("Staged input record " + i + " names no partition");
                }
                perPartition.merge(partition, 1L, Long::sum);
            }
            return perPartition.entrySet().stream().map(e -> "partition:" + e.getKey() + ",offset:" + e.getValue())
                    .collect(java.util.stream.Collectors.joining(";"));
        }

        @Override
        public void release(double fraction) {
            long upTo = Math.min(total, (long) Math.ceil(fraction * total));
            for (; produced < upTo; produced++) {
                producer.send(record.apply(produced));
            }
            producer.flush();
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(30));
        }
    }

    /**
     * How much of the input completed checkpoints cover: the offsets the job's source committed to its
     * consumer group (it does so when a checkpoint completes), over the input's size.
     */
    double progress(String group, long total) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            long sum = offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
            return (double) sum / total;
        } catch (Exception e) {
            return 0; // the broker is busy or paused: no progress seen this time
        }
    }

    /**
     * Every record a read_committed consumer sees in the topic, up to the last stable offset of each
     * partition. When that is below the log end (a transaction still open), the open transactions are
     * printed: whatever they hold is missing from what is returned.
     */
    List<String> readCommitted(String topic, Consumer<String> diagnostics) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("isolation.level", "read_committed");
        config.put("enable.auto.commit", "false");
        config.put("max.poll.records", "10000");
        config.put("fetch.max.bytes", String.valueOf(64 * 1024 * 1024));
        config.put("max.partition.fetch.bytes", String.valueOf(16 * 1024 * 1024));
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> stable = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, Long> logEnd = logEndOffsets(partitions);
            if (!stable.equals(logEnd)) {
                diagnostics.accept("last stable offsets " + stable + " are below the log end offsets " + logEnd
                        + "; open transactions: " + openTransactions());
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!reached(consumer, stable)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Reading " + topic + " stalled at " + values.size() + " records");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < stable.get(new TopicPartition(record.topic(), record.partition()))) {
                        values.add(new String(record.value(), java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return values;
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private Map<TopicPartition, Long> logEndOffsets(List<TopicPartition> partitions) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("isolation.level", "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return consumer.endOffsets(partitions, Duration.ofSeconds(30));
        }
    }

    List<String> openTransactions() throws Exception {
        List<String> open = new ArrayList<>();
        for (TransactionListing listing : admin.listTransactions().all().get(30, TimeUnit.SECONDS)) {
            if (listing.state() == TransactionState.ONGOING || listing.state() == TransactionState.PREPARE_COMMIT
                    || listing.state() == TransactionState.PREPARE_ABORT) {
                open.add(listing.transactionalId() + "=" + listing.state());
            }
        }
        return open;
    }

    @Override
    public void close() {
        stagedInputs.forEach(StagedInput::close);
        admin.close(Duration.ofSeconds(5));
    }
}
