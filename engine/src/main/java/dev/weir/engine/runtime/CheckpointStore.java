package dev.weir.engine.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Checkpoints on the local file system. Each is written to a temporary directory, every file is
 * fsynced, a MANIFEST lists each file with its size and CRC32, and the directory is renamed to
 * {@code chk-<id>} only then: a {@code chk-*} directory with a valid manifest is complete. Older
 * checkpoints beyond the number retained are deleted.
 *
 * <p>MANIFEST lines: {@code weir-checkpoint 2}, {@code id <n>}, {@code parallelism <p>}, then one
 * line per file: {@code <kind> <operator-id> <subtask> <file> <size> <crc32>}, kind being
 * {@code state}, {@code enumerator} or {@code committables} (subtask -1 where it does not apply),
 * and last {@code manifest-crc32 <crc32 of the lines before>}, so a truncated or altered MANIFEST is
 * detected like a damaged file. Version 1 manifests (without that line) are still read.
 *
 * <p>Checkpoints hold the job's data (keys, accumulators, buffered rows): the directories this store
 * creates are rwx------ and its files rw------- ({@link PrivateFiles}), whatever the umask.
 */
public final class CheckpointStore {
    private static final String MANIFEST = "MANIFEST";
    private static final String VERSION_1 = "weir-checkpoint 1";
    private static final String VERSION_2 = "weir-checkpoint 2";
    private static final String MANIFEST_CRC = "manifest-crc32 ";
    private static final System.Logger LOG = System.getLogger(CheckpointStore.class.getName());
    private static final Pattern CHECKPOINT_DIR = Pattern.compile("chk-(\\d+)");

    private final Path root;
    private final int retained;

    public CheckpointStore(Path root, int retained) {
        this.root = root;
        this.retained = retained;
        removeUnfinished();
    }

