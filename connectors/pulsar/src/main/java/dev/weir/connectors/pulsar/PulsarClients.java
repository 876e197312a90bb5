package dev.weir.connectors.pulsar;

import dev.weir.api.config.Configuration;
import dev.weir.api.config.SensitiveUrls;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;

/** How to connect: the service URL and the pass-through 'pulsar.client.*' settings. */
record PulsarClients(String serviceUrl, Map<String, String> clientSettings) implements Serializable {

    static final String CLIENT_PREFIX = "pulsar.client.";

    static PulsarClients of(String serviceUrl, Map<String, String> tableOptions) {
        Map<String, String> settings = new HashMap<>();
        tableOptions.forEach((key, value) -> {
            if (key.startsWith(CLIENT_PREFIX)) {
                settings.put(key.substring(CLIENT_PREFIX.length()), value);
            }
        });
        return new PulsarClients(serviceUrl, Map.copyOf(settings));
    }

    /** A new client; {@code transactions} enables the transaction coordinator client (exactly-once sink). */
    PulsarClient create(boolean transactions) throws PulsarClientException {
        return PulsarClient.builder()
                .loadConf(new HashMap<>(clientSettings))
                .serviceUrl(serviceUrl)
                .enableTransaction(transactions)
                .build();
    }

    /** The record's own toString would show authParams and any credentials in the URL. */
    @Override
    public String toString() {
        return "PulsarClients[serviceUrl=" + SensitiveUrls.mask(serviceUrl) + ", clientSettings="
                + Configuration.of(clientSettings) + "]";
    }
}
