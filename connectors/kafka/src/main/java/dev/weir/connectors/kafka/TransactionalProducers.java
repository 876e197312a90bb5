package dev.weir.connectors.kafka;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.ProducerIdAndEpoch;

/**
 * Transactional producers of the exactly-once sink, and how a transaction prepared by one producer
 * is committed by another.
 *
 * <p>kafka-clients 4.3.1 has the pieces of KIP-939 ({@code transaction.two.phase.commit.enable},
 * {@code PreparedTxnState}, {@code TransactionManager.initializeTransactions(keepPreparedTxn)} and
 * {@code prepareTransaction()}) but no public {@code KafkaProducer} method that uses them: the
 * producer offers only {@code initTransactions()}, which aborts an open transaction of its id, and
 * no {@code completeTransaction}. (Using them would also need the broker's
 * {@code transaction.two.phase.commit.enable} and a TWO_PHASE_COMMIT ACL.) So this does what Flink's
 * FlinkKafkaInternalProducer does: a new producer with the same transactional id gets the prepared
 * transaction's producer id and epoch written into its TransactionManager, is put into the
 * in-transaction state, and commits. The field names are checked at first use, so a client upgrade
 * that renames them fails loudly. Verified against a 4.3.1 broker with {@code transaction.version} 2
 * by KafkaExactlyOnceRecoveryIT, which kills the preparing process and commits from another.
 *
 * <p>Within one JVM (the normal case: the committer runs beside the writers) the writer's own
 * producer is handed over here at prepareCommit and commits directly; the reflective path serves
 * commits after a restart in another process.
 */
final class TransactionalProducers {

    /**
     * The producer's own default, 60 s, is shorter than many checkpoint intervals: Kafka would abort a
     * transaction before the checkpoint that prepared it completes. 15 minutes is the largest timeout
     * a broker accepts by default ({@code transaction.max.timeout.ms}); 'properties.transaction.timeout.ms' overrides it.
     */
    static final String DEFAULT_TRANSACTION_TIMEOUT_MS = "900000";

    /** Producers whose transaction is prepared and awaits its checkpoint, by transactional id. */
    private static final long ADMIN_TIMEOUT_SECONDS = 60;

    private static final Map<String, KafkaProducer<byte[], byte[]>> PREPARED = new ConcurrentHashMap<>();

    private TransactionalProducers() {
    }

    static KafkaProducer<byte[], byte[]> create(Map<String, String> clientProperties, String transactionalId) {
        Map<String, Object> config = KafkaClients.producerConfig(clientProperties);
        config.put("transactional.id", transactionalId);
        config.put("enable.idempotence", "true");
        config.putIfAbsent("transaction.timeout.ms", DEFAULT_TRANSACTION_TIMEOUT_MS);
        try {
            return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        } catch (KafkaException e) {
            throw KafkaClients.failure("Creating the Kafka producer '" + transactionalId + "'", clientProperties, e);
        }
    }

    static KafkaCommittable prepared(String transactionalId, KafkaProducer<byte[], byte[]> producer) {
        ProducerIdAndEpoch idAndEpoch = (ProducerIdAndEpoch) read(transactionManager(producer), "producerIdAndEpoch");
        PREPARED.put(transactionalId, producer);
        return new KafkaCommittable(transactionalId, idAndEpoch.producerId, idAndEpoch.epoch);
    }

    /** Commits with the writer's producer if this JVM still has it, else by resuming the transaction. */
    static void commit(KafkaCommittable committable, Map<String, String> clientProperties) {
        KafkaProducer<byte[], byte[]> producer = PREPARED.remove(committable.transactionalId());
        if (producer == null) {
            resumeAndCommit(committable, clientProperties);
            return;
        }
        try {
            producer.commitTransaction();
        } finally {
            producer.close();
        }
    }

    /** Drops (and closes) a prepared producer of this JVM, e.g. when its transaction is being fenced. */
    static void discard(String transactionalId) {
        KafkaProducer<byte[], byte[]> producer = PREPARED.remove(transactionalId);
        if (producer != null) {
            producer.close(Duration.ZERO);
        }
    }

    /**
     * What became of a transaction whose commit was refused because a newer epoch of its id exists:
     * its state as the transaction coordinator describes it (e.g. COMPLETE_COMMIT, COMPLETE_ABORT),
     * or empty when the coordinator no longer knows the id (expired after transactional.id.expiration.ms).
     */
    static Optional<TransactionState> describe(String transactionalId, Map<String, String> clientProperties) {
        try (Admin admin = Admin.create(KafkaClients.adminConfig(clientProperties))) {
            return Optional.of(admin.describeTransactions(List.of(transactionalId)).description(transactionalId)
                    .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).state());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransactionalIdNotFoundException) {
                return Optional.empty();
            }
            throw new IllegalStateException("Cannot describe Kafka transaction '" + transactionalId + "'", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("Cannot describe Kafka transaction '" + transactionalId + "'", e);
        }
    }

    static void resumeAndCommit(KafkaCommittable committable, Map<String, String> clientProperties) {
        try (KafkaProducer<byte[], byte[]> producer = create(clientProperties, committable.transactionalId())) {
            Object transactionManager = transactionManager(producer);
            synchronized (transactionManager) {
                write(transactionManager, "producerIdAndEpoch", new ProducerIdAndEpoch(committable.producerId(), committable.epoch()));
                write(transactionManager, "currentState", state(transactionManager, "IN_TRANSACTION"));
                write(transactionManager, "transactionStarted", true);
            }
            producer.commitTransaction();
        }
    }

    private static Object transactionManager(KafkaProducer<byte[], byte[]> producer) {
        return read(producer, "transactionManager");
    }

    private static Object state(Object transactionManager, String name) {
        try {
            Class<?> stateClass = Class.forName(transactionManager.getClass().getName() + "$State", true,
                    transactionManager.getClass().getClassLoader());
            Method valueOf = stateClass.getMethod("valueOf", String.class);
            valueOf.setAccessible(true);
            return valueOf.invoke(null, name);
        } catch (ReflectiveOperationException e) {
            throw incompatibleClient(e);
        }
    }

    private static Object read(Object target, String fieldName) {
        try {
            return field(target.getClass(), fieldName).get(target);
        } catch (ReflectiveOperationException e) {
            throw incompatibleClient(e);
        }
    }

    private static void write(Object target, String fieldName, Object value) {
        try {
            field(target.getClass(), fieldName).set(target, value);
        } catch (ReflectiveOperationException e) {
            throw incompatibleClient(e);
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    private static IllegalStateException incompatibleClient(ReflectiveOperationException e) {
        return new IllegalStateException("This kafka-clients version does not have the internals the exactly-once "
                + "sink resumes transactions with (tested with 4.3.1): " + e, e);
    }
}
