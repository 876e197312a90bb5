package dev.weir.engine.runtime;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Directories (rwx------) and files (rw-------) that only their owner can use, whatever the
 * process's umask: they are created with those permissions, so they are never open to others even
 * for a moment, and then set to them exactly, since a umask can also take bits from the owner. Used
 * for what holds a job's state or controls it: the job registry, the control socket, checkpoints.
 * On a file system without POSIX permissions they are created plainly.
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {
    }

    /** Creates the directory, which must not exist yet. */
    public static Path createDirectory(Path dir) throws IOException {
        if (!POSIX) {
            return Files.createDirectory(dir);
        }
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
        Files.setPosixFilePermissions(dir, DIRECTORY);
        return dir;
    }

    /** Creates the directory and its missing parents, each private; existing ones are left as they are. */
    public static Path createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return dir;
        }
        if (absolute.getParent() != null) {
            createDirectories(absolute.getParent());
        }
        try {
            createDirectory(absolute);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(absolute)) {
                throw e;
            }
            // made meanwhile by another process or thread
        }
        return dir;
    }

    /** Opens a new file for writing; it must not exist yet. */
    public static FileChannel createFile(Path file) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        if (!POSIX) {
            return FileChannel.open(file, options);
        }
        FileChannel channel = FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(FILE));
        try {
            Files.setPosixFilePermissions(file, FILE);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    /** Restricts an existing file to its owner: a Unix socket, whose permissions bind takes from the umask. */
    public static void restrict(Path file) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    /**
     * Whether {@code path} (not followed if a link) belongs to this process's user and grants nothing
     * to anyone else: a directory that is, no other user can reach anything in it.
     */
    public static boolean isPrivate(Path path) throws IOException {
        if (!POSIX) {
            return true;
        }
        long owner = ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        return owner == new UnixSystem().getUid() && Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).stream()
                .allMatch(p -> p.name().startsWith("OWNER_"));
    }
}
