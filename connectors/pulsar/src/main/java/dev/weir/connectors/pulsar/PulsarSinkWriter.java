package dev.weir.connectors.pulsar;

import dev.weir.api.data.Row;
import dev.weir.api.metrics.Counter;
import dev.weir.api.sink.CommittingSinkWriter;
import dev.weir.api.sink.DeliveryGuarantee;
import dev.weir.api.sink.WriterInitContext;
import dev.weir.connectors.pulsar.PulsarOptions.TopicRoutingMode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.MessageRouter;
import org.apache.pulsar.client.api.MessageRoutingMode;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.ProducerBuilder;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.TopicMetadata;
import org.apache.pulsar.client.api.TypedMessageBuilder;
import org.apache.pulsar.client.api.transaction.Transaction;
import org.apache.pulsar.client.api.transaction.TxnID;
import org.apache.pulsar.client.impl.PulsarClientImpl;

/** Writes one subtask's rows; see {@link PulsarSink} for the guarantees. */
final class PulsarSinkWriter implements CommittingSinkWriter<PulsarCommittable> {

    private static final long ABORT_TIMEOUT_SECONDS = 30;

    private final PulsarSink sink;
    private final UncommittedTransactions.Owner owner;
    private final boolean exactlyOnce;
    private final Counter recordsOut;
    private final AtomicReference<Throwable> sendFailure = new AtomicReference<>();
    /**
     * Sends not known to be complete, oldest first. Waiting for them is what flushing means here:
     * a transactional send reaches the producer only after its topic is registered with the
     * transaction, asynchronously, so {@code producer.flush()} alone can return before it is queued.
     */
    private final Queue<CompletableFuture<MessageId>> inFlight = new ArrayDeque<>();
    private final PulsarClient client;
    private final Producer<byte[]> producer;
    private Transaction transaction;

    PulsarSinkWriter(PulsarSink sink, WriterInitContext context) throws Exception {
        this.sink = sink;
        this.owner = new UncommittedTransactions.Owner(sink.sinkId, context.subtaskIndex());
        this.exactlyOnce = sink.guarantee == DeliveryGuarantee.EXACTLY_ONCE;
        this.recordsOut = context.metrics().counter("numRecordsOut");
        if (sink.keyEncoder != null) {
            sink.keyEncoder.open(context.metrics());
        }
        sink.valueEncoder.open(context.metrics());
        client = sink.clients.create(exactlyOnce);
        try {
            if (exactlyOnce) {
                abortAbandonedTransactions(context.parallelism());
            }
            producer = producer(context.subtaskIndex()).create();
        } catch (Exception e) {
            client.close();
            throw e;
        }
    }

    private ProducerBuilder<byte[]> producer(int subtask) {
        ProducerBuilder<byte[]> builder = client.newProducer(Schema.BYTES).topic(sink.topic)
                // A full send queue blocks write(): that is how back-pressure reaches the job.
                .blockIfQueueFull(true);
        if (exactlyOnce) {
            // Pulsar refuses transactional sends from producers with a send timeout.
            builder.sendTimeout(0, TimeUnit.SECONDS);
        }
        // Pulsar's own round-robin mode still routes keyed messages by key hash (what message-key-hash
        // wants); plain round-robin needs a router that ignores keys.
        return sink.routing == TopicRoutingMode.MESSAGE_KEY_HASH
                ? builder.messageRoutingMode(MessageRoutingMode.RoundRobinPartition)
                : builder.messageRoutingMode(MessageRoutingMode.CustomPartition).messageRouter(new InTurn(subtask));
    }

    /** See {@link UncommittedTransactions}: what an earlier attempt of this writer left open is aborted. */
    private void abortAbandonedTransactions(int parallelism) throws Exception {
        for (TxnID id : UncommittedTransactions.takeAbandoned(owner.sinkId(), owner.subtask(), parallelism)) {
            try {
                ((PulsarClientImpl) client).getTcClient().abort(id);
            } catch (org.apache.pulsar.client.api.transaction.TransactionCoordinatorClientException e) {
                // Already ended (aborted, timed out): nothing blocks readers any more.
            }
        }
    }

