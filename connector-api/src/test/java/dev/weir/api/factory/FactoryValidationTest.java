package dev.weir.api.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ValidationException;
import dev.weir.api.config.Configuration;
import dev.weir.api.data.Row;
import dev.weir.api.format.RecordLocation;
import dev.weir.api.schema.Schema;
import dev.weir.api.types.DataTypes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FactoryValidationTest {
    private final FactoryDiscovery discovery = FactoryDiscovery.load(getClass().getClassLoader());
    private final Schema schema = Schema.newBuilder().column("line", DataTypes.STRING()).build();

    private TableContext table(Schema s, Map<String, String> options) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("connector", "memory");
        all.putAll(options);
        return new TableContext("events", s, Configuration.of(all), List.of(), getClass().getClassLoader(), true);
    }

    @Test
    void validTableResolvesItsScopedFormatOptions() {
        TableFactories.createSource(discovery, table(schema, Map.of("topic", "t", "format", "lines", "lines.upper", "true",
                "properties.bootstrap.servers", "localhost:9092")));
        List<Row> rows = new ArrayList<>();
        TestFactories.MemoryConnector.lastDecoder.decode("abc".getBytes(StandardCharsets.UTF_8),
                RecordLocation.unknown(), rows::add);
        assertThat(rows).containsExactly(Row.of("ABC"));
    }

    @Test
    void reportsEveryProblemAtOnceWithSuggestions() {
        assertThatThrownBy(() -> TableFactories.createSource(discovery,
                table(schema, Map.of("format", "lines", "partitons", "3"))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems()).containsExactly(
                        "Table 'events', connector 'memory': missing required option 'topic' (The topic to use.).",
                        "Table 'events', connector 'memory': unknown option 'partitons'. Did you mean 'partitions'?"
                                + " Valid options: format, key.format, partitions, password, properties.*, topic."));
    }

    @Test
    void formatOptionsAreCheckedUnderTheirPrefix() {
        assertThatThrownBy(() -> TableFactories.createSource(discovery,
                table(schema, Map.of("topic", "t", "format", "lines", "lines.uper", "true"))))
                .hasMessageContaining("format 'lines': unknown option 'lines.uper'. Did you mean 'lines.upper'?");
        assertThatThrownBy(() -> TableFactories.createSource(discovery,
                table(schema, Map.of("topic", "t", "format", "lines", "lines.upper", "yes"))))
                .hasMessageContaining("Invalid value 'yes' for option 'lines.upper': expected 'true' or 'false'.");
        assertThatThrownBy(() -> TableFactories.createSource(discovery,
                table(schema, Map.of("topic", "t", "format", "lines", "key.format", "lines", "key.lines.upper", "true",
                        "key.lines.nope", "1"))))
                .hasMessageContaining("unknown option 'key.lines.nope'");
    }

    @Test
    void everyConnectorAcceptsTheBadRecordOptionsWithoutDeclaringThem() {
        TableFactories.createSource(discovery, table(schema, Map.of("topic", "t", "format", "lines",
                "scan.bad-records.policy", "dead-letter", "scan.bad-records.dead-letter-table", "bad")));
        assertThatThrownBy(() -> TableFactories.createSource(discovery,
                table(schema, Map.of("topic", "t", "format", "lines", "scan.bad-records.policy", "ignore"))))
                .hasMessageContaining("Invalid value 'ignore' for option 'scan.bad-records.policy': expected one of "
                        + "'fail', 'skip', 'dead-letter'.");
    }

    @Test
    void wrongTypedValueNamesTheOption() {
        assertThatThrownBy(() -> TableFactories.createSource(discovery,
                table(schema, Map.of("topic", "t", "format", "lines", "partitions", "many"))))
                .hasMessageContaining("Invalid value 'many' for option 'partitions': expected an integer");
    }

    @Test
    void unknownFormatSuggestsAndListsFormats() {
        assertThatThrownBy(() -> TableFactories.createSource(discovery,
                table(schema, Map.of("topic", "t", "format", "line"))))
                .hasMessageContaining("No format 'line' found (table 'events'). Did you mean 'lines'?")
                .hasMessageContaining("Available formats: lines.");
    }

    @Test
    void metadataColumnsAreCheckedAgainstTheConnector() {
        Schema withMeta = Schema.newBuilder().column("line", DataTypes.STRING())
                .columnByMetadata("off", DataTypes.BIGINT(), "ofset", true).build();
        assertThatThrownBy(() -> TableFactories.createSource(discovery,
                table(withMeta, Map.of("topic", "t", "format", "lines"))))
                .hasMessageContaining("column 'off' reads metadata 'ofset'").hasMessageContaining("Did you mean 'offset'?");
        Schema wrongType = Schema.newBuilder().column("line", DataTypes.STRING())
                .columnByMetadata("offset", DataTypes.STRING()).build();
        assertThatThrownBy(() -> TableFactories.createSource(discovery,
                table(wrongType, Map.of("topic", "t", "format", "lines"))))
                .hasMessageContaining("declared STRING but metadata 'offset' of connector 'memory' is BIGINT NOT NULL");
    }

    @Test
    void missingConnectorOption() {
        TableContext noConnector = new TableContext("t", schema, Configuration.empty(), List.of(),
                getClass().getClassLoader(), true);
        assertThatThrownBy(() -> TableFactories.createSink(discovery, noConnector))
                .hasMessageContaining("Table 't' has no 'connector' option");
    }

    @Test
    void unknownConnectorSuggestsClosestAndListsAvailable() {
        assertThatThrownBy(() -> discovery.find(SourceFactory.class, "memroy", "events"))
                .hasMessage("No source connector 'memroy' found (table 'events'). Did you mean 'memory'?"
                        + " Available source connectors: memory.");
    }

    @Test
    void knownWeirConnectorNotOnClasspathNamesTheArtifact() {
        assertThatThrownBy(() -> discovery.find(SourceFactory.class, "kafka", null))
                .hasMessageContaining("It is provided by the Maven artifact dev.weir:weir-connector-kafka:"
                        + WeirArtifacts.version())
                .hasMessageContaining("env.add_connector('kafka')")
                .hasMessageContaining("bin/weir --connector kafka");
    }

    @Test
    void wrongKindSaysWhatTheIdentifierIs() {
        assertThatThrownBy(() -> discovery.find(SourceFactory.class, "lines", null))
                .hasMessageContaining("'lines' is a format, not a source connector.");
    }

    @Test
    void suggestionsAcceptTyposOnly() {
        assertThat(Suggestions.closest("datagn", List.of("datagen", "filesystem", "print"))).contains("datagen");
        assertThat(Suggestions.closest("rows-per-secnd", List.of("rows-per-second", "number-of-rows")))
                .contains("rows-per-second");
        assertThat(Suggestions.closest("elasticsearch", List.of("datagen", "print"))).isEmpty();
        assertThat(Suggestions.distance("ab", "ba")).isEqualTo(1);
    }
}
