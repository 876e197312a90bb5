package dev.weir.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

/**
 * The harness: runs the benchmark job on Weir and on Flink, every measurement in a fresh child JVM,
 * and prints each run and then a table of medians. Runs of the two engines alternate, so that load
 * from elsewhere on the machine falls on both alike.
 *
 * <p>Options (all optional): {@code --rows N} (20000000), {@code --runs N} (3), {@code --parallelism 1,2},
 * {@code --json before-filter|in-sink} (where rows are encoded, see {@link JobShape.JsonStage}),
 * {@code --engines weir,flink}, {@code --launch-jvm-flags "..."}, {@code --throughput-jvm-flags "..."},
 * {@code --classpath-dir DIR} (where weir.classpath, flink.classpath and classes/ are: target),
 * {@code --timeout-seconds N} (600, per child).
 */
public final class Benchmarks {
    static final String LAUNCH_FLAGS = "-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto";
    static final String THROUGHPUT_FLAGS = "-Xms1g -Xmx1g -XX:+UseParallelGC";

    private static final double THROUGHPUT_TARGET_RATIO = 1.2;
    private static final double LAUNCH_TARGET_SECONDS = 0.8;
    private static final double PEAK_RSS_TARGET_MB = 150;

    private record Engine(String name, String mainClass, String classpath) {
    }

    private record Settings(long rows, int runs, List<Integer> parallelisms, JobShape.JsonStage jsonStage,
                            List<String> engines, List<String> launchFlags, List<String> throughputFlags, Path classpathDir,
                            Duration timeout) {
    }

    private final Settings settings;
    private final List<Engine> engines;
    private final Path logDir;

    private Benchmarks(Settings settings, List<Engine> engines, Path logDir) {
        this.settings = settings;
        this.engines = engines;
        this.logDir = logDir;
    }

    public static void main(String[] args) throws Exception {
        Settings settings = parse(args);
        Path classes = settings.classpathDir().resolve("classes").toAbsolutePath();
        List<Engine> engines = new ArrayList<>();
        for (String name : settings.engines()) {
            switch (name) {
                case "weir" -> engines.add(new Engine("Weir", "dev.weir.benchmarks.weir.WeirJob",
                        classes + ":" + Files.readString(settings.classpathDir().resolve("weir.classpath")).trim()));
                case "flink" -> engines.add(new Engine("Flink", "dev.weir.benchmarks.flink.FlinkJob",
                        classes + ":" + Files.readString(settings.classpathDir().resolve("flink.classpath")).trim()));
                default -> throw new IllegalArgumentException("unknown engine '" + name + "': expected weir or flink");
            }
        }
        Path logDir = settings.classpathDir().resolve("benchmark-logs")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        new Benchmarks(settings, engines, logDir).runAll();
    }

    private void runAll() throws IOException, InterruptedException {
        printMachine();
        Map<String, Map<String, List<ChildRun.Outcome>>> byMeasure = new LinkedHashMap<>();
        for (int parallelism : settings.parallelisms()) {
            String measure = "throughput-p" + parallelism;
            for (int run = 1; run <= settings.runs(); run++) {
                for (Engine engine : engines) {
                    ChildRun.Outcome outcome = runChild(engine, measure, run, settings.throughputFlags(),
                            List.of(ChildProtocol.MODE_THROUGHPUT, Long.toString(settings.rows()),
                                    Integer.toString(parallelism), settings.jsonStage().label()));
                    record(byMeasure, measure, engine, outcome);
                    System.out.printf(Locale.ROOT, "%-5s p=%d run %d: %s%n", engine.name(), parallelism, run,
                            describeThroughput(outcome));
                }
            }
        }
        for (int run = 1; run <= settings.runs(); run++) {
            for (Engine engine : engines) {
                ChildRun.Outcome outcome = runChild(engine, "launch", run, settings.launchFlags(),
                        List.of(ChildProtocol.MODE_LAUNCH));
                record(byMeasure, "launch", engine, outcome);
                System.out.printf(Locale.ROOT, "%-5s launch run %d: %s%n", engine.name(), run, describeLaunch(outcome));
            }
        }
        System.out.printf(Locale.ROOT, "load average after: %s%n%n", loadAverage());
        printSummary(byMeasure);
        System.out.println();
        System.out.println("Child logs (stderr and stdout of every run): " + logDir.toAbsolutePath());
    }

