package dev.weir.engine.runtime;

import static dev.weir.engine.testing.TerminalScreen.screen;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
