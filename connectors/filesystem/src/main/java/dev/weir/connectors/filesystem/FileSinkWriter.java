package dev.weir.connectors.filesystem;

import dev.weir.api.data.Row;
import dev.weir.api.format.StreamEncoder;
import dev.weir.api.sink.CommittingSinkWriter;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes rows into hidden in-progress part files, one open per partition directory. A file is
 * closed (finished, flushed, fsynced) when it rolls or at {@link #prepareCommit()}, which hands the
 * closed files to the committer; until the committer renames them nothing is visible.
 *
 * <p>Part files are named after a UUID drawn per writer, so a writer restarted after a failure never
 * reuses a name an earlier attempt may have committed.
 */
final class FileSinkWriter implements CommittingSinkWriter<FileCommittable> {
    private final Path root;
    private final StreamEncoder encoder;
    private final Partitioning partitioning;
    private final String extension;
    private final RollingPolicy policy;
    /** "part-<uuid>-<subtask>-". */
    private final String namePrefix;
    private final Map<String, PartFile> open = new HashMap<>();
    private final List<FileCommittable> closed = new ArrayList<>();
    private long partCounter;
    private long lastRolloverCheckMillis = System.currentTimeMillis();

    FileSinkWriter(Path root, StreamEncoder encoder, Partitioning partitioning, String extension,
                   RollingPolicy policy, int subtaskIndex) {
        this.root = root;
        this.encoder = encoder;
        this.partitioning = partitioning;
        this.extension = extension;
        this.policy = policy;
        this.namePrefix = "part-" + UUID.randomUUID() + "-" + subtaskIndex + "-";
    }

    @Override
    public void write(Row row) throws IOException {
        String directory = partitioning.directoryOf(row);
        PartFile file = open.get(directory);
        if (file == null) {
            file = openPartFile(directory);
            open.put(directory, file);
        }
        file.writer.write(partitioning.dataOf(row));
        if (file.size() >= policy.fileSizeBytes()) {
            open.remove(directory);
            closeAndKeep(file);
        }
        long now = System.currentTimeMillis();
        if (now - lastRolloverCheckMillis >= policy.checkIntervalMillis()) {
            lastRolloverCheckMillis = now;
            rollOpenedBefore(now - policy.rolloverIntervalMillis());
        }
    }

    private PartFile openPartFile(String directory) throws IOException {
        Path dir = directory.isEmpty() ? root : root.resolve(directory);
        Files.createDirectories(dir);
        String name = namePrefix + partCounter++;
        return new PartFile(dir.resolve("." + name + ".inprogress"), dir.resolve(name + extension), encoder);
    }

    private void rollOpenedBefore(long openedBeforeMillis) throws IOException {
        for (Iterator<PartFile> it = open.values().iterator(); it.hasNext(); ) {
            PartFile file = it.next();
            if (file.openedAtMillis <= openedBeforeMillis) {
                it.remove();
                closeAndKeep(file);
            }
        }
    }

    private void closeAndKeep(PartFile file) throws IOException {
        file.closeAndSync();
        closed.add(new FileCommittable(file.inProgress.toString(), file.committed.toString()));
    }

    /** Pushes buffered bytes to the operating system; durability comes with {@link #prepareCommit()}. */
    @Override
    public void flush(boolean endOfInput) throws IOException {
        for (PartFile file : open.values()) {
            file.out.flush();
        }
    }

    @Override
    public Collection<FileCommittable> prepareCommit() throws IOException {
        rollOpenedBefore(Long.MAX_VALUE);
        List<FileCommittable> prepared = List.copyOf(closed);
        closed.clear();
        return prepared;
    }

    /** Deletes the part files no committable refers to yet: their rows will be written again after a restore. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (PartFile file : open.values()) {
            try {
                file.out.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        List<Path> uncommitted = new ArrayList<>(open.values().stream().map(f -> f.inProgress).toList());
        closed.forEach(c -> uncommitted.add(Path.of(c.inProgressPath())));
        open.clear();
        closed.clear();
        for (Path path : uncommitted) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static final class PartFile {
        final Path inProgress;
        final Path committed;
        final long openedAtMillis = System.currentTimeMillis();
        final FileOutputStream fileOut;
        final CountingOutputStream out;
        final StreamEncoder.Writer writer;

        PartFile(Path inProgress, Path committed, StreamEncoder encoder) throws IOException {
            this.inProgress = inProgress;
            this.committed = committed;
            this.fileOut = new FileOutputStream(inProgress.toFile());
            this.out = new CountingOutputStream(new BufferedOutputStream(fileOut, 64 * 1024));
            this.writer = encoder.open(out);
        }

        long size() {
            return out.count;
        }

        void closeAndSync() throws IOException {
            try {
                writer.finish();
                out.flush();
                fileOut.getFD().sync();
            } finally {
                out.close();
            }
        }
    }

    /** Counts the bytes the encoder writes: the file's size, buffered or not. */
    private static final class CountingOutputStream extends FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