    /** Directories of checkpoints whose writing was cut short (the job died meanwhile). */
    private void removeUnfinished() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(d -> d.getFileName().toString().startsWith(".inprogress-")).toList()) {
                deleteRecursively(d);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clean up " + root + ": " + e.getMessage(), e);
        }
    }

    Path write(CheckpointData data) {
        try {
            PrivateFiles.createDirectories(root);
            Path tmp = root.resolve(".inprogress-" + data.id() + "-" + UUID.randomUUID());
            PrivateFiles.createDirectory(tmp);
            StringBuilder manifest = new StringBuilder(VERSION_2 + "\nid " + data.id() + "\nparallelism " + data.parallelism() + "\n");
            int[] fileNumber = {0};
            for (Map.Entry<String, byte[]> e : data.enumeratorStates().entrySet()) {
                manifest.append(writeFile(tmp, fileNumber, "enumerator", e.getKey(), -1, e.getValue()));
            }
            for (Map.Entry<String, Map<Integer, byte[]>> op : data.operatorStates().entrySet()) {
                for (Map.Entry<Integer, byte[]> s : op.getValue().entrySet()) {
                    manifest.append(writeFile(tmp, fileNumber, "state", op.getKey(), s.getKey(), s.getValue()));
                }
            }
            for (Map.Entry<String, byte[]> e : data.committables().entrySet()) {
                manifest.append(writeFile(tmp, fileNumber, "committables", e.getKey(), -1, e.getValue()));
            }
            long manifestCrc = crc32(manifest.toString().getBytes(StandardCharsets.UTF_8));
            manifest.append(MANIFEST_CRC).append(Long.toHexString(manifestCrc)).append('\n');
            writeSynced(tmp.resolve(MANIFEST), manifest.toString().getBytes(StandardCharsets.UTF_8));
            syncDirectory(tmp);
            Path target = root.resolve("chk-" + data.id());
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            syncDirectory(root);
            prune(data.id());
            return target;
        } catch (IOException e) {
            // a FileSystemException's message is often just the path: the class says what went wrong
            throw new UncheckedIOException("Cannot write checkpoint " + data.id() + " to " + root + ": "
                    + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        }
    }

    /**
     * Reads what {@code execution.savepoint.path} and {@code weir run --from} name: a checkpoint
     * directory itself, or a checkpoint root, where the newest {@code chk-*} that verifies is taken
     * (a damaged newer one is skipped).
     */
    static CheckpointData readLatest(Path path) {
        return latestIntact(path).data();
    }

    /** A checkpoint that verified, and where it is. */
    record Intact(Path dir, CheckpointData data) {
    }

    /**
     * As {@link #readLatest}, also saying which checkpoint it is. A damaged checkpoint is skipped with
     * a warning naming what is wrong with it, for the newest older one that verifies: given a
     * {@code chk-<n>} directory, the newest intact {@code chk-<m>} beside it with m &lt;= n; given a
     * directory of checkpoints, the newest intact one in it.
     */
    static Intact latestIntact(Path path) {
        long newestAllowed = Long.MAX_VALUE;
        Path root = path;
        Path normalized = path.toAbsolutePath().normalize();
        if (CHECKPOINT_DIR.matcher(normalized.getFileName() == null ? "" : normalized.getFileName().toString()).matches()
                && Files.isDirectory(path)) {
            newestAllowed = idOf(normalized);
            root = normalized.getParent();
        } else if (Files.isRegularFile(path.resolve(MANIFEST))) {
            return new Intact(path, read(path));
        }
        long limit = newestAllowed;
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> dirs = Files.list(root)) {
                dirs.filter(d -> CHECKPOINT_DIR.matcher(d.getFileName().toString()).matches())
                        .filter(d -> idOf(d) <= limit)
                        .forEach(candidates::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        candidates.sort(Comparator.comparingLong(CheckpointStore::idOf).reversed());
        List<String> problems = new ArrayList<>();
        for (Path candidate : candidates) {
            try {
                return new Intact(candidate, read(candidate));
            } catch (RuntimeException e) {
                problems.add(e.getMessage());
                LOG.log(System.Logger.Level.WARNING, "Skipping damaged checkpoint " + candidate + ": " + e.getMessage());
            }
        }
        throw new IllegalArgumentException("No complete checkpoint at " + path + " to restore from"
                + (problems.isEmpty() ? "." : ": " + String.join("; ", problems)));
    }

    /** Reads and verifies a checkpoint: every file must have the size and CRC32 its manifest says. */
    static CheckpointData read(Path dir) {
        try {
            List<String> lines = manifestLines(dir);
            long id = Long.parseLong(lines.get(1).substring(3));
            int parallelism = Integer.parseInt(lines.get(2).substring(12));
            CheckpointData data = CheckpointData.empty(id, parallelism);
            for (String line : lines.subList(3, lines.size())) {
                String[] f = line.split(" ");
                byte[] bytes = Files.readAllBytes(dir.resolve(f[3]));
                if (bytes.length != Long.parseLong(f[4]) || crc32(bytes) != Long.parseLong(f[5], 16)) {
                    throw new IllegalStateException("Checkpoint " + dir + " is corrupt: file " + f[3] + " (" + f[0] + " of "
                            + f[1] + ") does not match its checksum.");
                }
                switch (f[0]) {
                    case "enumerator" -> data.enumeratorStates().put(f[1], bytes);
                    case "committables" -> data.committables().put(f[1], bytes);
                    default -> data.operatorStates().computeIfAbsent(f[1], k -> new TreeMap<>()).put(Integer.parseInt(f[2]), bytes);
                }
            }
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The MANIFEST's header and file lines, after checking its own checksum (version 2). */
    private static List<String> manifestLines(Path dir) throws IOException {
        String text = Files.readString(dir.resolve(MANIFEST), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(text.lines().toList());
        if (lines.size() < 3 || !(lines.get(0).equals(VERSION_1) || lines.get(0).equals(VERSION_2))) {
            throw new IllegalStateException("Not a Weir checkpoint (bad MANIFEST): " + dir);
        }
        if (lines.get(0).equals(VERSION_2)) {
            String last = lines.remove(lines.size() - 1);
            int end = text.lastIndexOf(MANIFEST_CRC);
            boolean intact = last.startsWith(MANIFEST_CRC) && end >= 0
                    && Long.toHexString(crc32(text.substring(0, end).getBytes(StandardCharsets.UTF_8)))
                    .equals(last.substring(MANIFEST_CRC.length()));
            if (!intact) {
                throw new IllegalStateException("Checkpoint " + dir + " is corrupt: its MANIFEST is truncated or altered "
                        + "(it does not match its checksum).");
            }
        }
        return lines;
    }

    private void prune(long newest) throws IOException {
        List<Path> complete = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.forEach(d -> {
                Matcher m = CHECKPOINT_DIR.matcher(d.getFileName().toString());
                if (m.matches() && Long.parseLong(m.group(1)) <= newest) {
                    complete.add(d);
                }
            });
        }
        complete.sort(Comparator.comparingLong(CheckpointStore::idOf).reversed());
        for (Path old : complete.subList(Math.min(retained, complete.size()), complete.size())) {
            deleteRecursively(old);
        }
    }

    private static long idOf(Path dir) {
        Matcher m = CHECKPOINT_DIR.matcher(dir.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String writeFile(Path dir, int[] fileNumber, String kind, String operatorId, int subtask, byte[] bytes)
            throws IOException {
        String name = "f" + (fileNumber[0]++) + ".bin";
        writeSynced(dir.resolve(name), bytes);
        return kind + " " + operatorId + " " + subtask + " " + name + " " + bytes.length + " " + Long.toHexString(crc32(bytes)) + "\n";
    }

    private static void writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = PrivateFiles.createFile(file)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot open directories for sync; the rename is still atomic
        }
    }

    private static long crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
