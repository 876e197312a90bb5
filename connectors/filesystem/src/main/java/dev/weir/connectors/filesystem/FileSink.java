package dev.weir.connectors.filesystem;

import dev.weir.api.format.StreamEncoder;
import dev.weir.api.io.SimpleVersionedSerializer;
import dev.weir.api.sink.Committer;
import dev.weir.api.sink.CommittingSinkWriter;
import dev.weir.api.sink.SupportsCommitter;
import dev.weir.api.sink.WriterInitContext;
import java.nio.file.Path;

/** Exactly-once file sink: writers prepare hidden part files, the committer renames them into view. */
final class FileSink implements SupportsCommitter<FileCommittable> {
    private final String root;
    private final StreamEncoder encoder;
    private final Partitioning partitioning;
    private final String extension;
    private final RollingPolicy policy;

    /** @param extension of committed files, with its dot (".csv") */
    FileSink(String root, StreamEncoder encoder, Partitioning partitioning, String extension, RollingPolicy policy) {
        this.root = root;
        this.encoder = encoder;
        this.partitioning = partitioning;
        this.extension = extension;
        this.policy = policy;
    }

    @Override
    public CommittingSinkWriter<FileCommittable> createWriter(WriterInitContext context) {
        return new FileSinkWriter(Path.of(root).toAbsolutePath(), encoder, partitioning, extension, policy,
                context.subtaskIndex());
    }

    @Override
    public Committer<FileCommittable> createCommitter() {
        return new FileCommitter();
    }

    @Override
    public SimpleVersionedSerializer<FileCommittable> committableSerializer() {
        return FileCommittableSerializer.INSTANCE;
    }
}
