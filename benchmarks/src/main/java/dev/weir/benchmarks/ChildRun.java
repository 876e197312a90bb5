package dev.weir.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts one child JVM, times it from just before the start, and collects what it reports. */
final class ChildRun {

    /** What one child reported; absent numbers are -1. */
    record Outcome(int exitCode, boolean timedOut, double secondsToFirstRecord, long rowsIn, long rowsOut,
                   double jobSeconds, double processingSeconds, long peakRssKb, Path log) {
        boolean succeeded() {
            return exitCode == 0 && !timedOut;
        }
    }

    private ChildRun() {
    }

    static Outcome run(List<String> command, Path log, Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        Files.writeString(log, "command: " + String.join(" ", command) + System.lineSeparator() + "---- stderr ----"
                + System.lineSeparator());
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Taken before start(): launch-to-first-record includes forking and JVM start-up.
        long started = System.nanoTime();
        Process child = builder.start();
        StdoutReader stdout = new StdoutReader(child, started, log);
        Thread reader = new Thread(stdout, "stdout-of-" + child.pid());
        reader.setDaemon(true);
        reader.start();

        boolean exited = child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
            child.waitFor();
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        Map<String, String> result = stdout.fields;
        return new Outcome(child.exitValue(), !exited, stdout.secondsToFirstRecord,
                longField(result, "rows-in"), longField(result, "rows-out"),
                doubleField(result, "job-seconds"), doubleField(result, "processing-seconds"),
                stdout.peakRssKb, log);
    }

    private static long longField(Map<String, String> fields, String key) {
        return fields.containsKey(key) ? Long.parseLong(fields.get(key)) : -1;
    }

    private static double doubleField(Map<String, String> fields, String key) {
        return fields.containsKey(key) ? Double.parseDouble(fields.get(key)) : -1;
    }

    /**
     * Reads the child's stdout: protocol lines are parsed (the first-record line is timestamped as it
     * arrives), and everything is appended to the log once the child closes its stdout.
     */
    private static final class StdoutReader implements Runnable {
        private final Process child;
        private final long started;
        private final Path log;
        private volatile double secondsToFirstRecord = -1;
        private volatile long peakRssKb = -1;
        private final Map<String, String> fields = new HashMap<>();

        StdoutReader(Process child, long started, Path log) {
            this.child = child;
            this.started = started;
            this.log = log;
        }

        @Override
        public void run() {
            List<String> lines = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.equals(ChildProtocol.FIRST_RECORD)) {
                        secondsToFirstRecord = (System.nanoTime() - started) / 1e9;
                    } else if (line.startsWith(ChildProtocol.PEAK_RSS)) {
                        peakRssKb = Long.parseLong(line.substring(ChildProtocol.PEAK_RSS.length()).trim());
                    } else if (line.startsWith(ChildProtocol.RESULT)) {
                        parseFields(line.substring(ChildProtocol.RESULT.length()));
                    }
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("harness: reading the child's stdout failed: " + e);
            }
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
                out.println("---- stdout ----");
                lines.forEach(out::println);
            } catch (IOException e) {
                System.err.println("harness: cannot write " + log + ": " + e);
            }
        }

        private void parseFields(String text) {
            for (String pair : text.trim().split("\\s+")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    fields.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
    }
}
