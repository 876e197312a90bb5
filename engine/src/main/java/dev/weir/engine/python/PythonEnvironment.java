package dev.weir.engine.python;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.api.ValidationException;
import dev.weir.api.config.Durations;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where and how a job's Python workers run, from the job's configuration (PyFlink's keys):
 * the interpreter, the worker package's location, files, archives and requirements, job
 * parameters and batching. Shared by every subtask of a job; the per-job directory with files,
 * extracted archives and installed requirements is prepared once, by the first worker to start.
 */
public final class PythonEnvironment implements Serializable {
    public static final String EXECUTABLE = "python.executable";
    /** Weir's key: a directory holding the {@code weir} package (the driver sets it to its own). */
    public static final String WORKER_PATH = "python.worker.pythonpath";
    public static final String FILES = "python.files";
    public static final String ARCHIVES = "python.archives";
    public static final String REQUIREMENTS = "python.requirements";
    public static final String BUNDLE_SIZE = "python.fn-execution.bundle.size";
    public static final String BUNDLE_TIME = "python.fn-execution.bundle.time";
    public static final String JOB_PARAMETERS = "pipeline.global-job-parameters";
    /**
     * Rows per batch, from benchmarks/README.md ("Python UDFs"): a row-at-a-time function is as fast
     * with 1,000 as with 10,000, a numpy function needs about 10,000 to reach 5M rows/s; larger
     * batches only hold more rows in the JVM (two batches per subtask).
     */
    public static final int DEFAULT_BUNDLE_SIZE = 10_000;
    public static final Duration DEFAULT_BUNDLE_TIME = Duration.ofMillis(100);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String executable;
    private final String workerPath;
    private final List<String> files;
    private final List<String> archives;
    private final String requirements;
    private final Map<String, String> jobParameters;
    private final int bundleSize;
    private final long bundleTimeNanos;
    private final transient PrintStream output;
    private transient Path jobDirectory;

    private PythonEnvironment(Map<String, String> config, PrintStream output) {
        this.executable = config.getOrDefault(EXECUTABLE, "python3");
        this.workerPath = config.get(WORKER_PATH);
        this.files = split(config.get(FILES), ",");
        this.archives = split(config.get(ARCHIVES), ",");
        this.requirements = config.get(REQUIREMENTS);
        this.jobParameters = parseParameters(config.get(JOB_PARAMETERS));
        this.bundleSize = positive(config, BUNDLE_SIZE, DEFAULT_BUNDLE_SIZE);
        this.bundleTimeNanos = bundleTime(config).toNanos();
        this.output = output;
    }

    /** Reads and checks the Python keys of a job's configuration; {@code output} receives what workers print. */
    public static PythonEnvironment from(Map<String, String> config, PrintStream output) {
        return new PythonEnvironment(config, output);
    }

    public int bundleSize() {
        return bundleSize;
    }

    public long bundleTimeNanos() {
        return bundleTimeNanos;
    }

    public Map<String, String> jobParameters() {
        return jobParameters;
    }

    PrintStream output() {
        return output == null ? System.out : output;
    }

    /** The worker's command; prepares the job directory on first use. */
    synchronized ProcessBuilder workerProcess() {
        Path directory = prepare();
        List<String> pythonPath = new ArrayList<>();
        pythonPath.add(directory.resolve("files").toString());
        pythonPath.add(directory.resolve("requirements").toString());
        for (String file : files) {
            Path path = Path.of(file);
            String name = path.getFileName().toString();
            if (name.endsWith(".zip") || name.endsWith(".whl") || name.endsWith(".egg")
                    || (Files.isDirectory(path) && !Files.exists(path.resolve("__init__.py")))) {
                pythonPath.add(path.toAbsolutePath().toString());
            }
        }
        if (workerPath != null) {
            pythonPath.add(workerPath);
        }
        ProcessBuilder builder = new ProcessBuilder(executable, "-m", "weir._worker");
        String inherited = System.getenv("PYTHONPATH");
        if (inherited != null && !inherited.isEmpty()) {
            pythonPath.add(inherited);
        }
        builder.environment().put("PYTHONPATH", String.join(java.io.File.pathSeparator, pythonPath));
        builder.environment().put("PYTHONUNBUFFERED", "1");
        builder.directory(directory.resolve("work").toFile());
        return builder;
    }

    /**
     * Creates the job directory: {@code files/} (Python files and packages of python.files),
     * {@code work/} (the workers' working directory, archives extracted under their target names)
     * and {@code requirements/} (pip install --no-index from local wheels only).
     */
    private Path prepare() {
        if (jobDirectory != null) {
            return jobDirectory;
        }
        try {
            Path directory = Files.createTempDirectory("weir-python-");
            deleteOnExit(directory);
            Files.createDirectories(directory.resolve("files"));
            Files.createDirectories(directory.resolve("work"));
            Files.createDirectories(directory.resolve("requirements"));
            for (String file : files) {
                Path source = Path.of(file);
                if (!Files.exists(source)) {
                    throw new ValidationException("'" + FILES + "': " + file + " does not exist.");
                }
                if (source.getFileName().toString().endsWith(".py") || Files.exists(source.resolve("__init__.py"))) {
                    copy(source, directory.resolve("files").resolve(source.getFileName().toString()));
                }
            }
            if (!archives.isEmpty() || requirements != null) {
                runPreparation(directory);
            }
            jobDirectory = directory;
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the Python workers' directory", e);
        }
    }

    /** Archives are extracted and requirements installed by Python itself (shutil, pip). */
    private void runPreparation(Path directory) throws IOException {
        ObjectNode task = MAPPER.createObjectNode();
        var archiveList = task.putArray("archives");
        for (String archive : archives) {
            int hash = archive.indexOf('#');
            String path = hash < 0 ? archive : archive.substring(0, hash);
            String target = hash < 0 ? Path.of(path).getFileName().toString() : archive.substring(hash + 1);
            archiveList.addObject().put("path", Path.of(path).toAbsolutePath().toString())
                    .put("target", directory.resolve("work").resolve(target).toString());
        }
        if (requirements != null) {
            int hash = requirements.indexOf('#');
            Path file = Path.of(hash < 0 ? requirements : requirements.substring(0, hash)).toAbsolutePath();
            Path links = hash < 0 ? file.getParent() : Path.of(requirements.substring(hash + 1)).toAbsolutePath();
            task.putObject("requirements").put("file", file.toString()).put("findLinks", links.toString())
                    .put("target", directory.resolve("requirements").toString());
        }
        Path taskFile = directory.resolve("prepare.json");
        Files.writeString(taskFile, task.toString());
        ProcessBuilder builder = new ProcessBuilder(executable, "-m", "weir._worker.prepare", taskFile.toString())
                .redirectErrorStream(true);
        if (workerPath != null) {
            builder.environment().put("PYTHONPATH", workerPath);
        }
        Process process = builder.start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException("Preparing the Python environment (python.archives, python.requirements) "
                        + "failed:\n" + log.strip());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while preparing the Python environment", e);
        }
    }

    private static void copy(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path to = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(path, to);
                }
            }
        }
    }

    private static void deleteOnExit(Path directory) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException ignored) {
                // best effort: a temporary directory left behind is harmless
            }
        }, "weir-python-cleanup"));
    }

    private static List<String> split(String value, String separator) {
        List<String> out = new ArrayList<>();
        if (value != null) {
            for (String part : value.split(separator)) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    /** Flink's map syntax: {@code k1:v1,k2:v2}. */
    private static Map<String, String> parseParameters(String value) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : split(value, ",")) {
            int colon = pair.indexOf(':');
            if (colon < 0) {
                throw new ValidationException("'" + JOB_PARAMETERS + "': '" + pair + "' is not key:value.");
            }
            out.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
        }
        return out;
    }

    private static int positive(Map<String, String> config, String key, int defaultValue) {
        String raw = config.get(key);
        if (raw == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ValidationException("Configuration '" + key + "' = '" + raw + "' is invalid: expected a positive integer.");
    }

    private static Duration bundleTime(Map<String, String> config) {
        String raw = config.get(BUNDLE_TIME);
        if (raw == null) {
            return DEFAULT_BUNDLE_TIME;
        }
        try {
            // PyFlink's value is milliseconds as a number; a duration with a unit works too
            return raw.trim().matches("\\d+") ? Duration.ofMillis(Long.parseLong(raw.trim())) : Durations.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("Configuration '" + BUNDLE_TIME + "' = '" + raw
                    + "' is invalid: expected milliseconds or a duration such as '100 ms'.");
        }
    }
}
