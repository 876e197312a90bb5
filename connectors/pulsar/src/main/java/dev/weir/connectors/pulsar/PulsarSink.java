package dev.weir.connectors.pulsar;

import dev.weir.api.format.RowEncoder;
import dev.weir.api.io.SimpleVersionedSerializer;
import dev.weir.api.sink.Committer;
import dev.weir.api.sink.CommittingSinkWriter;
import dev.weir.api.sink.DeliveryGuarantee;
import dev.weir.api.sink.SupportsCommitter;
import dev.weir.api.sink.WriterInitContext;
import dev.weir.connectors.pulsar.PulsarOptions.TopicRoutingMode;
import java.util.UUID;

/**
 * The Pulsar sink. With exactly-once, each writer sends into a Pulsar transaction per checkpoint,
 * prepareCommit hands over its id once every message is sent, and the committer commits it through
 * the transaction coordinator once the checkpoint is durable. Other guarantees commit nothing:
 * at-least-once flushes the producer before each checkpoint, none never waits.
 */
final class PulsarSink implements SupportsCommitter<PulsarCommittable> {

    final PulsarClients clients;
    final String topic;
    final MessageLayout layout;
    final RowEncoder keyEncoder;
    final RowEncoder valueEncoder;
    final TopicRoutingMode routing;
    final DeliveryGuarantee guarantee;
    final long transactionTimeoutMillis;
    /** Tells this sink's transactions from other sinks' in {@link UncommittedTransactions}; kept by every copy. */
    final String sinkId = UUID.randomUUID().toString();

    PulsarSink(PulsarClients clients, String topic, MessageLayout layout, RowEncoder keyEncoder, RowEncoder valueEncoder,
               TopicRoutingMode routing, DeliveryGuarantee guarantee, long transactionTimeoutMillis) {
        this.clients = clients;
        this.topic = topic;
        this.layout = layout;
        this.keyEncoder = keyEncoder;
        this.valueEncoder = valueEncoder;
        this.routing = routing;
        this.guarantee = guarantee;
        this.transactionTimeoutMillis = transactionTimeoutMillis;
    }

    @Override
    public CommittingSinkWriter<PulsarCommittable> createWriter(WriterInitContext context) throws Exception {
        return new PulsarSinkWriter(this, context);
    }

    @Override
    public Committer<PulsarCommittable> createCommitter() {
        return new PulsarCommitter(clients);
    }

    @Override
    public SimpleVersionedSerializer<PulsarCommittable> committableSerializer() {
        return PulsarCommittable.SERIALIZER;
    }
}
