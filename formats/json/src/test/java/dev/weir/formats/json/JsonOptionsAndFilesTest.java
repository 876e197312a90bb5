package dev.weir.formats.json;

import static dev.weir.api.types.DataTypes.BIGINT;
import static dev.weir.api.types.DataTypes.DOUBLE;
import static dev.weir.api.types.DataTypes.FIELD;
import static dev.weir.api.types.DataTypes.ROW;
import static dev.weir.api.types.DataTypes.STRING;
import static dev.weir.api.types.DataTypes.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ValidationException;
import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import dev.weir.api.config.Configuration;
import dev.weir.api.data.Row;
import dev.weir.api.factory.Factory;
import dev.weir.api.factory.FactoryHelper;
import dev.weir.api.factory.TableContext;
import dev.weir.api.format.LineDelimited;
import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.SkippedRecords;
import dev.weir.api.format.StreamDecoder;
import dev.weir.api.format.StreamEncoder;
import dev.weir.api.metrics.InMemoryMetricGroup;
import dev.weir.api.schema.Schema;
import dev.weir.api.types.DataType;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonOptionsAndFilesTest {
    private static final DataType ORDERS = ROW(FIELD("id", BIGINT().notNull()), FIELD("name", STRING()),
            FIELD("price", DOUBLE()), FIELD("at", TIMESTAMP(3)));

    /** A connector as small as can be, to resolve the format through FactoryHelper as real connectors do. */
    private static final ConfigOption<String> FORMAT = ConfigOptions.key("format").stringType()
            .noDefaultValue().withDescription("The format.");
    private static final Factory CONNECTOR = new Factory() {
        @Override
        public String identifier() {
            return "test-connector";
        }

        @Override
        public String description() {
            return "Resolves formats in tests.";
        }

        @Override
        public Set<ConfigOption<?>> requiredOptions() {
            return Set.of(FORMAT);
        }

        @Override
        public Set<ConfigOption<?>> optionalOptions() {
            return Set.of();
        }
    };

    private static RowDecoder decoderThroughHelper(Map<String, String> options) {
        TableContext table = new TableContext("orders", Schema.of(ORDERS), Configuration.of(options), List.of(),
                JsonOptionsAndFilesTest.class.getClassLoader(), true);
        FactoryHelper helper = FactoryHelper.of(CONNECTOR, table);
        RowDecoder decoder = helper.decoder(FORMAT, table.physicalRowType());
        helper.validate();
        return decoder;
    }

    @Test
    void optionsAreReadUnderTheFormatPrefix() {
        RowDecoder decoder = decoderThroughHelper(Map.of("connector", "test-connector", "format", "json",
                "json.timestamp-format.standard", "iso-8601", "json.fail-on-missing-field", "true"));
        List<Row> rows = new ArrayList<>();

        decoder.decode("{\"id\":1,\"name\":\"a\",\"price\":1.5,\"at\":\"2024-01-02T03:04:05\"}"
                .getBytes(StandardCharsets.UTF_8), Json.LOCATION, rows::add);

        assertThat(rows).containsExactly(Row.of(1L, "a", 1.5, LocalDateTime.of(2024, 1, 2, 3, 4, 5)));
    }

    @Test
    void aBadEnumValueNamesTheKeyAndTheAcceptedValues() {
        assertThatThrownBy(() -> decoderThroughHelper(Map.of("connector", "test-connector", "format", "json",
                "json.timestamp-format.standard", "RFC-3339")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Table 'orders', format 'json'")
                .hasMessageContaining("Invalid value 'RFC-3339' for option 'json.timestamp-format.standard'")
                .hasMessageContaining("'SQL', 'ISO-8601'");
    }

    @Test
    void aMisspeltOptionIsSuggested() {
        assertThatThrownBy(() -> decoderThroughHelper(Map.of("connector", "test-connector", "format", "json",
                "json.ignore-parse-error", "true")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("unknown option 'json.ignore-parse-error'")
                .hasMessageContaining("json.ignore-parse-errors");
    }

    @Test
    void failOnMissingFieldAndIgnoreParseErrorsExcludeEachOther() {
        assertThatThrownBy(() -> decoderThroughHelper(Map.of("connector", "test-connector", "format", "json",
                "json.fail-on-missing-field", "true", "json.ignore-parse-errors", "true")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Table 'orders', format 'json'")
                .hasMessageContaining("'json.fail-on-missing-field' and 'json.ignore-parse-errors' cannot both be true");
    }

    @Test
    void filesRoundTripOneObjectPerLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("orders.json");
        List<Row> rows = List.of(Row.of(1L, "a\nb", 1.5, LocalDateTime.of(2024, 1, 2, 3, 4, 5, 120_000_000)),
                Row.of(2L, null, null, null));
        StreamEncoder encoder = Json.factory().createStreamEncoder(Json.context(ORDERS));
        try (OutputStream out = Files.newOutputStream(file)) {
            StreamEncoder.Writer writer = encoder.open(out);
            for (Row row : rows) {
                writer.write(row);
            }
            writer.finish();
        }

        assertThat(Files.readAllLines(file)).containsExactly(
                "{\"id\":1,\"name\":\"a\\nb\",\"price\":1.5,\"at\":\"2024-01-02 03:04:05.12\"}",
                "{\"id\":2,\"name\":null,\"price\":null,\"at\":null}");
        assertThat(readAll(Json.factory().createStreamDecoder(Json.context(ORDERS)), file)).isEqualTo(rows);
    }

    @Test
    void aBadLineInAFileIsReportedWithTheFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("orders.json");
        Files.writeString(file, "{\"id\":1}\n\n{\"id\":2,\"price\":\"cheap\"}\n");
        StreamDecoder decoder = Json.factory().createStreamDecoder(Json.context(ORDERS));

        assertThatThrownBy(() -> readAll(decoder, file))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessage("Cannot decode the record at file 'orders.json', line 3: field 'price': expected DOUBLE,"
                        + " found string \"cheap\"");
    }

    @Test
    void skippedLinesAreCountedAndLoggedWithTheirLocation(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("orders.json");
        Files.writeString(file, "{\"id\":1}\n{\"id\":\n{\"id\":3}\n");
        List<LogRecord> warnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(SkippedRecords.class.getName());
        logger.addHandler(capture);
        try {
            RowDecoder rowDecoder = Json.decoder(ORDERS, "ignore-parse-errors", "true");
            InMemoryMetricGroup metrics = new InMemoryMetricGroup();
            rowDecoder.open(metrics);

            List<Row> rows = readAll(LineDelimited.decoder(rowDecoder), file);

            assertThat(rows).extracting(r -> r.getField(0)).containsExactly(1L, 3L);
            assertThat(metrics.count("numRecordsSkipped")).isEqualTo(1);
            assertThat(warnings).singleElement().satisfies(w -> {
                assertThat(w.getLevel()).isEqualTo(Level.WARNING);
                assertThat(w.getMessage()).contains("file 'orders.json', line 2").contains("malformed JSON");
            });
        } finally {
            logger.removeHandler(capture);
        }
    }

    private static List<Row> readAll(StreamDecoder decoder, Path file) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file);
             StreamDecoder.Reader reader = decoder.open(in, file.getFileName().toString())) {
            Row row;
            while ((row = reader.read()) != null) {
                rows.add(row);
            }
        }
        return rows;
    }
}