    private ChildRun.Outcome runChild(Engine engine, String measure, int run, List<String> jvmFlags, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", engine.classpath(), engine.mainClass()));
        command.addAll(args);
        Path log = logDir.resolve(engine.name().toLowerCase(Locale.ROOT) + "-" + measure + "-run" + run + ".log");
        return ChildRun.run(command, log, settings.timeout());
    }

    private static void record(Map<String, Map<String, List<ChildRun.Outcome>>> byMeasure, String measure,
                               Engine engine, ChildRun.Outcome outcome) {
        byMeasure.computeIfAbsent(measure, m -> new LinkedHashMap<>())
                .computeIfAbsent(engine.name(), e -> new ArrayList<>()).add(outcome);
    }

    /**
     * Rows per second over the whole job, from creating the engine's environment to completion,
     * timed inside the child the same way on both engines: what a user waits for.
     */
    private static double jobRowsPerSecond(ChildRun.Outcome outcome) {
        return outcome.succeeded() && outcome.jobSeconds() > 0 ? outcome.rowsIn() / outcome.jobSeconds() : Double.NaN;
    }

    /**
     * Rows per second from the first record at the sink to completion: leaves each engine's start-up
     * (Flink's MiniCluster, Weir's planning) out, so it compares the engines' processing alone.
     */
    private static double processingRowsPerSecond(ChildRun.Outcome outcome) {
        return outcome.succeeded() && outcome.processingSeconds() > 0
                ? outcome.rowsIn() / outcome.processingSeconds() : Double.NaN;
    }

    private String describeThroughput(ChildRun.Outcome outcome) {
        if (!outcome.succeeded()) {
            return failure(outcome);
        }
        String processing = outcome.processingSeconds() > 0
                ? String.format(Locale.ROOT, " (first record at sink to end %.2f s -> %s rows/s)",
                        outcome.processingSeconds(), millions(processingRowsPerSecond(outcome)))
                : "";
        String check = outcome.rowsOut() == JobShape.expectedOutputRows(outcome.rowsIn()) || outcome.rowsOut() < 0
                ? "" : "  WRONG OUTPUT COUNT, expected " + JobShape.expectedOutputRows(outcome.rowsIn());
        String rowsOut = outcome.rowsOut() < 0 ? "(not reported)" : String.format(Locale.ROOT, "%,d", outcome.rowsOut());
        return String.format(Locale.ROOT, "%,d rows in, %s out; job %.2f s -> %s rows/s%s; peak RSS %s%s",
                outcome.rowsIn(), rowsOut, outcome.jobSeconds(), millions(jobRowsPerSecond(outcome)), processing,
                megabytes(outcome.peakRssKb()), check);
    }

    private static String describeLaunch(ChildRun.Outcome outcome) {
        if (!outcome.succeeded() || outcome.secondsToFirstRecord() < 0) {
            return failure(outcome);
        }
        return String.format(Locale.ROOT, "first record at the sink %.3f s after process start; peak RSS %s",
                outcome.secondsToFirstRecord(), megabytes(outcome.peakRssKb()));
    }

    private static String failure(ChildRun.Outcome outcome) {
        String why = outcome.timedOut() ? "timed out" : outcome.exitCode() != 0 ? "exit code " + outcome.exitCode()
                : "no first record reported";
        return "FAILED (" + why + "), see " + outcome.log();
    }

