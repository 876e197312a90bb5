package dev.weir.api.sink;

import java.util.Collection;

/**
 * The second phase: commits what writers prepared, once a checkpoint is durable. Must be idempotent:
 * after a failure the same committables are committed again from the checkpoint.
 */
public interface Committer<CommT> extends AutoCloseable {
    void commit(Collection<CommitRequest<CommT>> requests) throws Exception;

    @Override
    default void close() throws Exception {
    }
}
