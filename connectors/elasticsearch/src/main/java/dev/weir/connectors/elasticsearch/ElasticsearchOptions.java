package dev.weir.connectors.elasticsearch;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import dev.weir.api.config.MemorySize;
import dev.weir.api.sink.DeliveryGuarantee;
import java.time.Duration;
import java.util.List;

/**
 * The options of the 'elasticsearch' connector. Keys and meanings follow Flink's Elasticsearch
 * connector where it has them; api-key, TLS and the scan options are Weir's.
 */
public final class ElasticsearchOptions {

    private ElasticsearchOptions() {
    }

    /** How long the sink waits before retrying a bulk request or the documents that failed transiently. */
    public enum BackoffStrategy {
        /** The same delay before every retry. */
        CONSTANT,
        /** The delay doubles with every retry of the same documents. */
        EXPONENTIAL,
        /** No retries: a transient failure goes straight to the failure handler. */
        NONE
    }

    /** What happens to documents Elasticsearch did not accept, once retries are exhausted. */
    public enum FailureHandler {
        /** The sink fails (the job restarts from its last checkpoint, if it has a restart strategy). */
        FAIL("fail"),
        /** The documents are logged with id and reason, counted in numRecordsSendErrors, and dropped. */
        IGNORE("ignore"),
        /**
         * Transient failures (429, 5xx, connection errors) are retried with backoff without a limit;
         * permanent ones (a document that violates the mapping) fail the sink as with FAIL. Written
         * 'retry'; the constant's name makes Flink's 'retry-rejected' parse to it as well.
         */
        RETRY_REJECTED("retry");

        private final String value;

        FailureHandler(String value) {
            this.value = value;
        }

        @Override
        public String toString() {
            return value;
        }
    }

    public static final ConfigOption<List<String>> HOSTS = ConfigOptions.key("hosts").stringListType().noDefaultValue()
            .withDescription("Elasticsearch nodes, 'http://host:9200;https://other:9200' (scheme, host and port each).");
    public static final ConfigOption<String> INDEX = ConfigOptions.key("index").stringType().noDefaultValue()
            .withDescription("The index: a name, or a pattern with one {field}, {field|format} or {now()|format} part, "
                    + "e.g. 'logs-{ts|yyyy-MM-dd}' (formats of java.time.format.DateTimeFormatter; time in UTC). "
                    + "A source reads this index, index pattern or alias.");
    public static final ConfigOption<String> DOCUMENT_ID_KEY_DELIMITER = ConfigOptions.key("document-id.key-delimiter")
            .stringType().defaultValue("_")
            .withDescription("Joins the primary key columns' values into the document id, e.g. '42_2024-01-31'.");
    public static final ConfigOption<String> FORMAT = ConfigOptions.key("format").stringType().defaultValue("json")
            .withDescription("The format of documents (their _source); it must produce and read JSON objects.");

    public static final ConfigOption<String> USERNAME = ConfigOptions.key("username").stringType().noDefaultValue()
            .withDescription("User for basic authentication; needs 'password'.");
    public static final ConfigOption<String> PASSWORD = ConfigOptions.key("password").stringType().noDefaultValue()
            .sensitive().withDescription("Password for basic authentication.");
    public static final ConfigOption<String> API_KEY = ConfigOptions.key("api-key").stringType().noDefaultValue()
            .sensitive().withDescription("An API key, as the 'encoded' value Elasticsearch returns (base64 of id:key); "
                    + "sent as 'Authorization: ApiKey ...'. Excludes username and password.");
    public static final ConfigOption<String> PATH_PREFIX = ConfigOptions.key("connection.path-prefix").stringType()
            .noDefaultValue().withDescription("Prefix of every request path, e.g. '/es' behind a proxy.");
    public static final ConfigOption<Duration> CONNECTION_REQUEST_TIMEOUT = ConfigOptions.key("connection.request-timeout")
            .durationType().noDefaultValue()
            .withDescription("How long to wait for a connection from the client's pool (client default: none).");
    public static final ConfigOption<Duration> CONNECTION_TIMEOUT = ConfigOptions.key("connection.timeout")
            .durationType().noDefaultValue().withDescription("Timeout to establish a connection (client default: 1 s).");
    public static final ConfigOption<Duration> SOCKET_TIMEOUT = ConfigOptions.key("socket.timeout").durationType()
            .noDefaultValue().withDescription("Maximum silence between two packets of a response (client default: 30 s).");
    public static final ConfigOption<String> SSL_CERTIFICATE_AUTHORITIES = ConfigOptions
            .key("connection.ssl.certificate-authorities").stringType().noDefaultValue()
            .withDescription("PEM file of the CA certificate(s) to trust for https hosts, instead of the JVM's trust store.");
    public static final ConfigOption<String> SSL_TRUSTSTORE_LOCATION = ConfigOptions.key("connection.ssl.truststore.location")
            .stringType().noDefaultValue()
            .withDescription("Trust store file (PKCS12 or JKS) for https hosts, instead of the JVM's trust store.");
    public static final ConfigOption<String> SSL_TRUSTSTORE_PASSWORD = ConfigOptions.key("connection.ssl.truststore.password")
            .stringType().noDefaultValue().sensitive().withDescription("Password of the trust store, if it has one.");