    private void printSummary(Map<String, Map<String, List<ChildRun.Outcome>>> byMeasure) {
        System.out.printf(Locale.ROOT, "N = %,d rows, medians of %d runs, each in its own JVM; ratio = Weir / Flink%n",
                settings.rows(), settings.runs());
        System.out.println("Throughput JVM flags: " + String.join(" ", settings.throughputFlags()));
        System.out.println("Launch and RSS JVM flags: " + String.join(" ", settings.launchFlags()));
        System.out.println();
        System.out.println("| measure | Weir | Flink | ratio | target | met? |");
        System.out.println("|---|---|---|---|---|---|");
        for (int parallelism : settings.parallelisms()) {
            Map<String, List<ChildRun.Outcome>> runs = byMeasure.getOrDefault("throughput-p" + parallelism, Map.of());
            OptionalDouble weir = median(runs.get("Weir"), Benchmarks::jobRowsPerSecond);
            OptionalDouble flink = median(runs.get("Flink"), Benchmarks::jobRowsPerSecond);
            OptionalDouble ratio = ratio(weir, flink);
            row("throughput, p=" + parallelism + ", whole job (rows/s)", show(weir, Benchmarks::millions),
                    show(flink, Benchmarks::millions), ratio,
                    String.format(Locale.ROOT, "Weir >= %.1fx Flink", THROUGHPUT_TARGET_RATIO),
                    ratio.isPresent() ? ratio.getAsDouble() >= THROUGHPUT_TARGET_RATIO : null);
            OptionalDouble weirProcessing = median(runs.get("Weir"), Benchmarks::processingRowsPerSecond);
            OptionalDouble flinkProcessing = median(runs.get("Flink"), Benchmarks::processingRowsPerSecond);
            row("throughput, p=" + parallelism + ", from first record at sink (rows/s)",
                    show(weirProcessing, Benchmarks::millions), show(flinkProcessing, Benchmarks::millions),
                    ratio(weirProcessing, flinkProcessing), "-", null);
        }
        Map<String, List<ChildRun.Outcome>> launches = byMeasure.getOrDefault("launch", Map.of());
        ToDoubleFunction<ChildRun.Outcome> firstRecord = o -> o.succeeded() && o.secondsToFirstRecord() >= 0
                ? o.secondsToFirstRecord() : Double.NaN;
        OptionalDouble weirLaunch = median(launches.get("Weir"), firstRecord);
        OptionalDouble flinkLaunch = median(launches.get("Flink"), firstRecord);
        row("launch to first record, " + ChildProtocol.LAUNCH_ROWS + "-row job (s)",
                show(weirLaunch, Benchmarks::seconds), show(flinkLaunch, Benchmarks::seconds), ratio(weirLaunch, flinkLaunch),
                String.format(Locale.ROOT, "Weir < %.1f s", LAUNCH_TARGET_SECONDS),
                weirLaunch.isPresent() ? weirLaunch.getAsDouble() < LAUNCH_TARGET_SECONDS : null);
        ToDoubleFunction<ChildRun.Outcome> peakMb = o -> o.succeeded() && o.peakRssKb() > 0
                ? o.peakRssKb() / 1024.0 : Double.NaN;
        OptionalDouble weirRss = median(launches.get("Weir"), peakMb);
        OptionalDouble flinkRss = median(launches.get("Flink"), peakMb);
        row("peak RSS, " + ChildProtocol.LAUNCH_ROWS + "-row job (MB)", show(weirRss, Benchmarks::mb),
                show(flinkRss, Benchmarks::mb), ratio(weirRss, flinkRss),
                String.format(Locale.ROOT, "Weir < %.0f MB", PEAK_RSS_TARGET_MB),
                weirRss.isPresent() ? weirRss.getAsDouble() < PEAK_RSS_TARGET_MB : null);
        for (int parallelism : settings.parallelisms()) {
            Map<String, List<ChildRun.Outcome>> runs = byMeasure.getOrDefault("throughput-p" + parallelism, Map.of());
            OptionalDouble weir = median(runs.get("Weir"), peakMb);
            OptionalDouble flink = median(runs.get("Flink"), peakMb);
            row("peak RSS, throughput p=" + parallelism + " (MB)", show(weir, Benchmarks::mb),
                    show(flink, Benchmarks::mb), ratio(weir, flink), "-", null);
        }
        System.out.print("""

                Whole job: N / time from before the engine's environment is created to the job's end, timed in
                  the child (Flink's includes starting its MiniCluster). From first record at sink: N / time from
                  the first record reaching the sink to the job's end, leaving start-up out (Flink: seen by the
                  sink itself; Weir: the engine's count of the blackhole's input, polled every millisecond).
                Launch: from just before the harness starts the child JVM to the child's line saying the first
                  record reached the sink (Weir: its collect sink; Flink: the discarding sink).
                Peak RSS: VmHWM of the child, read by the child at its end.
                """);
    }

