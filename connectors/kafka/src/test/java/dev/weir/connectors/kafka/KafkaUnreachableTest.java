package dev.weir.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.data.Row;
import dev.weir.testing.SinkDriver;
import dev.weir.testing.SourceDriver;
import dev.weir.testing.TestTable;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Brokers that cannot be reached (a closed local port: no broker needed) fail the source and the
 * sink once the broker timeout has passed, naming the bootstrap servers and Kafka's root cause.
 * The timeouts are shortened here; the defaults are KafkaClients.BROKER_TIMEOUT_MS.
 */
class KafkaUnreachableTest {
    private String servers;

    @BeforeEach
    void findAClosedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            servers = "localhost:" + socket.getLocalPort();
        }
    }

    private TestTable table() {
        return TestTable.named("orders").column("id", "BIGINT").column("name", "STRING")
                .option("connector", "kafka").option("topic", "orders").option("value.format", "json")
                .option("properties.bootstrap.servers", servers);
    }

    @Test
    void aBoundedSourceSaysItCannotReachTheBrokers() {
        TestTable table = table().option("scan.bounded.mode", "latest-offset")
                .option("properties.default.api.timeout.ms", "2000");
        assertThatThrownBy(() -> {
            try (SourceDriver<?, ?> driver = SourceDriver.of(table.createSource()).start()) {
                driver.runToEnd();
            }
        }).hasStackTraceContaining("Discovering the partitions of topic(s) orders failed (bootstrap servers '" + servers
                + "'): Timed out waiting for a node assignment. Call: listTopics (no broker answered: are the bootstrap"
                + " servers right, reachable and running?)");
    }

    @Test
    void aSinkSaysItCannotReachTheBrokers() {
        TestTable table = table().option("sink.partitioner", "fixed").option("properties.max.block.ms", "2000");
        assertThatThrownBy(() -> {
            try (SinkDriver driver = SinkDriver.create(table.createSink(), 1)) {
                driver.writeAll(List.of(Row.of(1L, "pen")));
            }
        }).hasStackTraceContaining("Writing to Kafka topic 'orders' failed (bootstrap servers '" + servers
                + "'): Topic orders not present in metadata after 2000 ms.");
    }

    @Test
    void aProducerThatCannotBeCreatedSaysWhy() {
        TestTable table = table().option("properties.bootstrap.servers", "no-such-host.invalid:9092");
        assertThatThrownBy(() -> {
            try (SinkDriver driver = SinkDriver.create(table.createSink(), 1)) {
                driver.writeAll(List.of(Row.of(1L, "pen")));
            }
        }).hasStackTraceContaining("Creating the Kafka producer for topic 'orders' failed (bootstrap servers"
                + " 'no-such-host.invalid:9092'): No resolvable bootstrap urls given in bootstrap.servers");
    }
}
