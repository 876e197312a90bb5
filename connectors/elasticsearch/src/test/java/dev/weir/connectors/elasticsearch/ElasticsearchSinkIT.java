package dev.weir.connectors.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.schema.Schema;
import dev.weir.api.types.DataTypes;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.engine.table.EnvironmentSettings;
import dev.weir.engine.table.TableEnvironment;
import dev.weir.it.containers.ContainerLogsOnFailure;
import dev.weir.testing.SinkDriver;
import dev.weir.testing.TestTable;
import dev.weir.testing.values.TestValues;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sink features beyond the conformance suite, on the shared node. */
@ExtendWith(ContainerLogsOnFailure.class)
class ElasticsearchSinkIT {

    private static final Schema ORDERS = Schema.newBuilder().column("id", DataTypes.BIGINT()).column("name", DataTypes.STRING())
            .column("n", DataTypes.STRING()).primaryKey("id").build();
    /** 'n' is an integer in the index, a string in the table: a row with n = 'x' violates the mapping. */
    private static final String ORDERS_MAPPING = "{\"id\":{\"type\":\"long\"},\"name\":{\"type\":\"keyword\"},"
            + "\"n\":{\"type\":\"integer\"}}";

    private final ElasticsearchTestIndices indices = new ElasticsearchTestIndices();

    @AfterEach
    void closeClient() throws Exception {
        indices.close();
    }

    private TestTable table(String index, Schema schema) {
        return TestTable.named("docs").schema(schema).option("connector", "elasticsearch").option("hosts", indices.url())
                .option("index", index);
    }

    @Test
    void updatesAndDeletesByPrimaryKeyLeaveTheLatestDocuments() throws Exception {
        String index = indices.create("upserts", ORDERS_MAPPING);
        try (SinkDriver driver = SinkDriver.create(table(index, ORDERS).createSink(), 2)) {
            driver.write(0, Row.of(1L, "a", "1"), Row.of(2L, "b", "2"));
            driver.write(1, Row.of(3L, "c", "3"));
            driver.checkpoint(1);
            driver.write(0, Row.ofKind(RowKind.UPDATE_BEFORE, 1L, "a", "1"), Row.ofKind(RowKind.UPDATE_AFTER, 1L, "a2", "10"),
                    Row.ofKind(RowKind.DELETE, 2L, "b", "2"));
            driver.write(1, Row.ofKind(RowKind.DELETE, 99L, "never written", "0"));
            driver.endOfInput();
        }

        Map<String, ObjectNode> documents = indices.documents(index);
        assertThat(documents).containsOnlyKeys("1", "3");
        assertThat(documents.get("1").toString()).isEqualTo("{\"id\":1,\"name\":\"a2\",\"n\":\"10\"}");
    }

    @Test
    void aStreamingAggregationConvergesToItsResultByKey() throws Exception {
        String index = indices.create("totals", "{\"user\":{\"type\":\"keyword\"},\"total\":{\"type\":\"long\"}}");
        Schema clicks = Schema.newBuilder().column("user", DataTypes.STRING()).column("amount", DataTypes.BIGINT()).build();
        String data = TestValues.registerData(List.of(Row.of("kim", 1L), Row.of("lee", 5L), Row.of("kim", 2L), Row.of("kim", 4L)));
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        env.createTemporaryTable("clicks", TableDescriptor.forConnector("values").schema(clicks).option("data-id", data).build());
        env.createTemporaryTable("totals", indices.table(index, Schema.newBuilder().column("user", DataTypes.STRING())
                .column("total", DataTypes.BIGINT()).primaryKey("user").build()).build());

        env.from("clicks").groupBy("user").select("user", "SUM(amount) AS total").executeInsert("totals").await();

        Map<String, ObjectNode> documents = indices.documents(index);
        assertThat(documents).containsOnlyKeys("kim", "lee");
        assertThat(documents.get("kim").get("total").asLong()).isEqualTo(7);
        assertThat(documents.get("lee").get("total").asLong()).isEqualTo(5);
    }

    @Test
    void aTimePatternSendsRowsToTheIndexOfTheirDay() throws Exception {
        String prefix = ElasticsearchTestIndices.uniqueName("logs");
        Schema logs = Schema.newBuilder().column("msg", DataTypes.STRING()).column("ts", DataTypes.TIMESTAMP(3)).build();
        try (SinkDriver driver = SinkDriver.create(table(prefix + "-{ts|yyyy-MM-dd}", logs).createSink(), 1)) {
            driver.write(0, Row.of("late", LocalDateTime.of(2024, 1, 30, 23, 59)), Row.of("early", LocalDateTime.of(2024, 1, 31, 0, 1)),
                    Row.of("noon", LocalDateTime.of(2024, 1, 31, 12, 0)));
            driver.endOfInput();
        }

        assertThat(indices.indicesMatching(prefix + "-*")).containsExactly(prefix + "-2024-01-30", prefix + "-2024-01-31");
        assertThat(indices.documents(prefix + "-2024-01-31").values()).extracting(d -> d.get("msg").asText())
                .containsExactlyInAnyOrder("early", "noon");
    }

