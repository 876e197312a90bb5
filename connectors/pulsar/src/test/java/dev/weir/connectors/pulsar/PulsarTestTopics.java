package dev.weir.connectors.pulsar;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.api.data.Row;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.schema.Schema;
import dev.weir.it.containers.PulsarContainer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Reader;
import org.apache.pulsar.client.api.TypedMessageBuilder;
import org.apache.pulsar.client.api.transaction.Transaction;

/**
 * Topics of the shared broker for the ITs: created with a unique name through the admin REST API,
 * written and read with a plain client. Readers see committed messages only, Pulsar's one isolation.
 */
final class PulsarTestTopics implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The first transactional operation on a fresh broker can take about a minute. */
    static final String OPERATION_TIMEOUT_MS = "120000";

    private final PulsarContainer pulsar = PulsarContainer.shared();
    private final PulsarClient client;

    PulsarTestTopics() {
        try {
            client = PulsarClient.builder().serviceUrl(pulsar.serviceUrl()).enableTransaction(true)
                    .operationTimeout(Integer.parseInt(OPERATION_TIMEOUT_MS), TimeUnit.MILLISECONDS).build();
        } catch (PulsarClientException e) {
            throw new IllegalStateException(e);
        }
    }

    String serviceUrl() {
        return pulsar.serviceUrl();
    }

    PulsarClient client() {
        return client;
    }

    /** A new topic in persistent://public/default: without partitions for one, else with that many. */
    String create(String purpose, int partitions) throws Exception {
        String name = purpose + "-" + UUID.randomUUID();
        String path = "/admin/v2/persistent/public/default/" + name + (partitions == 1 ? "" : "/partitions");
        HttpRequest request = HttpRequest.newBuilder(URI.create(pulsar.adminUrl() + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(partitions == 1 ? "" : Integer.toString(partitions))).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("Creating topic " + name + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return "persistent://public/default/" + name;
    }

    /**
     * Has each partition of the topic take its first transaction buffer snapshot, with one aborted
     * transactional message (invisible to readers). Pulsar 4.0.7 brokers break a partition's
     * transaction buffer, and for a while the namespace's snapshot reader, when two producers send
     * its first transactional messages at once (apache/pulsar#24945, fixed after 4.0.7), as two
     * exactly-once writers of a new topic do.
     */
    void primeTransactionBuffers(String topic) throws Exception {
        for (String partition : client.getPartitionsForTopic(topic).get(60, TimeUnit.SECONDS)) {
            try (Producer<byte[]> producer = client.newProducer(org.apache.pulsar.client.api.Schema.BYTES).topic(partition)
                    .sendTimeout(0, TimeUnit.SECONDS).create()) {
                Transaction transaction = client.newTransaction().build().get(2, TimeUnit.MINUTES);
                producer.newMessage(transaction).value(new byte[0]).send();
                transaction.abort().get(2, TimeUnit.MINUTES);
            }
        }
    }

    /**
     * How many messages the broker took in on the topic (all partitions), transactional ones included
     * whether or not their transaction ended: what shows that a send arrived while readers cannot see it.
     */
    long messagesIn(String topic) throws Exception {
        boolean partitioned = client.getPartitionsForTopic(topic).get(60, TimeUnit.SECONDS).size() > 1;
        String name = topic.substring(topic.lastIndexOf('/') + 1);
        String path = "/admin/v2/persistent/public/default/" + name + (partitioned ? "/partitioned-stats" : "/stats");
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(pulsar.adminUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("Stats of topic " + name + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("msgInCounter").asLong();
    }

    /** The topic that holds one split: the topic itself without partitions, else the partition. */
    String partition(String topic, int split) throws Exception {
        List<String> partitions = client.getPartitionsForTopic(topic).get(60, TimeUnit.SECONDS);
        return partitions.size() == 1 ? partitions.get(0) : topic + "-partition-" + split;
    }

    /** Sends the values to one split, in order, each adjusted by {@code message}; returns their ids. */
    List<MessageId> write(String topic, int split, List<byte[]> values, Consumer<TypedMessageBuilder<byte[]>> message)
            throws Exception {
        List<MessageId> ids = new ArrayList<>();
        try (Producer<byte[]> producer = client.newProducer(org.apache.pulsar.client.api.Schema.BYTES).topic(partition(topic, split)).enableBatching(false).create()) {
            for (byte[] value : values) {
                TypedMessageBuilder<byte[]> builder = producer.newMessage().value(value);
                message.accept(builder);
                ids.add(builder.send());
            }
        }
        return ids;
    }

    List<MessageId> write(String topic, int split, List<byte[]> values) throws Exception {
        return write(topic, split, values, m -> { });
    }

    /** Every message a reader can see now (committed ones), partition by partition in order. */
    List<Message<byte[]>> readAll(String topic) throws Exception {
        List<Message<byte[]>> messages = new ArrayList<>();
        for (String partition : client.getPartitionsForTopic(topic).get(60, TimeUnit.SECONDS)) {
            try (Reader<byte[]> reader = client.newReader(org.apache.pulsar.client.api.Schema.BYTES).topic(partition).startMessageId(MessageId.earliest).create()) {
                while (reader.hasMessageAvailable()) {
                    Message<byte[]> message = reader.readNext(30, TimeUnit.SECONDS);
                    if (message == null) {
                        throw new AssertionError("A message of " + partition + " was announced but did not come");
                    }
                    messages.add(message);
                }
            }
        }
        return messages;
    }

    /** A 'pulsar' table of the topic with a JSON value. */
    TableDescriptor.Builder table(String topic, Schema schema) {
        return TableDescriptor.forConnector("pulsar").schema(schema)
                .option("topics", topic)
                .option("service-url", serviceUrl())
                .option("pulsar.client.operationTimeoutMs", OPERATION_TIMEOUT_MS)
                .option("value.format", "json");
    }

    /** A 'pulsar' source table with a subscription of its own, reading from the earliest message (the default). */
    TableDescriptor.Builder sourceTable(String topic, Schema schema) {
        return table(topic, schema).option("source.subscription-name", "weir-it-" + UUID.randomUUID());
    }

    /** The conformance rows ({@code id, part, seq, payload}) as the JSON values the 'json' format reads. */
    static List<byte[]> asJson(List<Row> rows) {
        return rows.stream().map(r -> ("{\"id\":" + r.getField(0) + ",\"part\":" + r.getField(1)
                + ",\"seq\":" + r.getField(2) + ",\"payload\":\"" + r.getField(3) + "\"}").getBytes(UTF_8)).toList();
    }

    static Row fromJson(byte[] value) {
        try {
            JsonNode json = JSON.readTree(value);
            return Row.of(json.get("id").asLong(), json.get("part").asInt(), json.get("seq").asInt(), json.get("payload").asText());
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + new String(value, UTF_8), e);
        }
    }

    @Override
    public void close() throws Exception {
        client.close();
    }
}
