package dev.weir.engine.runtime;

import dev.weir.api.format.SkippedRecords;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one source of a job read and what became of it: every record is emitted as a row, skipped,
 * or written to the dead-letter table ({@code scan.bad-records.policy}). Summed over the source's
 * subtasks.
 *
 * @param source the source operator, as in metrics and plans: {@code Source[orders]}, {@code Values[3 rows]}
 * @param read records read: those emitted, skipped and dead-lettered
 * @param emitted rows passed on downstream
 * @param skipped undecodable records skipped, under the 'skip' policy or the format's 'ignore-parse-errors'
 * @param deadLettered undecodable records written to the dead-letter table
 */
public record SourceCounts(String source, long read, long emitted, long skipped, long deadLettered) {

    /** The counts of {@code source} in a snapshot of the job's metrics. */
    static SourceCounts of(String source, Map<String, Number> metrics) {
        long emitted = sum(metrics, source + ".", "numRecordsOut");
        long skipped = sum(metrics, source + ".", SkippedRecords.METRIC);
        long deadLettered = sum(metrics, source + ".", SourceTask.DEAD_LETTERED_METRIC);
        return new SourceCounts(source, emitted + skipped + deadLettered, emitted, skipped, deadLettered);
    }

    /** The sum of {@code metric} over every operator and subtask whose name starts with {@code operatorPrefix}. */
    static long sum(Map<String, Number> metrics, String operatorPrefix, String metric) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().startsWith(operatorPrefix) && e.getKey().endsWith("." + metric))
                .mapToLong(e -> e.getValue().longValue()).sum();
    }

    /** Several sources on one line: {@code Source[a]: ...; Source[b]: ...}. */
    static String join(List<SourceCounts> counts) {
        return String.join("; ", counts.stream().map(SourceCounts::toString).toList());
    }

    /** {@code Source[orders]: 1,000 read, 990 emitted, 10 skipped, 0 dead-lettered}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %,d read, %,d emitted, %,d skipped, %,d dead-lettered",
                source, read, emitted, skipped, deadLettered);
    }
}
