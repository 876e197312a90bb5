package dev.weir.connectors.kafka;

import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.api.metrics.Counter;
import dev.weir.api.sink.CommittingSinkWriter;
import dev.weir.api.sink.DeliveryGuarantee;
import dev.weir.api.sink.WriterInitContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes one subtask's rows; see {@link KafkaSink} for the guarantees. */
final class KafkaSinkWriter implements CommittingSinkWriter<KafkaCommittable> {

    private static final long ADMIN_TIMEOUT_SECONDS = 60;

    private final KafkaSink sink;
    private final int subtask;
    private final boolean exactlyOnce;
    private final Counter recordsOut;
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private KafkaProducer<byte[], byte[]> producer;
    private String transactionalId;
    private long restoredCheckpoint;
    private long nextTransaction;
    private boolean transactionHasRecords;
    private long sequence;
    private int partitions;

    KafkaSinkWriter(KafkaSink sink, WriterInitContext context) {
        this.sink = sink;
        this.subtask = context.subtaskIndex();
        this.exactlyOnce = sink.guarantee == DeliveryGuarantee.EXACTLY_ONCE;
        this.recordsOut = context.metrics().counter("numRecordsOut");
        if (sink.keyEncoder != null) {
            sink.keyEncoder.open(context.metrics());
        }
        sink.valueEncoder.open(context.metrics());
        if (exactlyOnce) {
            // Transactions numbered up to the restored checkpoint are committed from it; those above it
            // belong to the attempt that failed: they are fenced here, after which their ids may be reused.
            restoredCheckpoint = context.restoredCheckpointId().orElse(0);
            nextTransaction = restoredCheckpoint + 1;
            abortLingeringTransactions(context.parallelism());
        } else {
            try {
                producer = new KafkaProducer<>(KafkaClients.producerConfig(sink.clientProperties), new ByteArraySerializer(),
                        new ByteArraySerializer());
            } catch (KafkaException e) {
                throw KafkaClients.failure("Creating the Kafka producer for topic '" + sink.topic + "'", sink.clientProperties, e);
            }
        }
    }

