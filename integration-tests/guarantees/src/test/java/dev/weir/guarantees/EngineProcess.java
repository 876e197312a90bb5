package dev.weir.guarantees;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One run of {@code dev.weir.engine.Launcher run [--from <checkpoints>] <job.json>} in a JVM of its own,
 * the way {@code bin/weir run} starts it, with its output appended to a log file. {@link #killTree()}
 * is SIGKILL for the JVM and every process below it (the Python workers).
 */
final class EngineProcess {

    private static final String LAUNCHER = "dev.weir.engine.Launcher";
    private static final Path JOBS_DIR = jobsDir();

    private final Process process;
    private final Path log;

    private EngineProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the engine on the job, resuming from the newest checkpoint under {@code from} when given. */
    static EngineProcess start(Path jobFile, Optional<Path> from, Path workDir, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-XX:+UseSerialGC");
        command.add("-Xshare:auto");
        command.add("-Duser.home=" + workDir.resolve("home"));
        // the job registry's control socket: a Unix socket path must stay short (108 bytes)
        command.add("-Dweir.jobs.dir=" + JOBS_DIR);
        command.add("-cp");
        command.add(engineClasspath());
        command.add(LAUNCHER);
        command.add("run");
        from.ifPresent(dir -> {
            command.add("--from");
            command.add(dir.toString());
        });
        command.add(jobFile.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("HOME", workDir.resolve("home").toString());
        try {
            Files.createDirectories(workDir.resolve("home"));
            Files.writeString(log, "\n=== " + String.join(" ", command.subList(command.indexOf(LAUNCHER), command.size()))
                    + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            return new EngineProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the engine process", e);
        }
    }

    private static Path jobsDir() {
        try {
            return Files.createTempDirectory("weir-g");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The engine's class path: the jars the build copied to target/engine-lib (the engine, the jobs' connectors and formats). */
    static String engineClasspath() {
        Path lib = Path.of(System.getProperty("weir.guarantees.engine-lib", "target/engine-lib")).toAbsolutePath();
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("No engine jars at " + lib + " (copied by the build's dependency:copy-dependencies)");
        }
        return lib + "/*";
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code once the process ended within the timeout. */
    Optional<Integer> waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(process.exitValue()) : Optional.empty();
    }

    /**
     * The Python worker processes below the engine JVM: {@code python3 -m weir._worker} exactly (not
     * {@code weir._worker.prepare}, which prepares a job's dependencies once and exits).
     */
    List<ProcessHandle> pythonWorkers() {
        return process.descendants()
                .filter(p -> p.info().arguments().map(args -> java.util.Arrays.asList(args).contains("weir._worker"))
                        .orElse(p.info().commandLine().map(c -> c.endsWith(" -m weir._worker")).orElse(false)))
                .toList();
    }

    /** SIGKILL for the JVM and all its descendants (collected first: once the JVM is gone they are re-parented). */
    int killTree() throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The engine process " + process.pid() + " survived SIGKILL for 30 s");
        }
        for (ProcessHandle descendant : descendants) {
            descendant.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> descendant).join();
        }
        return descendants.size();
    }

    /** How many lines of this process's part of the log contain the text. */
    long logCount(String text) {
        try (Stream<String> all = Files.lines(log, StandardCharsets.UTF_8)) {
            long[] count = {0};
            String marker = "=== ";
            all.forEach(line -> {
                if (line.startsWith(marker)) {
                    count[0] = 0; // an earlier process's lines
                } else if (line.contains(text)) {
                    count[0]++;
                }
            });
            return count[0];
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** The last lines of the log, for failure messages. */
    String logTail(int lines) {
        try (Stream<String> all = Files.lines(log, StandardCharsets.UTF_8)) {
            List<String> list = all.toList();
            return String.join("\n", list.subList(Math.max(0, list.size() - lines), list.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
