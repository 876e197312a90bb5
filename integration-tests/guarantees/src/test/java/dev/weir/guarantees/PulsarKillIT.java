package dev.weir.guarantees;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.it.containers.ContainerLogsOnFailure;
import dev.weir.it.containers.PulsarContainer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Reader;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.transaction.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Job 2: Pulsar -> filter and projection -> Pulsar with Pulsar transactions, killed at least ten times.
 *
 * <p>A killed writer's open transaction is ended only by its timeout ({@code
 * pulsar.sink.transactionTimeoutMillis}, Pulsar has no fencing by writer identity), and until then it
 * holds readers of the output back at its first message: the output is read once the last kill's
 * transactions timed out. The timeout must exceed the time from a checkpoint to its commit by the
 * restarted process; 20 s is well above that here (2-5 s).
 *
 * <p>The input is all there from the start (a bounded Pulsar source ends at the end its splits had
 * when the job first started, so it cannot be released in stages as the Kafka jobs' input is); instead
 * the broker paces the subscription ({@value #DISPATCH_BYTES_PER_SECOND} bytes/s), so that the job
 * takes tens of seconds and cannot finish between two looks at its progress before the last kill.
 */
@ExtendWith(ContainerLogsOnFailure.class)
class PulsarKillIT {

    static final long TRANSACTION_TIMEOUT_MILLIS = 20_000;
    static final String OPERATION_TIMEOUT_MS = "120000";
    static final String NAMESPACE = "public/guarantees";
    static final long DISPATCH_BYTES_PER_SECOND = 2_000_000;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void everyRecordExactlyOnceAfterKills() throws Exception {
        String name = "pulsar-transform";
        long started = System.nanoTime();
        long seed = GuaranteeReport.seedFor(name);
        PulsarContainer pulsar = PulsarContainer.shared();
        try (PulsarClient client = PulsarClient.builder().serviceUrl(pulsar.serviceUrl()).enableTransaction(true)
                .operationTimeout(120, TimeUnit.SECONDS).build()) {
            pacedNamespace(pulsar);
            String in = createTopic(pulsar, Runs.unique("pulsar-in"), 2);
            String out = createTopic(pulsar, Runs.unique("pulsar-out"), 2);
            primeTransactionBuffers(client, out);
            String subscription = Runs.unique("weir-guarantees");
            produce(client, in);
            Path work = Runs.workDir(name);

            ObjectNode job = JobSpecs.job(work.resolve("checkpoints"), 1);
            JobSpecs.table(job, "src", "pulsar", new String[][] {{"id", "BIGINT"}, {"k", "INT"}, {"s", "STRING"}},
                    Map.of("service-url", pulsar.serviceUrl(), "topics", in, "format", "json",
                            "source.subscription-name", subscription, "source.stop.at-message-id", "latest",
                            "pulsar.client.operationTimeoutMs", OPERATION_TIMEOUT_MS));
            JobSpecs.table(job, "dst", "pulsar", new String[][] {{"id", "BIGINT"}, {"k3", "INT"}, {"s2", "STRING"}},
                    Map.of("service-url", pulsar.serviceUrl(), "topics", out, "format", "json",
                            "sink.delivery-guarantee", "exactly-once",
                            "pulsar.sink.transactionTimeoutMillis", String.valueOf(TRANSACTION_TIMEOUT_MILLIS),
                            "pulsar.client.operationTimeoutMs", OPERATION_TIMEOUT_MS));
            JobSpecs.pipeline(job, "dst", JobSpecs.select(JobSpecs.filter(JobSpecs.scan("src"), KafkaTransformKillIT.FILTER),
                    "id", "k * 3 + 1 AS k3", "UPPER(s) AS s2"));
            Path jobFile = JobSpecs.write(job, work.resolve("job.json"));

            KillLoop.Outcome outcome = new KillLoop(name, jobFile, work.resolve("checkpoints"), work, seed,
                    Runs.TREE_KILLS, 0, new BacklogProgress(pulsar, in, subscription), KillLoop.InputGate.ALL_AT_ONCE).run();

            // The open transactions of the last killed process hold readers back until the broker times
            // them out, on its own schedule: reading before the timeout is pointless, and after it the
            // output is read again while records are missing, for long enough that only a real loss stays.
            long wait = TRANSACTION_TIMEOUT_MILLIS - outcome.sinceLastTreeKill().toMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            Tally.Result result = tallyOutput(client, out);
            while (result.lost() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(1_000);
                result = tallyOutput(client, out);
            }
            GuaranteeReport.record(name, seed, Runs.RECORDS, outcome, result, Duration.ofNanos(System.nanoTime() - started),
                    "output read after the transaction timeout (" + TRANSACTION_TIMEOUT_MILLIS / 1000 + " s) of the last kill's open transactions");
            Runs.assertExactlyOnce(name, seed, outcome, result, 0);
        }
    }

    private static Tally.Result tallyOutput(PulsarClient client, String out) throws Exception {
        Tally tally = new Tally();
        KafkaTransformKillIT.expected(tally, Runs.RECORDS);
        readAll(client, out).forEach(v -> tally.actual(KafkaTransformKillIT.canonical(v)));
        return tally.result();
    }

    static String createTopic(PulsarContainer pulsar, String name, int partitions) throws Exception {
        admin(pulsar, "PUT", "/admin/v2/persistent/" + NAMESPACE + "/" + name + "/partitions", Integer.toString(partitions));
        return "persistent://" + NAMESPACE + "/" + name;
    }

    /** The test's namespace (made once per container), whose subscriptions the broker paces. */
    static void pacedNamespace(PulsarContainer pulsar) throws Exception {
        HttpResponse<String> exists = HTTP.send(HttpRequest.newBuilder(URI.create(pulsar.adminUrl() + "/admin/v2/namespaces/" + NAMESPACE)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (exists.statusCode() == 404) {
            admin(pulsar, "PUT", "/admin/v2/namespaces/" + NAMESPACE, "{}");
        }
        admin(pulsar, "POST", "/admin/v2/namespaces/" + NAMESPACE + "/subscriptionDispatchRate",
                "{\"dispatchThrottlingRateInMsg\":-1,\"dispatchThrottlingRateInByte\":" + DISPATCH_BYTES_PER_SECOND
                        + ",\"ratePeriodInSecond\":1,\"relativeToPublishRate\":false}");
    }

    private static void admin(PulsarContainer pulsar, String method, String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(pulsar.adminUrl() + path))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }

    /**
     * Each output partition takes its first transaction buffer snapshot with one aborted message before
     * the job writes (Pulsar 4.0.7, apache/pulsar#24945; see the connector's README).
     */
    static void primeTransactionBuffers(PulsarClient client, String topic) throws Exception {
        for (String partition : client.getPartitionsForTopic(topic).get(60, TimeUnit.SECONDS)) {
            try (Producer<byte[]> producer = client.newProducer(Schema.BYTES).topic(partition).sendTimeout(0, TimeUnit.SECONDS).create()) {
                Transaction transaction = client.newTransaction().build().get(2, TimeUnit.MINUTES);
                producer.newMessage(transaction).value(new byte[0]).send();
                transaction.abort().get(2, TimeUnit.MINUTES);
            }
        }
    }

    static void produce(PulsarClient client, String topic) throws Exception {
        try (Producer<byte[]> producer = client.newProducer(Schema.BYTES).topic(topic)
                .enableBatching(true).batchingMaxMessages(1000).batchingMaxPublishDelay(5, TimeUnit.MILLISECONDS)
                .maxPendingMessages(20_000).blockIfQueueFull(true).sendTimeout(0, TimeUnit.SECONDS).create()) {
            CompletableFuture<MessageId> last = null;
            for (long i = 0; i < Runs.RECORDS; i++) {
                String value = KafkaTransformKillIT.input("unused", i).value();
                last = producer.newMessage().key(Long.toString(i)).value(value.getBytes(StandardCharsets.UTF_8)).sendAsync();
            }
            producer.flush();
            last.get(2, TimeUnit.MINUTES);
        }
    }

    /**
     * 1 - the subscription's backlog over the largest backlog seen (the whole input, when the job's first
     * process subscribed): the source acknowledges what a completed checkpoint covers. The backlog counts
     * batch entries, not messages, hence the ratio.
     */
    static final class BacklogProgress implements java.util.function.DoubleSupplier {
        private final PulsarContainer pulsar;
        private final String path;
        private final String subscription;
        private double largest;

        BacklogProgress(PulsarContainer pulsar, String topic, String subscription) {
            this.pulsar = pulsar;
            this.path = topic.replace("persistent://", "/admin/v2/persistent/") + "/partitioned-stats";
            this.subscription = subscription;
        }

        @Override
        public double getAsDouble() {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(pulsar.adminUrl() + path))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode sub = Runs.json(response.body()).path("subscriptions").path(subscription);
                if (sub.isMissingNode()) {
                    return 0;
                }
                double backlog = sub.path("msgBacklog").asDouble();
                largest = Math.max(largest, backlog);
                return largest == 0 ? 0 : 1 - backlog / largest;
            } catch (Exception e) {
                return 0;
            }
        }
    }

    /** Every message readers can see: the committed ones. */
    static List<String> readAll(PulsarClient client, String topic) throws Exception {
        List<String> values = new ArrayList<>();
        Map<String, Integer> perPartition = new HashMap<>();
        for (String partition : client.getPartitionsForTopic(topic).get(60, TimeUnit.SECONDS)) {
            try (Reader<byte[]> reader = client.newReader(Schema.BYTES).topic(partition).startMessageId(MessageId.earliest)
                    .receiverQueueSize(10_000).create()) {
                while (reader.hasMessageAvailable()) {
                    Message<byte[]> message = reader.readNext(60, TimeUnit.SECONDS);
                    if (message == null) {
                        throw new AssertionError("A message of " + partition + " was announced but did not come");
                    }
                    if (message.getValue().length > 0) {
                        values.add(new String(message.getValue(), StandardCharsets.UTF_8));
                        perPartition.merge(partition, 1, Integer::sum);
                    }
                }
            }
        }
        System.out.println("[pulsar-transform] read " + values.size() + " committed messages " + perPartition);
        return values;
    }
}
