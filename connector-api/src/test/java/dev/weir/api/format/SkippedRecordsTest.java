package dev.weir.api.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.metrics.InMemoryMetricGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class SkippedRecordsTest {
    /** Collects what SkippedRecords logs. */
    private static final class Captured extends Handler {
        final List<String> messages = new ArrayList<>();

        @Override
        public void publish(LogRecord record) {
            messages.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void theLogEndsWithTheTotalHoweverManyLinesWereHeldBack() {
        Logger logger = Logger.getLogger(SkippedRecords.class.getName());
        Captured captured = new Captured();
        logger.addHandler(captured);
        try {
            InMemoryMetricGroup metrics = new InMemoryMetricGroup();
            SkippedRecords skipped = new SkippedRecords("csv.ignore-parse-errors is true");
            skipped.open(metrics);
            for (int line = 1; line <= 10; line++) {
                skipped.skip(new RecordDecodeException(RecordLocation.ofLine("x.csv", line), "bad"));
            }
            skipped.logTotal();

            // However many lines the rate limit let through (one, on a fast machine), the last says 10.
            assertThat(captured.messages).last().asString()
                    .startsWith("Skipped 10 records in all (csv.ignore-parse-errors is true)");
            assertThat(metrics.count(SkippedRecords.METRIC)).isEqualTo(10);
        } finally {
            logger.removeHandler(captured);
        }
    }

    @Test
    void nothingSkippedLogsNothing() {
        Logger logger = Logger.getLogger(SkippedRecords.class.getName());
        Captured captured = new Captured();
        logger.addHandler(captured);
        try {
            new SkippedRecords("reason").logTotal();

            assertThat(captured.messages).isEmpty();
        } finally {
            logger.removeHandler(captured);
        }
    }
}
