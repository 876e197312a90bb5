package dev.weir.api.sink;

import java.io.Serializable;

/**
 * A sink, in the shape of Flink's Sink v2. Plain sinks only write; sinks that commit atomically
 * also implement {@link SupportsCommitter}; sinks with state to restore (e.g. a transactional id
 * counter) implement {@link SupportsWriterState}.
 *
 * <p>An engine gives every writer and the committer its own deserialized copy (as Flink does), so a
 * sink may hold non-thread-safe encoders and hand them to its writers.
 */
public interface Sink extends Serializable {
    SinkWriter createWriter(WriterInitContext context) throws Exception;
}
