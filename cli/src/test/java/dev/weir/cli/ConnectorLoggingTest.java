package dev.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `weir run` shows connectors' own logs (SLF4J, bound to java.util.logging) with bin/weir's logging
 * levels: a Kafka source whose broker is down (a closed local port) logs the failed connections
 * while it waits, then fails naming the bootstrap servers.
 */
class ConnectorLoggingTest {
    @TempDir
    Path dir;

    @Test
    void aKafkaSourceThatCannotConnectLogsWhyAndFailsNamingTheServers() throws Exception {
        String servers;
        try (ServerSocket socket = new ServerSocket(0)) {
            servers = "localhost:" + socket.getLocalPort();
        }
        Path job = Files.writeString(dir.resolve("job.json"), """
                {"version": 1,
                 "tables": {"orders": {"connector": "kafka", "schema": {"columns": [{"name": "id", "type": "BIGINT"}]},
                                       "options": {"topic": "orders", "value.format": "json", "scan.bounded.mode": "latest-offset",
                                                   "properties.bootstrap.servers": "%s",
                                                   "properties.default.api.timeout.ms": "3000"}},
                            "out": {"connector": "blackhole"}},
                 "pipelines": [{"sink": {"table": "out"}, "query": {"op": "scan", "table": "orders"}}]}
                """.formatted(servers));
        Path output = dir.resolve("output.txt");
        Path logging = Path.of("..", "bin", "weir-logging.properties").toAbsolutePath().normalize();
        Process weir = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.util.logging.config.file=" + logging, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", job.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            // a bound only so that a regression cannot hang the build
            assertThat(weir.waitFor(5, TimeUnit.MINUTES)).as("weir run ended").isTrue();
        } finally {
            weir.destroyForcibly();
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(weir.exitValue()).as(printed).isEqualTo(1);
        assertThat(printed)
                .containsPattern("WARNING: \\[AdminClient clientId=.*] Connection to node -1 \\(localhost/127.0.0.1:\\d+\\) could not be established")
                .contains("failed (bootstrap servers '" + servers + "'): Timed out waiting for a node assignment")
                .doesNotContain("SLF4J", "AdminClientConfig values");
    }
}