    public static final ConfigOption<DeliveryGuarantee> DELIVERY_GUARANTEE = ConfigOptions.key("sink.delivery-guarantee")
            .enumType(DeliveryGuarantee.class).defaultValue(DeliveryGuarantee.AT_LEAST_ONCE)
            .withDescription("at-least-once: every checkpoint waits until all buffered documents are acknowledged; "
                    + "none: it does not wait. exactly-once is not offered: with a primary key, replayed writes are "
                    + "idempotent upserts, so the index converges to the exactly-once state anyway.");
    public static final ConfigOption<Integer> BULK_FLUSH_MAX_ACTIONS = ConfigOptions.key("sink.bulk-flush.max-actions")
            .intType().defaultValue(1000).withDescription("Send a bulk request once this many documents are buffered; 0 disables.");
    public static final ConfigOption<MemorySize> BULK_FLUSH_MAX_SIZE = ConfigOptions.key("sink.bulk-flush.max-size")
            .memoryType().defaultValue(MemorySize.parse("2mb"))
            .withDescription("Send a bulk request once the buffered documents take this many bytes; 0 disables.");
    public static final ConfigOption<Duration> BULK_FLUSH_INTERVAL = ConfigOptions.key("sink.bulk-flush.interval")
            .durationType().defaultValue(Duration.ofSeconds(1))
            .withDescription("Send buffered documents at least this often; 0 disables.");
    public static final ConfigOption<BackoffStrategy> BULK_FLUSH_BACKOFF_STRATEGY = ConfigOptions
            .key("sink.bulk-flush.backoff.strategy").enumType(BackoffStrategy.class).defaultValue(BackoffStrategy.EXPONENTIAL)
            .withDescription("Retries of bulk requests and documents that failed transiently (429, 5xx, connection "
                    + "errors): CONSTANT, EXPONENTIAL or NONE.");
    public static final ConfigOption<Integer> BULK_FLUSH_BACKOFF_MAX_RETRIES = ConfigOptions
            .key("sink.bulk-flush.backoff.max-retries").intType().defaultValue(8)
            .withDescription("Retries before the failure handler decides.");
    public static final ConfigOption<Duration> BULK_FLUSH_BACKOFF_DELAY = ConfigOptions.key("sink.bulk-flush.backoff.delay")
            .durationType().defaultValue(Duration.ofMillis(50))
            .withDescription("The delay before a retry (CONSTANT), or before the first retry (EXPONENTIAL).");
    public static final ConfigOption<FailureHandler> FAILURE_HANDLER = ConfigOptions.key("sink.failure-handler")
            .enumType(FailureHandler.class).defaultValue(FailureHandler.FAIL).withFallbackKeys("failure-handler")
            .withDescription("Documents that failed for good: fail (the sink fails), ignore (logged, counted in "
                    + "numRecordsSendErrors, dropped) or retry (transient failures retried without a limit, others fail; "
                    + "Flink's 'retry-rejected' is accepted for it).");

    public static final ConfigOption<String> SCAN_QUERY = ConfigOptions.key("scan.query").stringType()
            .defaultValue("{\"match_all\":{}}")
            .withDescription("The query a source reads, as the JSON of the search API's 'query', e.g. {\"term\":{\"user\":\"kim\"}}.");
    public static final ConfigOption<Integer> SCAN_PAGE_SIZE = ConfigOptions.key("scan.page-size").intType()
            .defaultValue(1000).withDescription("Documents per search request of a source.");
    public static final ConfigOption<Duration> SCAN_KEEP_ALIVE = ConfigOptions.key("scan.keep-alive").durationType()
            .defaultValue(Duration.ofMinutes(1))
            .withDescription("How long the source's point in time stays open between two pages.");
}
