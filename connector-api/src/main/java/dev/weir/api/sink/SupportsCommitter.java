package dev.weir.api.sink;

import dev.weir.api.io.SimpleVersionedSerializer;

/** A sink with two-phase commit: its writers prepare, its committer commits on checkpoint completion. */
public interface SupportsCommitter<CommT> extends Sink {
    @Override
    CommittingSinkWriter<CommT> createWriter(WriterInitContext context) throws Exception;

    Committer<CommT> createCommitter() throws Exception;

    SimpleVersionedSerializer<CommT> committableSerializer();
}