    /** Writes rows 1..5, of which row 3 violates the mapping, with the given failure handler; returns the writer's metrics. */
    private SinkDriver writeWithAMappingViolation(String index, String handler) throws Exception {
        SinkDriver driver = SinkDriver.create(table(index, ORDERS).option("sink.failure-handler", handler).createSink(), 1);
        driver.write(0, Row.of(1L, "a", "1"), Row.of(2L, "b", "2"), Row.of(3L, "bad", "not a number"), Row.of(4L, "d", "4"),
                Row.of(5L, "e", "5"));
        return driver;
    }

    @Test
    void failReportsTheRejectedDocumentWithItsIdAndReason() throws Exception {
        String index = indices.create("fail", ORDERS_MAPPING);
        try (SinkDriver driver = writeWithAMappingViolation(index, "fail")) {
            assertThatThrownBy(driver::endOfInput)
                    .hasMessageContaining("Elasticsearch did not accept 1 document(s)")
                    .hasMessageContaining("document '3' in index '" + index + "': status 400, document_parsing_exception")
                    .hasMessageContaining("failed to parse field [n] of type [integer]");
            assertThat(driver.writerMetrics(0).counter("numRecordsSendErrors").count()).isEqualTo(1);
        }
        assertThat(indices.documents(index)).as("the rest of the request").containsOnlyKeys("1", "2", "4", "5");
    }

    @Test
    void ignoreDropsTheRejectedDocumentCountsItAndGoesOn() throws Exception {
        String index = indices.create("ignore", ORDERS_MAPPING);
        try (SinkDriver driver = writeWithAMappingViolation(index, "ignore")) {
            driver.write(0, Row.of(6L, "f", "6"));
            driver.endOfInput();
            assertThat(driver.writerMetrics(0).counter("numRecordsSendErrors").count()).isEqualTo(1);
            assertThat(driver.writerMetrics(0).counter("numRecordsOut").count()).isEqualTo(5);
        }
        assertThat(indices.documents(index)).containsOnlyKeys("1", "2", "4", "5", "6");
    }

    @Test
    void retryFailsOnAMappingViolationBecauseRetryingCannotFixIt() throws Exception {
        String index = indices.create("retry", ORDERS_MAPPING);
        try (SinkDriver driver = writeWithAMappingViolation(index, "retry")) {
            assertThatThrownBy(driver::endOfInput).hasMessageContaining("document '3' in index '" + index + "': status 400");
            assertThat(driver.writerMetrics(0).counter("numBulkRetries").count()).isZero();
        }
    }

    @Test
    void withoutAPrimaryKeyDocumentsGetGeneratedIdsAndChangesAreRejected() throws Exception {
        String index = indices.create("append", ORDERS_MAPPING);
        Schema unkeyed = Schema.newBuilder().column("id", DataTypes.BIGINT()).column("name", DataTypes.STRING())
                .column("n", DataTypes.STRING()).build();
        try (SinkDriver driver = SinkDriver.create(table(index, unkeyed).createSink(), 1)) {
            driver.write(0, Row.of(1L, "a", "1"), Row.of(1L, "a", "1"));
            assertThatThrownBy(() -> driver.write(0, Row.ofKind(RowKind.DELETE, 1L, "a", "1")))
                    .hasMessageContaining("has no primary key").hasMessageContaining("cannot apply a DELETE row")
                    .hasMessageContaining("Declare a PRIMARY KEY");
            driver.endOfInput();
        }
        assertThat(indices.documents(index)).hasSize(2).doesNotContainKey("1");
    }

    @Test
    void aJobFailureNamesTheTableAndTheDocument() throws Exception {
        String index = indices.create("job-failure", ORDERS_MAPPING);
        String data = TestValues.registerData(List.of(Row.of(1L, "a", "one")));
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        Schema unkeyedSource = Schema.newBuilder().column("id", DataTypes.BIGINT()).column("name", DataTypes.STRING())
                .column("n", DataTypes.STRING()).build();
        env.createTemporaryTable("src", TableDescriptor.forConnector("values").schema(unkeyedSource).option("data-id", data).build());
        env.createTemporaryTable("orders", indices.table(index, Schema.newBuilder().column("id", DataTypes.BIGINT())
                .column("name", DataTypes.STRING()).column("n", DataTypes.STRING()).primaryKey("id").build()).build());

        JobExecution job = env.from("src").executeInsert("orders").getJobExecution();

        assertThatThrownBy(job::await).hasMessageContaining("Table 'orders'").hasMessageContaining("document '1'");
    }
}