    @Override
    public void write(Row row) throws Exception {
        throwIfSendFailed();
        TypedMessageBuilder<byte[]> message = exactlyOnce ? producer.newMessage(transaction()) : producer.newMessage();
        message.value(sink.valueEncoder.encode(sink.layout.valueOf(row)));
        if (sink.keyEncoder != null) {
            message.keyBytes(sink.keyEncoder.encode(sink.layout.keyOf(row)));
        }
        List<String> metadata = sink.layout.metadataKeys();
        for (int i = 0; i < metadata.size(); i++) {
            Object field = row.getField(sink.layout.metadataPosition(i));
            if (field == null) {
                continue;
            }
            switch (metadata.get(i)) {
                case "properties" -> ((Map<?, ?>) field).forEach((k, v) -> message.property((String) k, (String) v));
                case "event_time" -> message.eventTime(((Instant) field).toEpochMilli());
                default -> throw new IllegalStateException("Pulsar metadata '" + metadata.get(i) + "' is not writable");
            }
        }
        CompletableFuture<MessageId> sent = message.sendAsync();
        sent.whenComplete((id, error) -> {
            if (error != null) {
                sendFailure.compareAndSet(null, error);
            }
        });
        while (!inFlight.isEmpty() && inFlight.peek().isDone()) {
            inFlight.poll();
        }
        inFlight.add(sent);
        recordsOut.inc();
    }

    /** The open transaction; a new one begins with the first row after a prepareCommit. */
    private Transaction transaction() throws Exception {
        if (transaction == null) {
            transaction = client.newTransaction()
                    .withTransactionTimeout(sink.transactionTimeoutMillis, TimeUnit.MILLISECONDS).build().get();
            UncommittedTransactions.begun(transaction.getTxnID(), owner);
        }
        return transaction;
    }

    @Override
    public void flush(boolean endOfInput) throws Exception {
        if (sink.guarantee != DeliveryGuarantee.NONE) {
            awaitSends();
        }
        throwIfSendFailed();
    }

    /** Returns once every message written so far is persisted or failed (failures surface through throwIfSendFailed). */
    private void awaitSends() throws Exception {
        producer.flushAsync();
        for (CompletableFuture<MessageId> sent; (sent = inFlight.poll()) != null; ) {
            try {
                sent.get();
            } catch (ExecutionException e) {
                // recorded in sendFailure by the send's own callback
            }
        }
    }

    @Override
    public Collection<PulsarCommittable> prepareCommit() throws Exception {
        if (transaction == null) {
            return List.of();
        }
        awaitSends();
        throwIfSendFailed();
        PulsarCommittable committable = PulsarCommittable.of(transaction.getTxnID());
        transaction = null;
        return List.of(committable);
    }

    private void throwIfSendFailed() {
        Throwable failure = sendFailure.get();
        if (failure != null) {
            throw new IllegalStateException("Writing to Pulsar topic '" + sink.topic + "' failed", failure);
        }
    }

    @Override
    public void close() throws Exception {
        // A cancelled job closes its writers from interrupted threads; the abort below must still
        // complete before the client goes away, so the interrupt is held back until the end.
        boolean interrupted = Thread.interrupted();
        try {
            if (transaction != null) {
                // Never handed to a committer, so nothing can still want it; left open it would block readers.
                UncommittedTransactions.ended(transaction.getTxnID());
                transaction.abort().get(ABORT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            producer.close();
        } finally {
            client.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Round-robin over the partitions whatever the key, each writer starting at its own partition. */
    private static final class InTurn implements MessageRouter {
        private long next;

        InTurn(int subtask) {
            this.next = subtask;
        }

        @Override
        public int choosePartition(Message<?> message, TopicMetadata metadata) {
            return (int) Math.floorMod(next++, (long) metadata.numPartitions());
        }
    }
}
