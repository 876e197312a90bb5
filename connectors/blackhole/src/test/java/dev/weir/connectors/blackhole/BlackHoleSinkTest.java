package dev.weir.connectors.blackhole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ValidationException;
import dev.weir.api.data.Row;
import dev.weir.api.factory.FactoryDiscovery;
import dev.weir.api.factory.SinkFactory;
import dev.weir.testing.SinkDriver;
import dev.weir.testing.TestTable;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BlackHoleSinkTest {
    private static final List<Row> ROWS = IntStream.range(0, 1_001).mapToObj(i -> Row.of(i, "name-" + i)).toList();

    private static TestTable table() {
        return TestTable.named("sink").column("id", "INT").column("name", "STRING").option("connector", "blackhole");
    }

    @Test
    void countsEveryRowPerWriterInNumRecordsOut() throws Exception {
        try (SinkDriver driver = SinkDriver.create(table().createSink(), 2)) {
            driver.writeAll(ROWS);
            driver.endOfInput();

            assertThat(driver.writerMetrics(0).count("numRecordsOut")).isEqualTo(501);
            assertThat(driver.writerMetrics(1).count("numRecordsOut")).isEqualTo(500);
            assertThat(driver.writerMetrics(0).count("numBytesOut")).isZero();
        }
    }

    @Test
    void withAFormatEachRowIsEncodedFirstUsingTheFormatsOptions() throws Exception {
        long expectedBytes = ROWS.stream().mapToLong(r -> r.toString().length() + 2).sum();

        try (SinkDriver driver = SinkDriver.create(table().option("format", "to-string")
                .option("to-string.suffix", "!!").createSink(), 1)) {
            driver.writeAll(ROWS);

            assertThat(driver.writerMetrics(0).count("numRecordsOut")).isEqualTo(ROWS.size());
            assertThat(driver.writerMetrics(0).count("numBytesOut")).isEqualTo(expectedBytes);
        }
    }

    @Test
    void anUnknownFormatOrFormatOptionFailsBeforeAnythingRuns() {
        assertThatThrownBy(() -> table().option("format", "nope").createSink())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("No format 'nope' found");
        assertThatThrownBy(() -> table().option("format", "to-string").option("to-string.sufix", "x").createSink())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("unknown option 'to-string.sufix'");
        assertThatThrownBy(() -> table().option("formt", "to-string").createSink())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Did you mean 'format'?");
    }

    @Test
    void theFactoryIsDiscoverableAndItsOptionDescribed() {
        SinkFactory factory = FactoryDiscovery.load().find(SinkFactory.class, "blackhole", null);

        assertThat(factory).isInstanceOf(BlackHoleTableFactory.class);
        assertThat(factory.optionalOptions()).singleElement()
                .satisfies(o -> assertThat(o.description()).contains("encodes"));
    }
}
