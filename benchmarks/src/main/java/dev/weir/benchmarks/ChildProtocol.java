package dev.weir.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a benchmark child JVM prints on stdout for the harness, one tagged line per fact, and how
 * the harness reads it back. Both engines' children use it, so the two sides report alike.
 *
 * <p>Children are started as {@code <main class> throughput <rows> <parallelism> <json stage>} or
 * {@code <main class> launch}; the launch job encodes before the filter and has one subtask.
 */
public final class ChildProtocol {
    public static final String MODE_THROUGHPUT = "throughput";
    public static final String MODE_LAUNCH = "launch";

    /** Rows of the launch job: small enough that the figure is all start-up. */
    public static final long LAUNCH_ROWS = 3;

    static final String TAG = "weir-bench ";
    static final String FIRST_RECORD = TAG + "first-record";
    static final String RESULT = TAG + "result";
    static final String PEAK_RSS = TAG + "peak-rss-kb";

    private static final AtomicBoolean FIRST_RECORD_REPORTED = new AtomicBoolean();
    /** 0 until the first record is reported (a nanoTime of exactly 0 is not worth a second field). */
    private static volatile long firstRecordNanos;

    private ChildProtocol() {
    }

    /** The child's arguments. */
    public record ChildArgs(String mode, long rows, int parallelism, JobShape.JsonStage jsonStage) {
        public static ChildArgs parse(String[] args) {
            if (args.length == 1 && args[0].equals(MODE_LAUNCH)) {
                return new ChildArgs(MODE_LAUNCH, LAUNCH_ROWS, 1, JobShape.JsonStage.BEFORE_FILTER);
            }
            if (args.length == 4 && args[0].equals(MODE_THROUGHPUT)) {
                return new ChildArgs(MODE_THROUGHPUT, Long.parseLong(args[1]), Integer.parseInt(args[2]),
                        JobShape.JsonStage.of(args[3]));
            }
            throw new IllegalArgumentException("expected 'throughput <rows> <parallelism> <json stage>' or 'launch', got "
                    + String.join(" ", args));
        }

        public boolean launch() {
            return mode.equals(MODE_LAUNCH);
        }
    }

    /**
     * Called when a record reaches the sink; the first call in the JVM prints the marker the harness
     * times launch-to-first-record with and notes the time for {@link #nanosSinceFirstRecord()}.
     * Cheap after the first call: one volatile read.
     */
    public static void reportFirstRecord() {
        if (!FIRST_RECORD_REPORTED.get() && FIRST_RECORD_REPORTED.compareAndSet(false, true)) {
            firstRecordNanos = System.nanoTime();
            System.out.println(FIRST_RECORD);
            System.out.flush();
        }
    }

    /** Nanoseconds since the first record reached the sink, or -1 if none has. */
    public static long nanosSinceFirstRecord() {
        long first = firstRecordNanos;
        return first == 0 ? -1 : System.nanoTime() - first;
    }

    /**
     * The job's outcome. {@code jobSeconds} runs from job submission to completion;
     * {@code processingSeconds} from the first record at the sink to completion, or -1 when the
     * engine gives no way to see the first record in a throughput run.
     */
    public static void reportResult(long rowsIn, long rowsOut, double jobSeconds, double processingSeconds) {
        System.out.printf(Locale.ROOT, "%s rows-in=%d rows-out=%d job-seconds=%.6f processing-seconds=%.6f%n",
                RESULT, rowsIn, rowsOut, jobSeconds, processingSeconds);
    }

    /** Peak resident set size of this JVM so far (VmHWM); call it last, when the job is done. */
    public static void reportPeakRss() throws IOException {
        System.out.println(PEAK_RSS + " " + readPeakRssKb(Path.of("/proc/self/status")).orElse(-1));
        System.out.flush();
    }

    static OptionalLong readPeakRssKb(Path procStatus) throws IOException {
        for (String line : Files.readAllLines(procStatus)) {
            if (line.startsWith("VmHWM:")) {
                return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
            }
        }
        return OptionalLong.empty();
    }
}
