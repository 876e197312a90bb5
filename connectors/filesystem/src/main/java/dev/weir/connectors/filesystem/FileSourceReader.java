package dev.weir.connectors.filesystem;

import dev.weir.api.data.Row;
import dev.weir.api.format.StreamDecoder;
import dev.weir.api.source.InputStatus;
import dev.weir.api.source.ReaderOutput;
import dev.weir.api.source.SourceOutput;
import dev.weir.api.source.SourceReader;
import dev.weir.api.source.SourceReaderContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads its files one after another, a batch of rows per poll, and asks for the next file when one
 * is done. Local reads are fast enough to do on the polling thread, a bounded batch at a time.
 */
final class FileSourceReader implements SourceReader<FileSplit> {
    static final int MAX_ROWS_PER_POLL = 1024;
    private static final CompletableFuture<Void> AVAILABLE = CompletableFuture.completedFuture(null);

    private final SourceReaderContext context;
    private final StreamDecoder decoder;
    private final Partitioning partitioning;
    private final Path root;
    private final ArrayDeque<FileSplit> queued = new ArrayDeque<>();
    private CompletableFuture<Void> available = AVAILABLE;
    private boolean noMoreSplits;

    private FileSplit current;
    private StreamDecoder.Reader currentReader;
    private SourceOutput currentOutput;
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
        context.sendSplitRequest();
    }

    @Override
    public InputStatus pollNext(ReaderOutput output) throws IOException {
        if (current == null) {
            FileSplit next = queued.poll();
            if (next == null) {
                if (noMoreSplits) {
                    return InputStatus.END_OF_INPUT;
                }
                available = new CompletableFuture<>();
                return InputStatus.NOTHING_AVAILABLE;
            }
            open(next, output);
        }
        for (int i = 0; i < MAX_ROWS_PER_POLL; i++) {
            Row row = currentReader.read();
            if (row == null) {
                finishCurrent(output);
                break;
            }
            emitted++;
            currentOutput.collect(partitioning.withPartitionValues(row, currentPartitionValues));
        }
        return InputStatus.MORE_AVAILABLE;
    }

    private void open(FileSplit split, ReaderOutput output) throws IOException {
        Path file = Path.of(split.path());
        currentPartitionValues = partitioning.isPartitioned() ? partitioning.valuesOf(root.relativize(file)) : null;
        currentReader = decoder.open(Files.newInputStream(file), split.path());
        current = split;
        currentOutput = output.createOutputForSplit(split.splitId());
        // Records emitted before the checkpoint: decode and drop them, as their offsets are unknown.
        for (emitted = 0; emitted < split.recordsToSkip(); emitted++) {
            if (currentReader.read() == null) {
                throw new IOException("File '" + split.path() + "' has " + emitted + " records, fewer than the "
                        + split.recordsToSkip() + " already read before the checkpoint: it changed after it was read.");
            }
        }
    }

    private void finishCurrent(ReaderOutput output) throws IOException {
        currentReader.close();
        output.releaseOutputForSplit(current.splitId());
        current = null;
        currentReader = null;
        context.sendSplitRequest();
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(List<FileSplit> splits) {
        queued.addAll(splits);
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public List<FileSplit> snapshotState(long checkpointId) {
        List<FileSplit> splits = new ArrayList<>(queued.size() + 1);
        if (current != null) {
            splits.add(new FileSplit(current.path(), emitted));
        }
        splits.addAll(queued);
        return splits;
    }

    @Override
    public void close() throws IOException {
        if (currentReader != null) {
            currentReader.close();
        }
    }
}
