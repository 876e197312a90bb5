package dev.weir.api.sink;

import java.util.Collection;

/** A writer whose output becomes visible only when committed: the first phase of a two-phase commit. */
public interface CommittingSinkWriter<CommT> extends SinkWriter {
    /**
     * After {@link #flush}, closes the current transaction and returns what must be committed once
     * the checkpoint completes (e.g. a Kafka transactional id with producer id and epoch).
     */
    Collection<CommT> prepareCommit() throws Exception;
}
