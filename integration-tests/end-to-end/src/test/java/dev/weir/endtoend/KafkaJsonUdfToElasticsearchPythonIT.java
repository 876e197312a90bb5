package dev.weir.endtoend;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.it.containers.ContainerLogsOnFailure;
import dev.weir.it.containers.ElasticsearchContainer;
import dev.weir.it.containers.KafkaContainer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.http.HttpHost;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Kafka (json) -> a Python scalar UDF -> Elasticsearch with a primary key, in Python
 * (kafka_json_udf_to_elasticsearch.py): the input has several updates per customer, in one partition
 * so their order is the order written, and the index must end with exactly one document per
 * customer holding the latest update, as the official Elasticsearch client reads it.
 */
@ExtendWith(ContainerLogsOnFailure.class)
class KafkaJsonUdfToElasticsearchPythonIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Updates in the order produced: names as users typed them, points as they changed. */
    private static final List<String> PROFILE_UPDATES = List.of(
            "{\"customer_id\":1,\"name\":\"ada lovelace\",\"points\":10}",
            "{\"customer_id\":2,\"name\":\"jean-luc  picard\",\"points\":5}",
            "{\"customer_id\":1,\"name\":\"ADA LOVELACE\",\"points\":25}",
            "{\"customer_id\":3,\"name\":\" grace hopper \",\"points\":7}",
            "{\"customer_id\":2,\"name\":\"JEAN-LUC picard\",\"points\":40}",
            "{\"customer_id\":1,\"name\":\"ada king-lovelace\",\"points\":30}",
            "{\"customer_id\":3,\"name\":\"grace   brewster hopper\",\"points\":8}");

    /** The last update of each customer, with the UDF's display name, by document id (the key), worked out by hand. */
    private static final Map<String, String> EXPECTED_DOCUMENTS = Map.of(
            "1", "{\"customer_id\":1,\"display_name\":\"Ada King-Lovelace\",\"points\":30}",
            "2", "{\"customer_id\":2,\"display_name\":\"Jean-Luc Picard\",\"points\":40}",
            "3", "{\"customer_id\":3,\"display_name\":\"Grace Brewster Hopper\",\"points\":8}");

    private final KafkaContainer kafka = KafkaContainer.shared();
    private final ElasticsearchContainer elasticsearch = ElasticsearchContainer.shared();
    private final String inputTopic = "profile-updates-" + UUID.randomUUID();
    private final String index = "customers-" + UUID.randomUUID();

    @Test
    void theIndexHoldsTheLatestUpdateOfEachCustomerThroughThePythonUdf() throws Exception {
        produceProfileUpdates();

        new PythonJobScript("kafka_json_udf_to_elasticsearch.py").runToCompletion(Map.of(
                "BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "INPUT_TOPIC", inputTopic,
                "ELASTICSEARCH_URL", elasticsearch.httpUrl(),
                "INDEX", index));

        Map<String, JsonNode> expected = new HashMap<>();
        for (Map.Entry<String, String> document : EXPECTED_DOCUMENTS.entrySet()) {
            expected.put(document.getKey(), JSON.readTree(document.getValue()));
        }
        assertThat(indexedDocuments()).containsExactlyInAnyOrderEntriesOf(expected);
    }

    private void produceProfileUpdates() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(inputTopic, 1, (short) 1))).all().get(30, SECONDS);
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String update : PROFILE_UPDATES) {
                producer.send(new ProducerRecord<>(inputTopic, update.getBytes(StandardCharsets.UTF_8))).get(30, SECONDS);
            }
        }
    }

    /** Every document of the index by id, after a refresh so that everything the sink wrote is searchable. */
    private Map<String, JsonNode> indexedDocuments() throws Exception {
        try (RestClientTransport transport = new RestClientTransport(
                RestClient.builder(HttpHost.create(elasticsearch.httpUrl())).build(), new JacksonJsonpMapper())) {
            ElasticsearchClient client = new ElasticsearchClient(transport);
            client.indices().refresh(refresh -> refresh.index(index));
            Map<String, JsonNode> documents = new HashMap<>();
            for (Hit<ObjectNode> hit : client.search(search -> search.index(index).size(100), ObjectNode.class).hits().hits()) {
                documents.put(hit.id(), hit.source());
            }
            return documents;
        }
    }
}
