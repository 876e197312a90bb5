package dev.weir.engine.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The console of an interactive run: a live progress line on stderr (records read by the sources,
 * records per second, and a bar when sources report their lag, {@code pendingRecords}), the stream
 * the job prints its rows to ({@link #rows()}), and a one-line summary at the end. Rows and the
 * progress line share one lock: the line is erased before a row is printed and redrawn on the next
 * tick, so a row never lands on it; so are log lines written to the console while it runs. A run
 * that is not interactive draws nothing, and its rows go straight to {@code out}.
 */
public final class ProgressReporter implements AutoCloseable {
    private static final long PERIOD_MILLIS = 500;
    private static final int BAR_WIDTH = 30;
    private static final String ERASE_LINE = "\r\033[K";

    private final PrintStream err;
    private final boolean interactive;
    /** Where rows are printed; also the lock for everything written to the console. */
    private final PrintStream rows;
    /** Guarded by {@link #rows}: whether the progress line is on the screen. */
    private boolean shown;
    private volatile boolean running = true;
    private JobExecution job;
    private Thread thread;
    private long startNanos;
    private long lastRead;
    private long lastNanos;
    /** The root logger's console handlers, by what replaces them while the line is drawn. */
    private final Map<Handler, Handler> consoleLogs = new LinkedHashMap<>();

    /**
     * @param out where the job's rows go
     * @param err where the progress line and the summary go
     * @param interactive whether to draw them: {@link #terminalAttached()} for a command-line run
     */
    public ProgressReporter(PrintStream out, PrintStream err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
        this.rows = interactive ? new PrintStream(new ErasingProgress(out), true) : out;
    }

    /**
     * True when stdout and stderr are both a terminal, the only case where a line redrawn in place
     * is wanted: piped or redirected output stays free of it.
     */
    public static boolean terminalAttached() {
        if (System.console() == null) {
            return false; // stdin or stdout is not a terminal
        }
        try {
            String stderr = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return stderr.startsWith("/dev/pts/") || stderr.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return true; // no /proc to ask: stdout is a terminal, so stderr most likely is too
        }
    }

    /** The stream to print the job's rows to: a row erases the progress line before it is written. */
    public PrintStream rows() {
        return rows;
    }

    /** Starts drawing the progress of {@code job}, when interactive. */
    public void start(JobExecution job) {
        this.job = job;
        startNanos = System.nanoTime();
        lastNanos = startNanos;
        if (interactive) {
            routeConsoleLogs();
            thread = new Thread(this::report, "weir-progress");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void report() {
        while (running && !job.completion().isDone()) {
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            draw(progressText());
        }
    }

    private String progressText() {
        long read = recordsRead(job.sourceCounts());
        long pending = 0;
        boolean knowsPending = false;
        for (Map.Entry<String, Number> e : job.metrics().snapshot().entrySet()) {
            if (e.getKey().endsWith(".pendingRecords")) {
                pending += e.getValue().longValue();
                knowsPending = true;
            }
        }
        long now = System.nanoTime();
        long rate = (read - lastRead) * 1_000_000_000L / Math.max(1, now - lastNanos);
        lastRead = read;
        lastNanos = now;
        StringBuilder line = new StringBuilder();
        if (knowsPending && read + pending > 0) {
            int filled = (int) (BAR_WIDTH * read / (read + pending));
            line.append('[').append("#".repeat(filled)).append(" ".repeat(BAR_WIDTH - filled)).append("] ")
                    .append(100 * read / (read + pending)).append("% ");
        }
        return line.append(String.format(Locale.ROOT, "%,d rows read, %,d rows/s", read, rate)).toString();
    }

    private static long recordsRead(List<SourceCounts> counts) {
        return counts.stream().mapToLong(SourceCounts::read).sum();
    }

    /** Replaces the progress line with {@code text}. */
    void draw(String text) {
        synchronized (rows) {
            err.print(ERASE_LINE + text);
            err.flush();
            shown = true;
        }
    }

    /** Holding the lock of {@link #rows}: takes the progress line off the screen. */
    private void erase() {
        if (shown) {
            err.print(ERASE_LINE);
            err.flush();
            shown = false;
        }
    }

    /**
     * Log lines (java.util.logging's console handlers, where System.Logger writes by default) erase
     * the progress line first, as rows do, until {@link #close()}.
     */
    void routeConsoleLogs() {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            if (handler instanceof ConsoleHandler) {
                Handler erasing = new ErasingLogs(handler);
                root.removeHandler(handler);
                root.addHandler(erasing);
                consoleLogs.put(erasing, handler);
            }
        }
    }

    /** Stops drawing, erases the progress line and gives log lines their handlers back. */
    @Override
    public void close() {
        running = false;
        if (thread != null && thread.isAlive()) {
            thread.interrupt();
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (rows) {
            erase();
        }
        Logger root = Logger.getLogger("");
        consoleLogs.forEach((erasing, console) -> {
            root.removeHandler(erasing);
            root.addHandler(console);
        });
        consoleLogs.clear();
    }

    /** After {@link #close()}, on an interactive run: prints the one-line {@link #summary}. */
    public void printSummary(JobExecution.Status status) {
        if (interactive) {
            synchronized (rows) {
                err.println(summary(status, System.nanoTime() - startNanos));
                err.flush();
            }
        }
    }

    /**
     * {@code Finished in 1.2 s: 200 rows read (166 rows/s), 0 checkpoints. Source[orders]: 200 read,
     * 200 emitted, 0 skipped, 0 dead-lettered.}
     */
    String summary(JobExecution.Status status, long elapsedNanos) {
        List<SourceCounts> counts = job.sourceCounts();
        long read = recordsRead(counts);
        int checkpoints = job.completedCheckpoints();
        String outcome = status.name().charAt(0) + status.name().substring(1).toLowerCase(Locale.ROOT);
        return String.format(Locale.ROOT, "%s in %.1f s: %,d rows read (%,d rows/s), %d checkpoint%s. %s.", outcome,
                elapsedNanos / 1e9, read, read * 1_000_000_000L / Math.max(1, elapsedNanos), checkpoints,
                checkpoints == 1 ? "" : "s", SourceCounts.join(counts));
    }

    /** A console log handler that takes the progress line off the screen before each line it writes. */
    private final class ErasingLogs extends Handler {
        private final Handler console;

        ErasingLogs(Handler console) {
            this.console = console;
        }

        @Override
        public void publish(LogRecord record) {
            if (console.isLoggable(record)) {
                synchronized (rows) {
                    erase();
                    console.publish(record);
                    console.flush();
                }
            }
        }

        @Override
        public void flush() {
            console.flush();
        }

        @Override
        public void close() {
            console.close();
        }
    }

    /** What rows are written through: erases the progress line first, under the lock of {@link #rows}. */
    private final class ErasingProgress extends OutputStream {
        private final PrintStream out;

        ErasingProgress(PrintStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            synchronized (rows) { // held already when called through rows' own methods
                erase();
                out.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() {
            out.flush();
        }
    }
}