    /**
     * Fences ongoing transactions of this subtask (subtask 0 also those of subtasks beyond the
     * parallelism) numbered above the restored checkpoint. The transaction prepared for checkpoint n
     * is numbered n or lower, so those of the restored checkpoint, which its commit completes, are
     * never fenced here, whether the engine commits them before or after creating the writers.
     */
    private void abortLingeringTransactions(int parallelism) {
        String prefix = sink.transactionalIdPrefix + "-";
        try (Admin admin = Admin.create(KafkaClients.adminConfig(sink.clientProperties))) {
            List<String> lingering = new ArrayList<>();
            for (TransactionListing listing : admin.listTransactions().all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                String id = listing.transactionalId();
                if (listing.state() == TransactionState.ONGOING && id.startsWith(prefix) && ownedBy(id.substring(prefix.length()), parallelism)) {
                    lingering.add(id);
                }
            }
            if (!lingering.isEmpty()) {
                lingering.forEach(TransactionalProducers::discard);
                admin.fenceProducers(lingering).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw KafkaClients.failure("Aborting the lingering transactions with prefix '" + sink.transactionalIdPrefix + "'",
                    sink.clientProperties, e);
        }
    }

    /** Whether '<subtask>-<n>' belongs to this subtask and was begun after the restored checkpoint. */
    private boolean ownedBy(String subtaskAndNumber, int parallelism) {
        int dash = subtaskAndNumber.indexOf('-');
        try {
            int owner = Integer.parseInt(subtaskAndNumber.substring(0, dash));
            long number = Long.parseLong(subtaskAndNumber.substring(dash + 1));
            return (owner == subtask || (subtask == 0 && owner >= parallelism)) && number > restoredCheckpoint;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void write(Row row) throws Exception {
        throwIfSendFailed();
        if (sink.upsert && row.kind() == RowKind.UPDATE_BEFORE) {
            return; // an upsert topic holds the latest value per key: the UPDATE_AFTER that follows replaces it
        }
        byte[] key = sink.keyEncoder == null ? null : sink.keyEncoder.encode(sink.layout.keyOf(row));
        byte[] value = sink.upsert && row.kind() == RowKind.DELETE ? null : sink.valueEncoder.encode(sink.layout.valueOf(row));
        Long timestamp = null;
        RecordHeaders headers = new RecordHeaders();
        List<String> metadata = sink.layout.metadataKeys();
        for (int i = 0; i < metadata.size(); i++) {
            Object field = row.getField(sink.layout.metadataPosition(i));
            if (field == null) {
                continue;
            }
            switch (metadata.get(i)) {
                case "timestamp" -> timestamp = ((Instant) field).toEpochMilli();
                case "headers" -> ((Map<?, ?>) field).forEach((k, v) -> headers.add((String) k, (byte[]) v));
                default -> throw new IllegalStateException("Kafka metadata '" + metadata.get(i) + "' is not writable");
            }
        }
        try {
            KafkaProducer<byte[], byte[]> target = producer();
            Integer partition = sink.partitioning.partition(subtask, sequence++, partitionCount(target));
            target.send(new ProducerRecord<>(sink.topic, partition, timestamp, key, value, headers), (metadataOrNull, error) -> {
                if (error != null) {
                    sendFailure.compareAndSet(null, error);
                }
            });
        } catch (KafkaException e) {
            throw KafkaClients.failure("Writing to Kafka topic '" + sink.topic + "'", sink.clientProperties, e);
        }
        transactionHasRecords = true;
        recordsOut.inc();
    }

    private int partitionCount(KafkaProducer<byte[], byte[]> target) {
        if (sink.partitioning == SinkPartitioning.DEFAULT) {
            return 0;
        }
        if (partitions == 0) {
            partitions = target.partitionsFor(sink.topic).size();
        }
        return partitions;
    }

    /** The producer to write with; with exactly-once a new transaction begins with the first record after a commit. */
    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            transactionalId = sink.transactionalIdPrefix + "-" + subtask + "-" + nextTransaction;
            producer = TransactionalProducers.create(sink.clientProperties, transactionalId);
            producer.initTransactions();
            producer.beginTransaction();
            transactionHasRecords = false;
        }
        return producer;
    }

    @Override
    public void flush(boolean endOfInput) throws Exception {
        if (producer != null && sink.guarantee != DeliveryGuarantee.NONE) {
            producer.flush();
        }
        throwIfSendFailed();
    }

    @Override
    public Collection<KafkaCommittable> prepareCommit() throws Exception {
        if (!exactlyOnce) {
            return List.of();
        }
        // Every checkpoint advances the numbering, also one without a transaction: checkpoint ids count up
        // from the restored one, so the transaction begun after checkpoint n is numbered n + 1, and those
        // a failed attempt left open are exactly the ones numbered above the checkpoint it is restored from.
        // (Counting only transactions let the numbers fall behind the checkpoint ids after a checkpoint
        // without records: a transaction begun after checkpoint n could be numbered n or lower, escaped the
        // fencing after a restore from n, and held back read_committed consumers until it timed out.)
        nextTransaction++;
        if (producer == null || !transactionHasRecords) {
            return List.of();
        }
        producer.flush();
        throwIfSendFailed();
        KafkaCommittable committable = TransactionalProducers.prepared(transactionalId, producer);
        producer = null;
        return List.of(committable);
    }

    private void throwIfSendFailed() throws Exception {
        Exception failure = sendFailure.get();
        if (failure != null) {
            throw KafkaClients.failure("Writing to Kafka topic '" + sink.topic + "'", sink.clientProperties, failure);
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            // An open transaction is left for the next attempt's writer to fence; nothing else is pending.
            producer.close(Duration.ofSeconds(exactlyOnce ? 0 : 30));
        }
    }
}
