package dev.weir.connectors.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.data.Row;
import dev.weir.api.schema.Schema;
import dev.weir.api.sink.Sink;
import dev.weir.api.types.DataTypes;
import dev.weir.connectors.elasticsearch.BulkEndpointTestDouble.Request;
import dev.weir.testing.SinkDriver;
import dev.weir.testing.TestTable;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retries, back-off and the failure handler against {@link BulkEndpointTestDouble}: a real node
 * cannot be made to answer 429 on demand. The mapping violations a real node reports are in
 * ElasticsearchSinkIT.
 */
class BulkRetryTest {

    private static final Schema KEYED = Schema.newBuilder().column("id", DataTypes.BIGINT()).column("name", DataTypes.STRING())
            .primaryKey("id").build();

    private BulkEndpointTestDouble elasticsearch;

    @BeforeEach
    void startTestDouble() throws Exception {
        elasticsearch = BulkEndpointTestDouble.start();
    }

    @AfterEach
    void stopTestDouble() {
        elasticsearch.close();
    }

    private TestTable table() {
        return TestTable.named("docs").schema(KEYED).option("connector", "elasticsearch").option("hosts", elasticsearch.url())
                .option("index", "docs").option("sink.bulk-flush.interval", "0")
                .option("sink.bulk-flush.backoff.strategy", "CONSTANT").option("sink.bulk-flush.backoff.delay", "10 ms")
                .option("sink.bulk-flush.backoff.max-retries", "2");
    }

    private static void writeAndFlush(Sink sink, SinkDriver driver, Row... rows) throws Exception {
        driver.write(0, rows);
        driver.writer(0).flush(false);
    }

    @Test
    void aRequestAnswered429IsRetriedUntilItSucceeds() throws Exception {
        elasticsearch.thenRequestFails(429).thenRequestFails(503);
        Sink sink = table().createSink();
        try (SinkDriver driver = SinkDriver.create(sink, 1)) {
            writeAndFlush(sink, driver, Row.of(1L, "a"), Row.of(2L, "b"));

            assertThat(elasticsearch.requests()).hasSize(3).allSatisfy(r -> assertThat(r.actionLines()).hasSize(2));
            assertThat(driver.writerMetrics(0).counter("numBulkRetries").count()).isEqualTo(2);
            assertThat(driver.writerMetrics(0).counter("numRecordsOut").count()).isEqualTo(2);
        }
    }

    @Test
    void onlyTheDocumentsRejectedWith429AreRetried() throws Exception {
        elasticsearch.thenDocumentsAnswer(201, 429, 201);
        Sink sink = table().createSink();
        try (SinkDriver driver = SinkDriver.create(sink, 1)) {
            writeAndFlush(sink, driver, Row.of(1L, "a"), Row.of(2L, "b"), Row.of(3L, "c"));

            List<Request> requests = elasticsearch.requests();
            assertThat(requests).hasSize(2);
            assertThat(requests.get(1).actionLines()).singleElement().asString().contains("\"_id\":\"2\"");
            assertThat(driver.writerMetrics(0).counter("numRecordsOut").count()).isEqualTo(3);
        }
    }

    @Test
    void whenRetriesAreExhaustedFailNamesEveryDocumentAndTheReason() throws Exception {
        elasticsearch.thenDocumentsAnswer(429, 429).thenDocumentsAnswer(429, 429).thenDocumentsAnswer(201, 429);
        Sink sink = table().createSink();
        try (SinkDriver driver = SinkDriver.create(sink, 1)) {
            assertThatThrownBy(() -> writeAndFlush(sink, driver, Row.of(1L, "a"), Row.of(2L, "b")))
                    .hasMessageContaining("Elasticsearch did not accept 1 document(s) after 2 retries")
                    .hasMessageContaining("document '2' in index 'docs': status 429, es_rejected_execution_exception: scripted");
            assertThat(driver.writerMetrics(0).counter("numRecordsSendErrors").count()).isEqualTo(1);
        }
    }

    @Test
    void theRetryHandlerRetriesTransientFailuresBeyondMaxRetries() throws Exception {
        for (int i = 0; i < 5; i++) {
            elasticsearch.thenRequestFails(429);
        }
        Sink sink = table().option("sink.failure-handler", "retry").createSink();
        try (SinkDriver driver = SinkDriver.create(sink, 1)) {
            writeAndFlush(sink, driver, Row.of(1L, "a"));

            assertThat(elasticsearch.requests()).hasSize(6);
            assertThat(driver.writerMetrics(0).counter("numRecordsOut").count()).isEqualTo(1);
        }
    }

    @Test
    void theRetryHandlerFailsOnPermanentFailures() throws Exception {
        elasticsearch.thenDocumentsAnswer(400);
        Sink sink = table().option("sink.failure-handler", "retry").createSink();
        try (SinkDriver driver = SinkDriver.create(sink, 1)) {
            assertThatThrownBy(() -> writeAndFlush(sink, driver, Row.of(1L, "a")))
                    .hasMessageContaining("document '1' in index 'docs': status 400, mapper_parsing_exception");
            assertThat(elasticsearch.requests()).hasSize(1);
        }
    }

    @Test
    void withBackoffNoneTheFirstFailureGoesToTheHandler() throws Exception {
        elasticsearch.thenRequestFails(503);
        Sink sink = table().option("sink.bulk-flush.backoff.strategy", "NONE").option("sink.failure-handler", "ignore").createSink();
        try (SinkDriver driver = SinkDriver.create(sink, 1)) {
            writeAndFlush(sink, driver, Row.of(1L, "a"), Row.of(2L, "b"));
            writeAndFlush(sink, driver, Row.of(3L, "c"));

            assertThat(elasticsearch.requests()).hasSize(2);
            assertThat(driver.writerMetrics(0).counter("numRecordsSendErrors").count()).isEqualTo(2);
            assertThat(driver.writerMetrics(0).counter("numRecordsOut").count()).isEqualTo(1);
        }
    }

    @Test
    void apiKeyAndPathPrefixReachTheServer() throws Exception {
        Sink sink = table().option("api-key", "aWQ6a2V5").option("connection.path-prefix", "es").createSink();
        try (SinkDriver driver = SinkDriver.create(sink, 1)) {
            writeAndFlush(sink, driver, Row.of(1L, "a"));
        }
        assertThat(elasticsearch.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/es/_bulk");
            assertThat(r.authorization()).isEqualTo("ApiKey aWQ6a2V5");
        });
    }

    @Test
    void aBufferHoldsOneActionPerDocumentAndFlushesAtMaxActions() throws Exception {
        Sink sink = table().option("sink.bulk-flush.max-actions", "3").createSink();
        try (SinkDriver driver = SinkDriver.create(sink, 1)) {
            driver.write(0, Row.of(1L, "a"), Row.ofKind(dev.weir.api.data.RowKind.UPDATE_BEFORE, 1L, "a"),
                    Row.ofKind(dev.weir.api.data.RowKind.UPDATE_AFTER, 1L, "b"), Row.of(2L, "c"),
                    Row.ofKind(dev.weir.api.data.RowKind.DELETE, 2L, "c"), Row.of(3L, "d"));
            driver.writer(0).flush(false);
        }
        assertThat(elasticsearch.requests()).singleElement().satisfies(r -> assertThat(r.actionLines()).containsExactly(
                "{\"index\":{\"_id\":\"1\",\"_index\":\"docs\"}}",
                "{\"delete\":{\"_id\":\"2\",\"_index\":\"docs\"}}",
                "{\"index\":{\"_id\":\"3\",\"_index\":\"docs\"}}"));
    }
}
