package dev.weir.it.containers;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.containers.wait.strategy.LogMessageWaitStrategy;

/**
 * Ready when the broker has logged that it started and an AdminClient sees it and lists topics.
 * The AdminClient reaches the broker through the advertised host-mapped port, so a wrong advertised
 * listener fails here rather than in the first test.
 */
final class KafkaReadyWaitStrategy extends AbstractWaitStrategy {

    @Override
    protected void waitUntilReady() {
        Instant deadline = Instant.now().plus(startupTimeout);
        // Waiting for the log line first keeps the AdminClient from logging connection failures
        // while the JVM is still starting.
        new LogMessageWaitStrategy()
                .withRegEx(".*Kafka Server started.*\\n")
                .withStartupTimeout(startupTimeout)
                .waitUntilReady(waitStrategyTarget);

        String bootstrapServers = waitStrategyTarget.getHost() + ":"
                + waitStrategyTarget.getMappedPort(KafkaContainer.CLIENT_PORT);
        int remainingMillis = (int) Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, remainingMillis,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, remainingMillis);
        try (Admin admin = Admin.create(config)) {
            if (admin.describeCluster().nodes().get().isEmpty()) {
                throw new ContainerLaunchException("Kafka at " + bootstrapServers + " reports no broker");
            }
            admin.listTopics().names().get();
        } catch (ExecutionException e) {
            throw new ContainerLaunchException("Kafka at " + bootstrapServers + " did not answer an AdminClient", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerLaunchException("Interrupted while waiting for Kafka at " + bootstrapServers, e);
        }
    }
}
