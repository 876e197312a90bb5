package dev.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.api.config.ConfigOption;
import dev.weir.api.factory.Factory;
import dev.weir.api.factory.FactoryDiscovery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogCommandsTest {
    private static final List<String> BUILT_IN = List.of("datagen", "print", "blackhole", "filesystem", "json", "csv", "raw");

    @Test
    void connectorsListsEveryBuiltInFactoryWithItsKindAndJar() {
        CliRunner r = CliRunner.run("connectors");
        assertThat(r.exitCode()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("IDENTIFIER").contains("KIND").contains("JAR").contains("DESCRIPTION");
        for (String id : BUILT_IN) {
            assertThat(lines).as(id).anyMatch(l -> l.startsWith(id + " "));
        }
        assertThat(lines).anyMatch(l -> l.matches("datagen\\s+source\\s+.*datagen.*"));
        assertThat(lines).anyMatch(l -> l.matches("filesystem\\s+source, sink\\s+.*filesystem.*"));
        assertThat(lines).anyMatch(l -> l.matches("json\\s+format\\s+.*json.*"));
    }

    @Test
    void describeDocumentsEveryOptionOfDatagen() {
        CliRunner r = CliRunner.run("describe", "datagen");
        assertThat(r.exitCode()).isZero();
        Factory datagen = FactoryDiscovery.load(getClass().getClassLoader()).findAny("datagen").orElseThrow();
        List<ConfigOption<?>> options = new ArrayList<>(datagen.requiredOptions());
        options.addAll(datagen.optionalOptions());
        assertThat(options).extracting(ConfigOption::key).contains("rows-per-second", "number-of-rows", "fields.#.kind");
        for (ConfigOption<?> o : options) {
            assertThat(o.description()).as("description of " + o.key()).isNotBlank();
            assertThat(r.out()).as(o.key()).containsPattern("(?m)^  " + java.util.regex.Pattern.quote(o.key()) + "\\s");
            assertThat(r.out()).contains(o.description());
        }
        assertThat(r.out()).contains("Provided by dev.weir:weir-connector-datagen:");
    }

    @Test
    void describeUnknownSuggests() {
        CliRunner r = CliRunner.run("describe", "jsn");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no connector or format 'jsn' found. Did you mean 'json'?");
    }

    @Test
    void catalogDescribesEveryFactoryReproducibly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("catalog.json");
        assertThat(CliRunner.run("catalog", "--output", file.toString()).exitCode()).isZero();
        String first = Files.readString(file);
        assertThat(CliRunner.run("catalog").out()).isEqualTo(first);

        JsonNode catalog = new ObjectMapper().readTree(first);
        assertThat(catalog.get("catalogVersion").asInt()).isEqualTo(1);
        Set<String> ids = new HashSet<>();
        catalog.get("factories").forEach(f -> ids.add(f.get("identifier").asText()));
        assertThat(ids).containsAll(BUILT_IN);
        JsonNode datagen = null;
        for (JsonNode f : catalog.get("factories")) {
            if (f.get("identifier").asText().equals("datagen")) {
                datagen = f;
            }
        }
        assertThat(datagen.get("kinds").get(0).asText()).isEqualTo("source");
        assertThat(datagen.get("artifact").asText()).startsWith("dev.weir:weir-connector-datagen:");
        JsonNode rowsPerSecond = null;
        for (JsonNode o : datagen.get("options")) {
            if (o.get("key").asText().equals("rows-per-second")) {
                rowsPerSecond = o;
            }
        }
        assertThat(rowsPerSecond.get("type").asText()).isEqualTo("LONG");
        assertThat(rowsPerSecond.get("required").asBoolean()).isFalse();
        assertThat(rowsPerSecond.get("description").asText()).isNotBlank();
        assertThat(first).doesNotContain(System.getProperty("user.dir"));
    }

    @Test
    void unknownCommandSuggestsAndUsageIsAnError() {
        CliRunner r = CliRunner.run("conectors");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown command 'conectors'. Did you mean 'connectors'?");
        assertThat(CliRunner.run().exitCode()).isEqualTo(2);
        assertThat(CliRunner.run("help").out()).contains("validate <descriptor.json>");
    }
}
