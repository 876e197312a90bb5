package dev.weir.connectors.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ValidationException;
import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.api.factory.FactoryDiscovery;
import dev.weir.api.factory.SinkFactory;
import dev.weir.api.sink.Sink;
import dev.weir.testing.SinkDriver;
import dev.weir.testing.TestTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrintSinkTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void captureStandardStreams() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStandardStreams() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private static TestTable table() {
        return TestTable.named("people").column("id", "INT").column("name", "STRING").option("connector", "print");
    }

    private static List<String> lines(ByteArrayOutputStream stream) {
        String text = stream.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split(System.lineSeparator()));
    }

    @Test
    void aSingleWriterPrefixesRowsWithTheIdentifier() throws Exception {
        try (SinkDriver driver = SinkDriver.create(table().option("print-identifier", "people").createSink(), 1)) {
            driver.write(0, Row.of(1, "Alice"), Row.ofKind(RowKind.UPDATE_BEFORE, 2, null));
            driver.endOfInput();
        }

        assertThat(lines(out)).containsExactly("people> +I[1, Alice]", "people> -U[2, NULL]");
        assertThat(lines(err)).isEmpty();
    }

    @Test
    void withoutAnIdentifierASingleWriterPrintsTheBareRow() throws Exception {
        try (SinkDriver driver = SinkDriver.create(table().createSink(), 1)) {
            driver.write(0, Row.ofKind(RowKind.DELETE, 3, "Carol"));
        }

        assertThat(lines(out)).containsExactly("-D[3, Carol]");
    }

    @Test
    void parallelWritersAddTheirSubtaskCountedFromOneAsFlinkDoes() throws Exception {
        try (SinkDriver driver = SinkDriver.create(table().option("print-identifier", "people").createSink(), 2)) {
            driver.write(0, Row.of(1, "Alice"));
            driver.write(1, Row.of(2, "Bob"));
        }
        try (SinkDriver driver = SinkDriver.create(table().createSink(), 2)) {
            driver.write(1, Row.of(3, "Carol"));
        }

        assertThat(lines(out)).containsExactly("people:1> +I[1, Alice]", "people:2> +I[2, Bob]", "2> +I[3, Carol]");
    }

    @Test
    void standardErrorPrintsThereInstead() throws Exception {
        try (SinkDriver driver = SinkDriver.create(table().option("standard-error", "true").createSink(), 1)) {
            driver.write(0, Row.of(1, "Alice"));
        }

        assertThat(lines(err)).containsExactly("+I[1, Alice]");
        assertThat(lines(out)).isEmpty();
    }

    @Test
    void parallelWritersNeverInterleavePartsOfLines() throws Exception {
        int writers = 4;
        int rowsEach = 2_000;
        String payload = "x".repeat(300);
        Sink sink = table().option("print-identifier", "p").createSink();
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        try (SinkDriver driver = SinkDriver.create(sink, writers)) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int subtask = w;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < rowsEach; i++) {
                        driver.writer(subtask).write(Row.of(subtask + 1, payload));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdown();
        }

        List<String> lines = lines(out);
        assertThat(lines).hasSize(writers * rowsEach);
        Pattern whole = Pattern.compile("p:(\\d)> \\+I\\[(\\d), x{300}]");
        for (String line : lines) {
            Matcher m = whole.matcher(line);
            assertThat(m.matches()).as("complete line: %s", line).isTrue();
            assertThat(m.group(1)).isEqualTo(m.group(2));
        }
    }

    @Test
    void malformedAndUnknownOptionsFailBeforeAnythingRuns() {
        assertThatThrownBy(() -> table().option("standard-error", "maybe").createSink())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'standard-error'").hasMessageContaining("'maybe'");
        assertThatThrownBy(() -> table().option("print-identifer", "x").createSink())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("unknown option 'print-identifer'")
                .hasMessageContaining("Did you mean 'print-identifier'?");
    }

    @Test
    void theFactoryIsDiscoverableAndEveryOptionIsDescribed() {
        SinkFactory factory = FactoryDiscovery.load().find(SinkFactory.class, "print", null);

        assertThat(factory).isInstanceOf(PrintTableFactory.class);
        assertThat(factory.optionalOptions()).hasSize(2).allMatch(o -> o.description().length() > 20);
    }
}
