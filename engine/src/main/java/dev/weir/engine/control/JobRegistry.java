package dev.weir.engine.control;

import dev.weir.engine.runtime.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Where running {@code weir run} processes register, so {@code weir stop} can find them: one
 * directory per job, {@code <jobs-dir>/<job-id>/}, holding {@code job.properties} (id, pid, the job
 * file's absolute path, the control socket's path) and the job's control socket {@code control.sock}
 * ({@link ControlServer}). Where that path would be longer than a Unix socket path may be (about 100
 * bytes), the socket is {@code <java.io.tmpdir>/weir-<user>/<job-id>.sock} instead, in a directory only
 * its owner can enter.
 * Entries are private whatever the umask: directories rwx------, {@code job.properties} rw-------, the
 * socket rw------- in its rwx------ directory ({@link PrivateFiles}). Missing parents of the jobs
 * directory are created rwx------; an existing jobs directory is left as it is, and entries in it that
 * are not this user's and private are ignored (never trusted, never removed), so a shared jobs
 * directory cannot be used to point {@code weir stop} or its clean-up elsewhere.
 * The jobs directory is the system property {@code weir.jobs.dir}, else the environment variable
 * {@code WEIR_JOBS_DIR}, else {@code ~/.weir/jobs}. A process removes its entry when it ends; entries
 * of processes that died (SIGKILL) are removed by the next lookup.
 */
public final class JobRegistry {
    static final String PROPERTIES = "job.properties";
    static final String SOCKET = "control.sock";
    /** sun_path holds 108 bytes on Linux and 104 on macOS, the terminating NUL included. */
    static final int MAX_SOCKET_PATH_BYTES = 100;

    private final Path root;

    public JobRegistry(Path root) {
        this.root = root;
    }

    public static JobRegistry fromEnvironment() {
        return new JobRegistry(Path.of(Optional.ofNullable(System.getProperty("weir.jobs.dir"))
                .or(() -> Optional.ofNullable(System.getenv("WEIR_JOBS_DIR")))
                .orElse(Path.of(System.getProperty("user.home"), ".weir", "jobs").toString())));
    }

    /** A registered job. */
    public record Entry(String id, long pid, Path jobFile, Path dir, Path socket) {
    }

    /** Registers this process as running {@code jobFile} under a new id; the caller starts its control server. */
    public Entry register(Path jobFile) {
        try {
            PrivateFiles.createDirectories(root);
            for (int attempt = 0; ; attempt++) {
                String id = Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 8);
                Path dir = root.resolve(id);
                try {
                    PrivateFiles.createDirectory(dir);
                } catch (FileAlreadyExistsException taken) {
                    if (attempt < 10) {
                        continue;
                    }
                    throw taken;
                }
                Entry entry = new Entry(id, ProcessHandle.current().pid(), jobFile.toAbsolutePath().normalize(), dir, socketPath(dir, id));
                Properties p = new Properties();
                p.putAll(Map.of("id", id, "pid", String.valueOf(entry.pid()), "job-file", entry.jobFile().toString(),
                        "socket", entry.socket().toString()));
                Path tmp = dir.resolve(PROPERTIES + ".tmp");
                try (OutputStream out = Channels.newOutputStream(PrivateFiles.createFile(tmp))) {
                    p.store(out, "weir run");
                }
                Files.move(tmp, dir.resolve(PROPERTIES), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                return entry;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot register the job in " + root + ": " + e.getMessage(), e);
        }
    }

    private Path socketPath(Path dir, String id) throws IOException {
        Path inDir = dir.toAbsolutePath().resolve(SOCKET);
        if (inDir.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH_BYTES) {
            return inDir;
        }
        Path shortDir = Path.of(System.getProperty("java.io.tmpdir"), "weir-" + System.getProperty("user.name"));
        try {
            PrivateFiles.createDirectory(shortDir);
        } catch (FileAlreadyExistsException e) {
            // an earlier job's, unless someone else made it to reach our sockets: then it is not used
            if (!Files.isDirectory(shortDir, LinkOption.NOFOLLOW_LINKS) || !PrivateFiles.isPrivate(shortDir)) {
                throw new IOException("the short control-socket directory " + shortDir
                        + " is not a directory of this user with permissions rwx------");
            }
        }
        return shortDir.resolve(id + ".sock");
    }

    /** Removes an entry (when its process ends). */
    public void unregister(Entry entry) {
        deleteQuietly(entry.dir());
        if (!entry.socket().startsWith(entry.dir())) {
            deleteQuietly(entry.socket());
        }
    }

    /** Running jobs; entries whose process is gone are removed. */
    public List<Entry> running() {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                Optional<Entry> entry = read(dir);
                if (entry.isPresent() && ProcessHandle.of(entry.get().pid()).map(ProcessHandle::isAlive).orElse(false)) {
                    out.add(entry.get());
                } else if (entry.isPresent()) {
                    unregister(entry.get());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the jobs in " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The running job that {@code job} names: a job id, or the path of the job file it runs.
     *
     * @throws IllegalArgumentException naming the running jobs when none or several match
     */
    public Entry find(String job) {
        List<Entry> running = running();
        List<Entry> byId = running.stream().filter(e -> e.id().equals(job)).toList();
        if (!byId.isEmpty()) {
            return byId.get(0);
        }
        Path file = Path.of(job).toAbsolutePath().normalize();
        List<Entry> byFile = running.stream().filter(e -> e.jobFile().equals(file)).toList();
        if (byFile.size() == 1) {
            return byFile.get(0);
        }
        String list = running.isEmpty() ? "none" : String.join(", ", running.stream()
                .map(e -> e.id() + " (" + e.jobFile() + ", pid " + e.pid() + ")").toList());
        if (byFile.size() > 1) {
            throw new IllegalArgumentException("Several running jobs run " + file + ": name one by its id. Running jobs: " + list + ".");
        }
        throw new IllegalArgumentException("No running job '" + job + "' (a job id or job file) in " + root
                + ". Running jobs: " + list + ".");
    }

    private static Optional<Entry> read(Path dir) {
        Path file = dir.resolve(PROPERTIES);
        try {
            // no file yet: being registered; not private: another user's, or planted to be trusted
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !PrivateFiles.isPrivate(dir)
                    || !PrivateFiles.isPrivate(file)) {
                return Optional.empty();
            }
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
            return Optional.of(new Entry(p.getProperty("id"), Long.parseLong(p.getProperty("pid")),
                    Path.of(p.getProperty("job-file")), dir, Path.of(p.getProperty("socket", dir.resolve(SOCKET).toString()))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // another process removed it first, or it will be removed by the next lookup
        }
    }
}
