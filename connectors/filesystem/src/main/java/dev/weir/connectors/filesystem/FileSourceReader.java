package dev.weir.connectors.filesystem;

import dev.weir.api.data.Row;
import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.format.StreamDecoder;
import dev.weir.api.source.SequentialSplitReader;
import dev.weir.api.source.SourceOutput;
import dev.weir.api.source.SourceReaderContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads its files one after another, a batch of rows per poll, and asks for the next file when one
 * is done. Local reads are fast enough to do on the polling thread, a bounded batch at a time. A
 * record the format cannot decode goes to the engine's bad-record handler with the record's raw
 * bytes (a line, for line-framed formats; the damaged block, for Avro data files, where the rest of a
 * block is the unit) and counts as read.
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
    /** Records of the current file read so far: rows emitted and bad records handled. */
    private long consumed;

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
        // Records read before the checkpoint: decode and drop them, as their offsets are unknown. Bad
        // ones among them were handled then, so they are not handed to the policy again.
        for (consumed = 0; consumed < split.recordsToSkip(); consumed++) {
            boolean more;
            try {
                more = currentReader.read() != null;
            } catch (RecordDecodeException alreadyHandled) {
                more = true;
            }
            if (!more) {
                throw new IOException("File '" + split.path() + "' has " + consumed + " records, fewer than the "
                        + split.recordsToSkip() + " already read before the checkpoint: it changed after it was read.");
            }
        }
    }

    @Override
    protected Progress emitBatch(SourceOutput output) throws IOException {
        for (int i = 0; i < MAX_ROWS_PER_POLL; i++) {
            Row row;
            try {
                row = currentReader.read();
            } catch (RecordDecodeException bad) {
                handleBadRecord(bad);
                consumed++;
                continue;
            }
            if (row == null) {
                return Progress.FINISHED;
            }
            consumed++;
            output.collect(partitioning.withPartitionValues(row, currentPartitionValues));
        }
        return Progress.MORE;
    }

    /**
     * Hands the record to the policy (which rethrows under 'fail'). The factory only allows 'skip'
     * and 'dead-letter' for formats that isolate bad records, so the raw bytes are there then.
     */
    private void handleBadRecord(RecordDecodeException bad) {
        byte[] raw = currentReader.failedRecord();
        if (raw == null) {
            throw bad;
        }
        context.badRecords().handle(raw, bad);
    }

    @Override
    protected FileSplit currentPosition() {
        return new FileSplit(current.path(), consumed);
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
