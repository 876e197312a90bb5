package dev.weir.connectors.filesystem;

import dev.weir.api.format.StreamDecoder;
import dev.weir.api.io.SimpleVersionedSerializer;
import dev.weir.api.source.Boundedness;
import dev.weir.api.source.Source;
import dev.weir.api.source.SourceReader;
import dev.weir.api.source.SourceReaderContext;
import dev.weir.api.source.SplitEnumerator;
import dev.weir.api.source.SplitEnumeratorContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** Reads the files below a path with a format's stream decoder: a split per file. */
final class FileSource implements Source<FileSplit, FileEnumeratorState> {
    private final String root;
    private final StreamDecoder decoder;
    private final Partitioning partitioning;
    /** Null to read every visible file. */
    private final Pattern pathPattern;
    /** Null for a bounded source. */
    private final Duration monitorInterval;

    FileSource(String root, StreamDecoder decoder, Partitioning partitioning, Pattern pathPattern,
               Duration monitorInterval) {
        this.root = root;
        this.decoder = decoder;
        this.partitioning = partitioning;
        this.pathPattern = pathPattern;
        this.monitorInterval = monitorInterval;
    }

    @Override
    public Boundedness boundedness() {
        return monitorInterval == null ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<FileSplit, FileEnumeratorState> createEnumerator(SplitEnumeratorContext<FileSplit> context) {
        return restoreEnumerator(context, new FileEnumeratorState(List.of(), List.of()));
    }

    @Override
    public SplitEnumerator<FileSplit, FileEnumeratorState> restoreEnumerator(SplitEnumeratorContext<FileSplit> context,
                                                                             FileEnumeratorState checkpoint) {
        return new FileEnumerator(context, new FileLister(Path.of(root), pathPattern),
                monitorInterval == null ? 0 : Math.max(1, monitorInterval.toMillis()), checkpoint);
    }

    @Override
    public SourceReader<FileSplit> createReader(SourceReaderContext context) {
        return new FileSourceReader(context, decoder, partitioning, Path.of(root).toAbsolutePath());
    }

    @Override
    public SimpleVersionedSerializer<FileSplit> splitSerializer() {
        return FileSourceSerializers.SPLIT;
    }

    @Override
    public SimpleVersionedSerializer<FileEnumeratorState> enumeratorStateSerializer() {
        return FileSourceSerializers.ENUMERATOR_STATE;
    }
}
