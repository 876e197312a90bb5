package dev.weir.engine.runtime;

import java.io.PrintStream;
import java.util.Map;

/**
 * A live progress line for interactive runs: rows read by the sources, rows per second, and a bar
 * when sources report their lag ({@code pendingRecords}). Callers start it only when a console is
 * attached, so logs and pipes stay quiet.
 */
public final class ProgressReporter implements AutoCloseable {
    private static final long PERIOD_MILLIS = 500;
    private static final int BAR_WIDTH = 30;

    private final JobExecution job;
    private final PrintStream err;
    private final Thread thread;
    private volatile boolean running = true;

    private ProgressReporter(JobExecution job, PrintStream err) {
        this.job = job;
        this.err = err;
        this.thread = new Thread(this::report, "weir-progress");
        thread.setDaemon(true);
    }

    /** Reports to {@code err} while the job runs, if a console is attached; otherwise does nothing. */
    public static ProgressReporter startIfInteractive(JobExecution job, PrintStream err) {
        ProgressReporter reporter = new ProgressReporter(job, err);
        if (System.console() != null) {
            reporter.thread.start();
        }
        return reporter;
    }

    private void report() {
        long lastRows = 0;
        long lastTime = System.nanoTime();
        while (running && !job.completion().isDone()) {
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long read = 0;
            long pending = 0;
            boolean knowsPending = false;
            for (Map.Entry<String, Number> e : job.metrics().snapshot().entrySet()) {
                if (e.getKey().startsWith("Source[") || e.getKey().startsWith("Values[")) {
                    if (e.getKey().endsWith(".numRecordsOut")) {
                        read += e.getValue().longValue();
                    } else if (e.getKey().endsWith(".pendingRecords")) {
                        pending += e.getValue().longValue();
                        knowsPending = true;
                    }
                }
            }
            long now = System.nanoTime();
            long rate = (read - lastRows) * 1_000_000_000L / Math.max(1, now - lastTime);
            lastRows = read;
            lastTime = now;
            StringBuilder line = new StringBuilder("\r");
            if (knowsPending && read + pending > 0) {
                int filled = (int) (BAR_WIDTH * read / (read + pending));
                line.append('[').append("#".repeat(filled)).append(" ".repeat(BAR_WIDTH - filled)).append("] ")
                        .append(100 * read / (read + pending)).append("% ");
            }
            line.append(String.format("%,d rows read, %,d rows/s", read, rate));
            err.print(line);
            err.flush();
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread.isAlive()) {
            thread.interrupt();
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            err.print("\r\033[K");
            err.flush();
        }
    }
}
