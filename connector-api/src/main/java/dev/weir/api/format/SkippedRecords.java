package dev.weir.api.format;

import dev.weir.api.metrics.Counter;
import dev.weir.api.metrics.InMemoryMetricGroup;
import dev.weir.api.metrics.MetricGroup;
import java.io.Serializable;
import java.lang.System.Logger.Level;

/**
 * Records a decoder chose to skip (e.g. with 'ignore-parse-errors'): each is counted in the metric
 * {@code numRecordsSkipped} and logged with its location, at most one line per second so a flood
 * of bad input cannot flood the log; the lines that were held back are counted in the next one, and
 * {@link #logTotal()} ends with the final count. Nothing is skipped silently.
 */
public final class SkippedRecords implements Serializable {
    public static final String METRIC = "numRecordsSkipped";
    private static final System.Logger LOG = System.getLogger(SkippedRecords.class.getName());
    private static final long LOG_INTERVAL_NANOS = 1_000_000_000L;

    private final String reason;
    private transient Counter counter;
    /** Skipped by this instance; the counter may be shared with other skippers of the same operator. */
    private transient long skipped;
    private transient long lastLogNanos;
    private transient long heldBack;
    private transient boolean loggedOnce;

    /** @param reason why records are skipped, e.g. "json.ignore-parse-errors is true" */
    public SkippedRecords(String reason) {
        this.reason = reason;
    }

    public void open(MetricGroup metrics) {
        counter = metrics.counter(METRIC);
    }

    public void skip(RecordDecodeException error) {
        if (counter == null) {
            // open() was not called (a decoder used outside an engine): still counted, not reported.
            counter = new InMemoryMetricGroup().counter(METRIC);
        }
        counter.inc();
        skipped++;
        long now = System.nanoTime();
        if (loggedOnce && now - lastLogNanos < LOG_INTERVAL_NANOS) {
            heldBack++;
            return;
        }
        String more = heldBack == 0 ? "" : " (" + heldBack + " more skipped since the last message)";
        LOG.log(Level.WARNING, "Skipped a record (" + reason + "): " + error.getMessage() + more);
        loggedOnce = true;
        lastLogNanos = now;
        heldBack = 0;
    }

    /**
     * When the reader is done: logs how many records were skipped in all, with those held back since
     * the last message, so the log never ends on a count that is too small. Logs nothing when none were.
     */
    public void logTotal() {
        if (skipped == 0) {
            return;
        }
        String more = heldBack == 0 ? "" : ", " + heldBack + " of them since the last message";
        LOG.log(Level.WARNING, "Skipped " + skipped + (skipped == 1 ? " record" : " records") + " in all (" + reason
                + ")" + more + ".");
        heldBack = 0;
    }

    /** Records skipped so far by this instance's counter. */
    public long count() {
        return counter == null ? 0 : counter.count();
    }
}
