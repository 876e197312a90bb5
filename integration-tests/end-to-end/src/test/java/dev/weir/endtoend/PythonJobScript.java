package dev.weir.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of src/test/python's job scripts, run as a user runs it: {@code python3 <script>} in a process
 * of its own, with this checkout's weir package on PYTHONPATH and the addresses of the systems in
 * environment variables. The script starts the gateway JVM itself, so everything between Python and
 * the engine (bindings, gateway protocol, connector resolution, Python UDF workers) is exercised.
 */
final class PythonJobScript {

    /** Generous: the first run on a machine also writes the gateway's class-data archive. */
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private final Path script;

    PythonJobScript(String fileName) {
        this.script = Path.of(requiredProperty("weir.python.scripts")).resolve(fileName);
    }

    /**
     * Runs the script to its end and asserts it exited 0. Its output (stdout and stderr, the gateway's
     * log included) goes to {@code <weir.it.work-dir>/python/<script>.log}, kept after the run, and
     * into the failure message when it did not succeed.
     */
    void runToCompletion(Map<String, String> environment) throws IOException, InterruptedException {
        Path log = Path.of(System.getProperty("weir.it.work-dir", "target/weir-it"), "python", script.getFileName() + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder("python3", script.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("PYTHONPATH", Path.of(requiredProperty("weir.python.path")).toAbsolutePath().normalize().toString());
        builder.environment().put("PYTHONUNBUFFERED", "1");
        long started = System.nanoTime();
        Process process = builder.start();
        boolean ended = process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        System.out.printf("[weir-it] python3 %s: %d ms%n", script.getFileName(), Duration.ofNanos(System.nanoTime() - started).toMillis());
        if (!ended) {
            // The gateway JVM and the UDF workers are the script's children: stop them too.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(ended).as("%s ended within %s; its output:%n%s", script.getFileName(), TIMEOUT, output).isTrue();
        assertThat(process.exitValue()).as("%s's exit code; its output:%n%s", script.getFileName(), output).isZero();
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("System property " + name + " is not set: run the *PythonIT tests through failsafe"
                    + " (mvn verify in integration-tests/end-to-end), whose configuration sets it.");
        }
        return value;
    }
}
