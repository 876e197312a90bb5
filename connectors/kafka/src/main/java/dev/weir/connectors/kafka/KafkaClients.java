package dev.weir.connectors.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * What the connector adds to the Kafka clients' configuration, and how their failures read: every
 * failure names the bootstrap servers and the root cause, which Kafka's own wrappers ("Failed to
 * construct kafka producer", an ExecutionException) hide.
 */
final class KafkaClients {
    /**
     * How long an admin call (partition discovery, offsets) or a blocked producer call (metadata,
     * initTransactions) waits for a broker before the job fails: Kafka's 'default.api.timeout.ms'
     * and 'max.block.ms', 60 s by default, shortened so an unreachable cluster is reported sooner.
     * 'properties.default.api.timeout.ms' and 'properties.max.block.ms' override them.
     */
    static final String BROKER_TIMEOUT_MS = "30000";

    private KafkaClients() {
    }

    static Map<String, Object> adminConfig(Map<String, String> clientProperties) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.putIfAbsent("default.api.timeout.ms", BROKER_TIMEOUT_MS);
        // a single request may not outlast the call it belongs to
        config.putIfAbsent("request.timeout.ms", config.get("default.api.timeout.ms"));
        return config;
    }

    static Map<String, Object> producerConfig(Map<String, String> clientProperties) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.putIfAbsent("max.block.ms", BROKER_TIMEOUT_MS);
        return config;
    }

    /** "{@code action} failed (bootstrap servers '...'): {@code <root cause>}". */
    static IllegalStateException failure(String action, Map<String, String> clientProperties, Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String cause = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        String hint = root instanceof TimeoutException
                ? " (no broker answered: are the bootstrap servers right, reachable and running?)" : "";
        return new IllegalStateException(action + " failed (bootstrap servers '" + clientProperties.get("bootstrap.servers")
                + "'): " + cause + hint, error);
    }
}
