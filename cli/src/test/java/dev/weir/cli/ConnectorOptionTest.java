package dev.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.factory.WeirArtifacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weir --connector}: connectors by name with their dependencies, resolved offline from the
 * build's Maven repository (which holds the dev.weir artifacts and Kafka's client); and the error when
 * a connector jar comes without its dependencies.
 */
class ConnectorOptionTest {
    private static final String MAVEN_REPOSITORY = System.getProperty("weir.test.maven-repository");
    // Planning this job creates the Kafka sink, whose classes need kafka-clients; nothing connects.
    private static final String KAFKA_SINK_JOB = """
            {"version": 1,
             "tables": {
               "gen": {"connector": "datagen", "schema": {"columns": [{"name": "v", "type": "STRING"}]},
                 "options": {"number-of-rows": "3"}},
               "events": {"connector": "kafka", "schema": {"columns": [{"name": "v", "type": "STRING"}]},
                 "options": {"topic": "t", "properties.bootstrap.servers": "localhost:1", "format": "raw"}}},
             "pipelines": [{"sink": {"table": "events"}, "query": {"op": "scan", "table": "gen"}}]}
            """;

    @TempDir
    Path dir;

    @Test
    void connectorByNameBringsItsDependencies() throws Exception {
        Path job = Files.writeString(dir.resolve("job.json"), KAFKA_SINK_JOB);

        CliProcess r = CliProcess.run(dir, "--connector", "kafka", "--local-repository", MAVEN_REPOSITORY, "--offline",
                "explain", job.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Source[gen]").contains("Sink[events]");
        // Everything came from the local repository: nothing was written to Weir's cache.
        assertThat(filesBelow(dir.resolve("cache"))).isZero();
    }

    @Test
    void describeOfAWeirConnectorNotOnTheClassPathSaysWhichConnectorOptionAddsIt() throws Exception {
        CliProcess without = CliProcess.run(dir, "describe", "kafka");

        assertThat(without.exitCode()).isEqualTo(2);
        assertThat(without.err()).contains("It is provided by dev.weir:weir-connector-kafka:")
                .contains("(add it with --connector kafka)");

        CliProcess with = CliProcess.run(dir, "--connector", "kafka", "--local-repository", MAVEN_REPOSITORY,
                "--offline", "describe", "kafka");

        assertThat(with.exitCode()).as(with.err()).isZero();
        assertThat(with.out()).contains("Provided by dev.weir:weir-connector-kafka:");
    }

    @Test
    void connectorJarWithoutItsDependenciesFailsNamingTheMissingClassAndItsArtifact() throws Exception {
        Path job = Files.writeString(dir.resolve("job.json"), KAFKA_SINK_JOB);
        Path jar = kafkaConnectorJar();

        CliProcess r = CliProcess.run(dir, "--jar", jar.toString(), "run", job.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).containsPattern("weir: Connector 'kafka' \\(from " + Pattern.quote(jar.toString())
                        + "\\) needs class org\\.apache\\.kafka\\.[\\w.$]+, which is not on the class path: it is in"
                        + " org\\.apache\\.kafka:kafka-clients \\(use --connector kafka to resolve the connector with its"
                        + " dependencies\\)\\.")
                .doesNotContain("\tat ");
    }

    @Test
    void aMissingClassMetWhileValidatingIsExplainedToo() throws Exception {
        Path descriptor = Files.writeString(dir.resolve("events.json"), """
                {"connector": "kafka", "schema": {"columns": [{"name": "v", "type": "STRING"}]},
                 "options": {"topic": "t", "properties.bootstrap.servers": "localhost:1", "format": "raw"}}
                """);

        CliProcess r = CliProcess.run(dir, "--jar", kafkaConnectorJar().toString(), "validate", descriptor.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("needs class org.apache.kafka.").contains("it is in org.apache.kafka:kafka-clients")
                .doesNotContain("\tat ");
    }

    @Test
    void unknownConnectorNameIsRefusedWithASuggestion() {
        CliRunner r = CliRunner.run("--connector", "kafak", "--offline", "connectors");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'kafak' is not one of Weir's connectors or formats").contains("Did you mean 'kafka'?");
    }

    @Test
    void anArtifactNotInTheLocalRepositoriesFailsOfflineNamingWhereItLooked() {
        CliRunner r = CliRunner.run("--connector", "org.example:no-such-connector:1.0", "--offline",
                "--local-repository", dir.resolve("empty").toString(), "connectors");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Cannot resolve org.example:no-such-connector:1.0")
                .contains(dir.resolve("empty").toString()).contains("offline");
    }

    @Test
    void connectorNeedsAValue() {
        CliRunner r = CliRunner.run("--connector");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--connector needs a value");
    }

    private static Path kafkaConnectorJar() {
        String version = WeirArtifacts.version();
        return Path.of(MAVEN_REPOSITORY, "dev", "weir", "weir-connector-kafka", version,
                "weir-connector-kafka-" + version + ".jar");
    }

    private static long filesBelow(Path directory) throws Exception {
        if (!Files.exists(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
