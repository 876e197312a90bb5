package dev.weir.connectors.filesystem;

import dev.weir.api.sink.CommitRequest;
import dev.weir.api.sink.Committer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;

/**
 * Publishes part files by an atomic rename, so a reader sees a whole file or none. Idempotent: when
 * the hidden file is gone and the visible one exists, an earlier attempt already committed it.
 */
final class FileCommitter implements Committer<FileCommittable> {
    @Override
    public void commit(Collection<CommitRequest<FileCommittable>> requests) {
        for (CommitRequest<FileCommittable> request : requests) {
            Path inProgress = Path.of(request.committable().inProgressPath());
            Path committed = Path.of(request.committable().committedPath());
            try {
                if (Files.exists(inProgress)) {
                    Files.move(inProgress, committed, StandardCopyOption.ATOMIC_MOVE);
                    syncDirectory(committed.getParent());
                } else if (Files.exists(committed)) {
                    request.signalAlreadyCommitted();
                } else {
                    request.signalFailedWithKnownReason(new IOException("Cannot commit '" + committed
                            + "': neither it nor its in-progress file '" + inProgress + "' exists, so its rows "
                            + "are lost. Were files deleted from the table's directory?"));
                }
            } catch (IOException e) {
                request.signalFailedWithUnknownReason(e);
            }
        }
    }

    /** Holds nothing to release. */
    @Override
    public void close() {
    }

    /** Makes the rename itself durable. Linux supports syncing a directory; where it does not, skip it. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException unsupported) {
            // Some platforms (Windows) cannot open directories; the rename is atomic there all the same.
        }
    }
}
