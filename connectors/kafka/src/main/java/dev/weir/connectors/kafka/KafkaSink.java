package dev.weir.connectors.kafka;

import dev.weir.api.format.RowEncoder;
import dev.weir.api.io.SimpleVersionedSerializer;
import dev.weir.api.sink.CommitRequest;
import dev.weir.api.sink.Committer;
import dev.weir.api.sink.CommittingSinkWriter;
import dev.weir.api.sink.DeliveryGuarantee;
import dev.weir.api.sink.SupportsCommitter;
import dev.weir.api.sink.WriterInitContext;
import java.util.Map;
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
                    // A newer epoch exists: this transaction was committed before (a commit repeated after a restore).
                    request.signalAlreadyCommitted();
                }
            }
        };
    }

    @Override
    public SimpleVersionedSerializer<KafkaCommittable> committableSerializer() {
        return KafkaCommittable.SERIALIZER;
    }
}
