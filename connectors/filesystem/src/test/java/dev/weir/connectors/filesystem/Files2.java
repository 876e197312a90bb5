package dev.weir.connectors.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** File helpers for these tests. */
final class Files2 {
    private Files2() {
    }

    /** Every regular file below the directory, relative to it, sorted; hidden ones included. */
    static List<String> allFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files a reader would see: no name on the way starts with '.' or '_'. */
    static List<String> visibleFiles(Path dir) {
        return allFiles(dir).stream().filter(f -> Stream.of(f.split("/"))
                .noneMatch(name -> name.startsWith(".") || name.startsWith("_"))).toList();
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the lines to a hidden file and renames it into place, as a well-behaved producer does. */
    static void publish(Path file, String... lines) throws IOException {
        Files.createDirectories(file.getParent());
        Path hidden = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.write(hidden, List.of(lines), StandardCharsets.UTF_8);
        Files.move(hidden, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
