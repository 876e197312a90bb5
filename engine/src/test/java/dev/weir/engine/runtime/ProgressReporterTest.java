package dev.weir.engine.runtime;

import static dev.weir.engine.testing.TerminalScreen.screen;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    @Test
    void rowsNeverLandOnTheProgressLine() {
        // stdout and stderr on one terminal
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(terminal, true, StandardCharsets.UTF_8);
        ProgressReporter progress = new ProgressReporter(stream, stream, true);

        progress.draw("1,234 rows read, 200 rows/s");
        progress.rows().println("+I[2026-01-01T00:00:00Z, apples, 7, 312.5]");
        progress.rows().println("+I[2026-01-01T00:00:00Z, pears, 6, 280.0]");
        progress.draw("1,434 rows read, 200 rows/s");
        progress.rows().println("+I[x]");
        progress.draw("1,634 rows read, 200 rows/s");

        assertThat(screen(terminal.toString(StandardCharsets.UTF_8))).containsExactly(
                "+I[2026-01-01T00:00:00Z, apples, 7, 312.5]",
                "+I[2026-01-01T00:00:00Z, pears, 6, 280.0]",
                "+I[x]",
                "1,634 rows read, 200 rows/s");

        progress.close();

        assertThat(screen(terminal.toString(StandardCharsets.UTF_8))).last().isEqualTo("");
    }

    @Test
    void logLinesNeverLandOnTheProgressLineEither() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(terminal, true, StandardCharsets.UTF_8);
        Logger root = Logger.getLogger("");
        Handler[] handlers = root.getHandlers();
        PrintStream stderr = System.err;
        System.setErr(stream); // where a console handler writes, fixed when it is made
        Handler console = new ConsoleHandler();
        System.setErr(stderr);
        console.setFormatter(new SimpleFormatter() {
            @Override
            public String format(LogRecord record) {
                return record.getLevel() + ": " + record.getMessage() + "\n";
            }
        });
        for (Handler handler : handlers) {
            root.removeHandler(handler);
        }
        root.addHandler(console);
        try {
            ProgressReporter progress = new ProgressReporter(stream, stream, true);
            progress.routeConsoleLogs();

            progress.draw("1,234 rows read, 200 rows/s");
            Logger.getLogger("test").warning("Skipped a record");
            progress.draw("1,434 rows read, 200 rows/s");
            progress.close();

            assertThat(screen(terminal.toString(StandardCharsets.UTF_8))).containsExactly("WARNING: Skipped a record", "");
            assertThat(root.getHandlers()).containsExactly(console);
        } finally {
            root.removeHandler(console);
            for (Handler handler : handlers) {
                root.addHandler(handler);
            }
        }
    }

    @Test
    void withoutATerminalRowsGoStraightThroughAndNothingIsDrawn() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8);
        ProgressReporter progress = new ProgressReporter(stream, stream, false);

        progress.rows().println("+I[1]");
        progress.close();

        assertThat(progress.rows()).isSameAs(stream);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("+I[1]\n");
    }
}
