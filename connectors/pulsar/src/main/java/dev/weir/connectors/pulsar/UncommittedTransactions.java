package dev.weir.connectors.pulsar;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pulsar.client.api.transaction.TxnID;

/**
 * The exactly-once sink's transactions that this JVM began and nobody committed yet, by writer.
 *
 * <p>Why: Pulsar readers see nothing beyond the first message of a transaction that is still open
 * (the topic's max read position stops there), so a transaction abandoned by a failed attempt (the
 * open one, and those prepared for checkpoints that never completed) blocks every reader of the
 * topic until it times out. Pulsar has no fencing by writer identity (Kafka's transactional id); this
 * registry stands in for it within one JVM: the engine re-commits the restored checkpoint's
 * transactions before it creates the new attempt's writers, so whatever a writer finds here for
 * itself then was abandoned, and it aborts it. Across processes only the transaction timeout helps.
 */
final class UncommittedTransactions {

    /** The writer a transaction belongs to: the sink instance (a random id fixed at planning) and subtask. */
    record Owner(String sinkId, int subtask) {
    }

    private static final Map<TxnID, Owner> OWNERS = new ConcurrentHashMap<>();

    private UncommittedTransactions() {
    }

    static void begun(TxnID id, Owner owner) {
        OWNERS.put(id, owner);
    }

    /** Committed, aborted or forgotten by the coordinator: nothing to abort any more. */
    static void ended(TxnID id) {
        OWNERS.remove(id);
    }

    /**
     * Removes and returns the transactions of the writer's subtask, and for subtask 0 also those of
     * subtasks at or beyond the current parallelism (a job restored with fewer writers).
     */
    static List<TxnID> takeAbandoned(String sinkId, int subtask, int parallelism) {
        List<TxnID> abandoned = OWNERS.entrySet().stream()
                .filter(e -> e.getValue().sinkId().equals(sinkId))
                .filter(e -> e.getValue().subtask() == subtask || (subtask == 0 && e.getValue().subtask() >= parallelism))
                .map(Map.Entry::getKey).toList();
        abandoned.forEach(OWNERS::remove);
        return abandoned;
    }
}
