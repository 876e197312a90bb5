package dev.weir.connectors.kafka;

import dev.weir.api.format.RowEncoder;
import dev.weir.api.io.SimpleVersionedSerializer;
import dev.weir.api.sink.CommitRequest;
import dev.weir.api.sink.Committer;
import dev.weir.api.sink.CommittingSinkWriter;
import dev.weir.api.sink.DeliveryGuarantee;
import dev.weir.api.sink.SupportsCommitter;
import dev.weir.api.sink.WriterInitContext;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * The Kafka sink. With exactly-once, each writer writes into a Kafka transaction per checkpoint
 * (transactional id {@code <prefix>-<subtask>-<n>}), prepareCommit hands over its producer id and
 * epoch, and the committer commits it once the checkpoint is durable. Other guarantees commit
 * nothing: at-least-once flushes the producer before each checkpoint, none never waits.
 */
final class KafkaSink implements SupportsCommitter<KafkaCommittable> {

    private static final System.Logger LOG = System.getLogger(KafkaSink.class.getName());

    final String topic;
    final Map<String, String> clientProperties;
    final RecordLayout layout;
    final RowEncoder keyEncoder;
    final RowEncoder valueEncoder;
    final SinkPartitioning partitioning;
    final DeliveryGuarantee guarantee;
    final String transactionalIdPrefix;
    final boolean upsert;

    KafkaSink(String topic, Map<String, String> clientProperties, RecordLayout layout, RowEncoder keyEncoder,
              RowEncoder valueEncoder, SinkPartitioning partitioning, DeliveryGuarantee guarantee,
              String transactionalIdPrefix, boolean upsert) {
        this.topic = topic;
        this.clientProperties = Map.copyOf(clientProperties);
        this.layout = layout;
        this.keyEncoder = keyEncoder;
        this.valueEncoder = valueEncoder;
        this.partitioning = partitioning;
        this.guarantee = guarantee;
        this.transactionalIdPrefix = transactionalIdPrefix;
        this.upsert = upsert;
    }

    @Override
    public CommittingSinkWriter<KafkaCommittable> createWriter(WriterInitContext context) {
        return new KafkaSinkWriter(this, context);
    }

    @Override
    public Committer<KafkaCommittable> createCommitter() {
        return requests -> {
            for (CommitRequest<KafkaCommittable> request : requests) {
                try {
                    TransactionalProducers.commit(request.committable(), clientProperties);
                } catch (ProducerFencedException | InvalidProducerEpochException | InvalidTxnStateException e) {
                    // A newer epoch of the id exists: the transaction was completed before. Either an earlier
                    // commit did it (a commit repeated after a restore) or Kafka aborted it; only the coordinator knows.
                    completedBefore(request, e);
                }
            }
        };
    }

    private void completedBefore(CommitRequest<KafkaCommittable> request, RuntimeException refusal) {
        String id = request.committable().transactionalId();
        Optional<TransactionState> state = TransactionalProducers.describe(id, clientProperties);
        if (state.isEmpty()) {
            LOG.log(Level.WARNING, "Kafka no longer knows transaction '" + id + "' (its id expired after "
                    + "transactional.id.expiration.ms); taking it as committed, as its commit was refused with: " + refusal);
            request.signalAlreadyCommitted();
        } else if (state.get() == TransactionState.COMPLETE_COMMIT) {
            request.signalAlreadyCommitted();
        } else {
            request.signalFailedWithKnownReason(new IllegalStateException("Kafka transaction '" + id + "' of a completed "
                    + "checkpoint cannot be committed: the transaction coordinator reports it " + state.get()
                    + ", so its records are lost. Kafka aborts transactions older than the producer's transaction.timeout.ms "
                    + "(the sink's default is " + TransactionalProducers.DEFAULT_TRANSACTION_TIMEOUT_MS + " ms; set "
                    + "'properties.transaction.timeout.ms' above the checkpoint interval plus the longest recovery).", refusal));
        }
    }

    @Override
    public SimpleVersionedSerializer<KafkaCommittable> committableSerializer() {
        return KafkaCommittable.SERIALIZER;
    }
}
