package dev.weir.connectors.filesystem;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Lists the visible files below a path, sorted. Names starting with '.' or '_' are hidden (in-progress
 * part files, markers such as _SUCCESS), and so is everything inside hidden directories. The same
 * rule says what a filesystem sink has committed, which is what {@link #visibleFiles} is public for.
 */
public final class FileLister {
    private final Path root;
    private final Pattern pathPattern;

    /** @param pathPattern matched against absolute paths; null to accept every visible file */
    FileLister(Path root, Pattern pathPattern) {
        this.root = root.toAbsolutePath();
        this.pathPattern = pathPattern;
    }

    /** The visible files below {@code root} (none when it does not exist), sorted: a filesystem sink's committed output. */
    public static List<Path> visibleFiles(Path root) throws IOException {
        return new FileLister(root, null).list(false).stream().map(Path::of).toList();
    }

    static boolean isHidden(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        return name.startsWith(".") || name.startsWith("_");
    }

    /** @param mustExist false while monitoring a directory that may not have been created yet */
    List<String> list(boolean mustExist) throws IOException {
        List<String> files = new ArrayList<>();
        if (!Files.exists(root)) {
            if (mustExist) {
                throw new NoSuchFileException(root.toString(), null, "the source's path does not exist");
            }
            return files;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && isHidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String path = file.toString();
                if (attrs.isRegularFile() && !isHidden(file)
                        && (pathPattern == null || pathPattern.matcher(path).matches())) {
                    files.add(path);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                // A file renamed or deleted while the directory is walked (a committing sink) is no error.
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        files.sort(null);
        return files;
    }
}
