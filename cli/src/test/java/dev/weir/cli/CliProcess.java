package dev.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link Main} in a JVM of its own with bin/weir's class path (this module's classes and its
 * runtime dependencies; none of the connectors the test class path adds), so that what is missing
 * from it is really missing. Its home and Weir cache are below {@code dir}.
 */
record CliProcess(int exitCode, String out, String err) {
    static CliProcess run(Path dir, String... args) throws IOException, InterruptedException {
        String runtime = Files.readString(Path.of(System.getProperty("weir.test.runtime-classpath"))).trim();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + dir.resolve("home"), "-cp",
                Path.of("target", "classes").toAbsolutePath() + File.pathSeparator + runtime, Main.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("WEIR_CACHE_DIR", dir.resolve("cache").toString());
        Process process = builder.start();
        // A guard against a hang, not a measurement: the commands here take a few seconds.
        boolean exited = process.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly();
        }
        assertThat(exited).as("weir %s exited", String.join(" ", args)).isTrue();
        return new CliProcess(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
