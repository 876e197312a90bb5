package dev.weir.api.sink;

import dev.weir.api.io.SimpleVersionedSerializer;
import java.util.Collection;

/** A sink whose writers checkpoint state and are restored from it after a failure or rescale. */
public interface SupportsWriterState<StateT> extends Sink {
    /** Restores a writer from the states of the checkpoint (several after scaling in). */
    SinkWriter restoreWriter(WriterInitContext context, Collection<StateT> recoveredState) throws Exception;

    SimpleVersionedSerializer<StateT> writerStateSerializer();

    /** Writers of such a sink snapshot their state at each checkpoint. */
    interface StatefulSinkWriter<StateT> extends SinkWriter {
        java.util.List<StateT> snapshotState(long checkpointId) throws Exception;
    }
}