    private static void row(String measure, String weir, String flink, OptionalDouble ratio, String target, Boolean met) {
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", measure, weir, flink,
                ratio.isPresent() ? String.format(Locale.ROOT, "%.2f", ratio.getAsDouble()) : "n/a", target,
                met == null ? (target.equals("-") ? "-" : "n/a") : met ? "yes" : "NO");
    }

    /** The median over successful runs; empty when none succeeded. */
    private static OptionalDouble median(List<ChildRun.Outcome> outcomes, ToDoubleFunction<ChildRun.Outcome> value) {
        if (outcomes == null) {
            return OptionalDouble.empty();
        }
        double[] values = outcomes.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (values.length == 0) {
            return OptionalDouble.empty();
        }
        int mid = values.length / 2;
        return OptionalDouble.of(values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2);
    }

    private static OptionalDouble ratio(OptionalDouble weir, OptionalDouble flink) {
        return weir.isPresent() && flink.isPresent() ? OptionalDouble.of(weir.getAsDouble() / flink.getAsDouble())
                : OptionalDouble.empty();
    }

    private static String show(OptionalDouble value, DoubleFunction<String> format) {
        return value.isPresent() ? format.apply(value.getAsDouble()) : "n/a";
    }

    private static String millions(double rowsPerSecond) {
        return Double.isNaN(rowsPerSecond) ? "n/a" : String.format(Locale.ROOT, "%.2f M", rowsPerSecond / 1e6);
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.2f s", value);
    }

    private static String mb(double value) {
        return String.format(Locale.ROOT, "%.0f MB", value);
    }

    private static String megabytes(long kb) {
        return kb < 0 ? "n/a" : mb(kb / 1024.0);
    }

    private void printMachine() throws IOException {
        System.out.println("Machine: " + Machine.describe());
        System.out.println("Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        System.out.printf(Locale.ROOT, "Job: %,d rows {id BIGINT, name STRING(%d hex chars), price DOUBLE}, JSON %s "
                + "(Weir: %s), keep id %% 2 = 0, discard; parallelism %s; %d runs per engine and measure%n",
                settings.rows(), JobShape.NAME_LENGTH,
                settings.jsonStage() == JobShape.JsonStage.BEFORE_FILTER ? "encoded before the filter" : "encoded in the sink",
                settings.jsonStage() == JobShape.JsonStage.BEFORE_FILTER ? "JSON_OBJECT" : "blackhole 'format' = 'json'",
                settings.parallelisms(), settings.runs());
        System.out.println("load average before: " + loadAverage());
        System.out.println();
    }

    private static String loadAverage() throws IOException {
        return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+"), 3));
    }

    private static Settings parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value pairs, got: " + String.join(" ", args));
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        Settings settings = new Settings(
                Long.parseLong(options.getOrDefault("rows", "20000000").replace("_", "")),
                Integer.parseInt(options.getOrDefault("runs", "3")),
                Arrays.stream(options.getOrDefault("parallelism", "1,2").split(",")).map(String::trim).map(Integer::valueOf).toList(),
                JobShape.JsonStage.of(options.getOrDefault("json", JobShape.JsonStage.BEFORE_FILTER.label())),
                Arrays.stream(options.getOrDefault("engines", "weir,flink").split(",")).map(String::trim).toList(),
                List.of(options.getOrDefault("launch-jvm-flags", LAUNCH_FLAGS).trim().split("\\s+")),
                List.of(options.getOrDefault("throughput-jvm-flags", THROUGHPUT_FLAGS).trim().split("\\s+")),
                Path.of(options.getOrDefault("classpath-dir", "target")),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("timeout-seconds", "600"))));
        List<String> known = List.of("rows", "runs", "parallelism", "json", "engines", "launch-jvm-flags",
                "throughput-jvm-flags", "classpath-dir", "timeout-seconds");
        options.keySet().stream().filter(k -> !known.contains(k)).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException("unknown option --" + k + "; known: " + known);
        });
        return settings;
    }
}
