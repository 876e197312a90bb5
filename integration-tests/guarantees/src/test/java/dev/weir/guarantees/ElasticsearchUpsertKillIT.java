package dev.weir.guarantees;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.it.containers.ContainerLogsOnFailure;
import dev.weir.it.containers.ElasticsearchContainer;
import dev.weir.it.containers.KafkaContainer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Kafka -> Elasticsearch upserts by primary key, killed at least ten times. Elasticsearch has no
 * transactions: the sink is at-least-once, and the guarantee is about the end state: after the job,
 * the index holds exactly one document per key, with that key's latest value. Record i has key
 * i % KEYS and the Kafka key decides the partition, so each key's updates stay in order.
 */
@ExtendWith(ContainerLogsOnFailure.class)
class ElasticsearchUpsertKillIT {

    static final int KEYS = 10_000;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void onePerKeyWithTheLatestValueAfterKills() throws Exception {
        String name = "elasticsearch-upsert";
        long started = System.nanoTime();
        long seed = GuaranteeReport.seedFor(name);
        KafkaContainer kafka = KafkaContainer.shared();
        ElasticsearchContainer elasticsearch = ElasticsearchContainer.shared();
        try (KafkaIO io = new KafkaIO(kafka.bootstrapServers())) {
            String in = Runs.unique("es-in");
            String group = Runs.unique("es-group");
            String index = Runs.unique("guarantees-upsert");
            io.createTopic(in, 4);
            KafkaIO.StagedInput input = io.stagedInput(Runs.RECORDS, i -> new ProducerRecord<>(in, (int) (i % KEYS % 4), Long.toString(i % KEYS),
                    "{\"k\":" + (i % KEYS) + ",\"id\":" + i + ",\"s\":\"" + Runs.word(i) + "\"}"));
            Path work = Runs.workDir(name);

            ObjectNode job = JobSpecs.job(work.resolve("checkpoints"), 2);
            JobSpecs.table(job, "src", "kafka", new String[][] {{"k", "BIGINT"}, {"id", "BIGINT"}, {"s", "STRING"}},
                    JobSpecs.kafkaSource(io.bootstrap(), in, group, input.endOffsets()));
            ObjectNode sink = JobSpecs.table(job, "dst", "elasticsearch",
                    new String[][] {{"k", "BIGINT NOT NULL"}, {"id", "BIGINT"}, {"s", "STRING"}},
                    Map.of("hosts", elasticsearch.httpUrl(), "index", index, "sink.bulk-flush.max-actions", "20000",
                            "sink.bulk-flush.interval", "200 ms"));
            ((ObjectNode) sink.get("schema")).putArray("primaryKey").add("k");
            JobSpecs.pipeline(job, "dst", JobSpecs.select(JobSpecs.scan("src"), "k", "id", "s"));
            Path jobFile = JobSpecs.write(job, work.resolve("job.json"));

            KillLoop.Outcome outcome = new KillLoop(name, jobFile, work.resolve("checkpoints"), work, seed,
                    Runs.TREE_KILLS, 0, () -> io.progress(group, Runs.RECORDS), input).run();

            request("POST", elasticsearch.httpUrl() + "/" + index + "/_refresh", null);
            long count = Runs.json(request("GET", elasticsearch.httpUrl() + "/" + index + "/_count", null)).get("count").asLong();
            List<String> documents = readAll(elasticsearch.httpUrl(), index);
            Tally tally = new Tally();
            for (long k = 0; k < KEYS; k++) {
                long last = k + KEYS * ((Runs.RECORDS - 1 - k) / KEYS);
                tally.expect(k + "|" + last + "|" + Runs.word(last));
            }
            documents.forEach(tally::actual);
            Tally.Result result = tally.result();
            GuaranteeReport.record(name, seed, Runs.RECORDS, outcome, result, Duration.ofNanos(System.nanoTime() - started),
                    KEYS + " keys; documents in the index: " + count + "; 'lost' here is a key without its latest value, "
                            + "'unexpected' a document with an older one; at-least-once sink, end state checked");
            assertThat(count).as("%s (seed %d): documents in the index", name, seed).isEqualTo(KEYS);
            Runs.assertExactlyOnce(name, seed, outcome, result, 0);
        }
    }

    /** Every document as 'k|id|s', paged with search_after over the key. */
    static List<String> readAll(String url, String index) throws Exception {
        List<String> documents = new ArrayList<>();
        String after = null;
        while (true) {
            String body = "{\"size\":5000,\"sort\":[{\"k\":\"asc\"}],\"query\":{\"match_all\":{}}"
                    + (after == null ? "" : ",\"search_after\":[" + after + "]") + "}";
            JsonNode hits = Runs.json(request("POST", url + "/" + index + "/_search", body)).path("hits").path("hits");
            if (hits.isEmpty()) {
                return documents;
            }
            for (JsonNode hit : hits) {
                JsonNode source = hit.get("_source");
                documents.add(source.get("k").asLong() + "|" + source.get("id").asLong() + "|" + source.get("s").asText());
                after = hit.get("sort").get(0).toString();
            }
        }
    }

    static String request(String method, String url, String json) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        builder.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + url + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
