package dev.weir.connectors.pulsar;

import dev.weir.api.sink.CommitRequest;
import dev.weir.api.sink.Committer;
import java.util.Collection;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.transaction.TransactionCoordinatorClientException;
import org.apache.pulsar.client.api.transaction.TransactionCoordinatorClientException.CoordinatorNotFoundException;
import org.apache.pulsar.client.api.transaction.TransactionCoordinatorClientException.InvalidTxnStatusException;
import org.apache.pulsar.client.api.transaction.TransactionCoordinatorClientException.MetaStoreHandlerNotExistsException;
import org.apache.pulsar.client.api.transaction.TransactionCoordinatorClientException.TransactionNotFoundException;
import org.apache.pulsar.client.api.transaction.TxnID;
import org.apache.pulsar.client.impl.PulsarClientImpl;

/**
 * Commits prepared transactions by id through the client's transaction coordinator client, as
 * Flink's PulsarCommitter does: the public {@code Transaction} object exists only in the writer that
 * began it, while a committable may be committed again after a restore, in another attempt.
 *
 * <p>Outcomes, following Flink: a transaction the coordinator no longer knows was committed before
 * (the normal case when a restore commits its checkpoint's transactions again) or timed out; the
 * coordinator forgets both alike, so it counts as committed and is logged. A transaction in another
 * state (aborted, or already being committed) counts as committed too. No coordinator, or no
 * metadata store for the id, fails the job; anything else is retried, up to
 * {@value #MAX_RETRIES} times.
 */
final class PulsarCommitter implements Committer<PulsarCommittable> {

    private static final System.Logger LOG = System.getLogger(PulsarCommitter.class.getName());
    /** Flink's default pulsar.sink.maxRecommitTimes. */
    static final int MAX_RETRIES = 5;

    private final PulsarClients clients;
    private PulsarClient client;

    PulsarCommitter(PulsarClients clients) {
        this.clients = clients;
    }

    @Override
    public void commit(Collection<CommitRequest<PulsarCommittable>> requests) throws Exception {
        for (CommitRequest<PulsarCommittable> request : requests) {
            TxnID id = request.committable().txnId();
            try {
                ((PulsarClientImpl) client()).getTcClient().commit(id);
                UncommittedTransactions.ended(id);
            } catch (TransactionNotFoundException e) {
                UncommittedTransactions.ended(id);
                LOG.log(System.Logger.Level.WARNING, "The transaction coordinator does not know " + id + ": it was committed"
                        + " before (as when a restored checkpoint is committed again), or it timed out and its messages"
                        + " were discarded; if so, raise pulsar.sink.transactionTimeoutMillis.");
                request.signalAlreadyCommitted();
            } catch (InvalidTxnStatusException e) {
                UncommittedTransactions.ended(id);
                LOG.log(System.Logger.Level.WARNING, "Transaction " + id + " cannot be committed in its state, most likely"
                        + " aborted by the broker: " + e.getMessage());
                request.signalAlreadyCommitted();
            } catch (CoordinatorNotFoundException | MetaStoreHandlerNotExistsException e) {
                request.signalFailedWithKnownReason(new IllegalStateException("Cannot commit " + id + ": is"
                        + " transactionCoordinatorEnabled=true on the brokers, and their transaction metadata intact?", e));
            } catch (TransactionCoordinatorClientException e) {
                if (request.numberOfRetries() < MAX_RETRIES) {
                    request.retryLater();
                } else {
                    request.signalFailedWithUnknownReason(e);
                }
            }
        }
    }

    private PulsarClient client() throws Exception {
        if (client == null) {
            client = clients.create(true);
        }
        return client;
    }

    @Override
    public void close() throws Exception {
        if (client != null) {
            client.close();
        }
    }
}
