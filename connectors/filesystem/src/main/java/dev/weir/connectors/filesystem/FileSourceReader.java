package dev.weir.connectors.filesystem;

import dev.weir.api.data.Row;
import dev.weir.api.format.StreamDecoder;
import dev.weir.api.source.SequentialSplitReader;
import dev.weir.api.source.SourceOutput;
import dev.weir.api.source.SourceReaderContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads its files one after another, a batch of rows per poll, and asks for the next file when one
 * is done. Local reads are fast enough to do on the polling thread, a bounded batch at a time.
 */
final class FileSourceReader extends SequentialSplitReader<FileSplit> {
    static final int MAX_ROWS_PER_POLL = 1024;

    private final SourceReaderContext context;
    private final StreamDecoder decoder;
    private final Partitioning partitioning;
    private final Path root;

    private FileSplit current;
    private StreamDecoder.Reader currentReader;
    private Object[] currentPartitionValues;
    private long emitted;

    FileSourceReader(SourceReaderContext context, StreamDecoder decoder, Partitioning partitioning, Path root) {
        this.context = context;
        this.decoder = decoder;
        this.partitioning = partitioning;
        this.root = root;
    }

    @Override
    public void start() {
        decoder.open(context.metrics());
        context.sendSplitRequest();
    }

    @Override
    protected void openSplit(FileSplit split) throws IOException {
        Path file = Path.of(split.path());
        currentPartitionValues = partitioning.isPartitioned() ? partitioning.valuesOf(root.relativize(file)) : null;
        currentReader = decoder.open(Files.newInputStream(file), split.path());
        current = split;
        // Records emitted before the checkpoint: decode and drop them, as their offsets are unknown.
        for (emitted = 0; emitted < split.recordsToSkip(); emitted++) {
            if (currentReader.read() == null) {
                throw new IOException("File '" + split.path() + "' has " + emitted + " records, fewer than the "
                        + split.recordsToSkip() + " already read before the checkpoint: it changed after it was read.");
            }
        }
    }

    @Override
    protected Progress emitBatch(SourceOutput output) throws IOException {
        for (int i = 0; i < MAX_ROWS_PER_POLL; i++) {
            Row row = currentReader.read();
            if (row == null) {
                return Progress.FINISHED;
            }
            emitted++;
            output.collect(partitioning.withPartitionValues(row, currentPartitionValues));
        }
        return Progress.MORE;
    }

    @Override
    protected FileSplit currentPosition() {
        return new FileSplit(current.path(), emitted);
    }

    @Override
    protected void closeSplit() throws IOException {
        currentReader.close();
        currentReader = null;
        current = null;
    }

    @Override
    protected void onSplitFinished() {
        context.sendSplitRequest();
    }
}
