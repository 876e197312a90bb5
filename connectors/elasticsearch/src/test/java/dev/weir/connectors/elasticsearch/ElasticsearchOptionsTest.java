package dev.weir.connectors.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ValidationException;
import dev.weir.api.config.ConfigOption;
import dev.weir.api.schema.Schema;
import dev.weir.api.sink.DeliveryGuarantee;
import dev.weir.api.types.DataTypes;
import dev.weir.connectors.elasticsearch.ElasticsearchOptions.BackoffStrategy;
import dev.weir.connectors.elasticsearch.ElasticsearchOptions.FailureHandler;
import dev.weir.testing.TestTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElasticsearchOptionsTest {

    private static final Schema SCHEMA = Schema.newBuilder().column("id", DataTypes.BIGINT())
            .column("name", DataTypes.STRING()).build();

    @TempDir
    Path dir;

    private static TestTable table(String connector) {
        return TestTable.named("docs").schema(SCHEMA).option("connector", connector)
                .option("hosts", "http://localhost:9200").option("index", "docs");
    }

    private static TestTable table() {
        return table("elasticsearch");
    }

    @Test
    void defaultsFollowFlinkWhereFlinkHasTheOption() {
        ElasticsearchSink sink = (ElasticsearchSink) table().createSink();
        assertThat(sink.maxActions).isEqualTo(1000);
        assertThat(sink.maxBytes).isEqualTo(2L * 1024 * 1024);
        assertThat(sink.flushInterval).isEqualTo(Duration.ofSeconds(1));
        assertThat(sink.failureHandler).isEqualTo(FailureHandler.FAIL);
        assertThat(sink.guarantee).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(sink.documentIds).as("no primary key: ids from Elasticsearch").isNull();
        assertThat(sink.backoff).isEqualTo(new Backoff(BackoffStrategy.EXPONENTIAL, 8, Duration.ofMillis(50)));
    }

    @Test
    void flinksIdentifierAndFailureHandlerSpellingsAreAccepted() {
        ElasticsearchSink sink = (ElasticsearchSink) table("elasticsearch-7").option("failure-handler", "retry-rejected")
                .option("sink.bulk-flush.backoff.strategy", "CONSTANT").option("sink.bulk-flush.max-size", "1kb")
                .createSink();
        assertThat(sink.failureHandler).isEqualTo(FailureHandler.RETRY_REJECTED);
        assertThat(sink.maxBytes).isEqualTo(1024);
        assertThat(((ElasticsearchSink) table().option("sink.failure-handler", "ignore").createSink()).failureHandler)
                .isEqualTo(FailureHandler.IGNORE);
    }

    @Test
    void aPrimaryKeyMakesDocumentIds() {
        Schema keyed = Schema.newBuilder().fromSchema(SCHEMA).primaryKey("id", "name").build();
        ElasticsearchSink sink = (ElasticsearchSink) TestTable.named("docs").schema(keyed).option("connector", "elasticsearch")
                .option("hosts", "http://localhost:9200").option("index", "docs")
                .option("document-id.key-delimiter", "$").createSink();
        assertThat(sink.documentIds.idOf(dev.weir.api.data.Row.of(1L, "a"))).isEqualTo("1$a");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> table().option("hosts", "localhost:9200;ftp://x:1;http://h:9200/es")
                .option("username", "elastic").option("index", "Docs-{nope}")
                .option("sink.delivery-guarantee", "exactly-once").option("sink.bulk-flush.max-actions", "-1")
                .createSink())
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).problems()).hasSize(7))
                .hasMessageContaining("'hosts' has 'localhost:9200'")
                .hasMessageContaining("'hosts' has 'ftp://x:1'")
                .hasMessageContaining("A path goes into 'connection.path-prefix'")
                .hasMessageContaining("'username' and 'password' go together")
                .hasMessageContaining("upper-case")
                .hasMessageContaining("'exactly-once' is not offered")
                .hasMessageContaining("'sink.bulk-flush.max-actions' must not be negative");
    }

    @Test
    void unknownOptionsAndValuesAreRejectedWithTheValidOnes() {
        assertThatThrownBy(() -> table().option("sink.bulk-flush.max-action", "10").createSink())
                .hasMessageContaining("unknown option 'sink.bulk-flush.max-action'")
                .hasMessageContaining("sink.bulk-flush.max-actions");
        assertThatThrownBy(() -> table().option("sink.failure-handler", "drop").createSink())
                .hasMessageContaining("sink.failure-handler");
    }

    @Test
    void secretsAreSensitiveAndNeverEchoedInErrors() {
        for (ConfigOption<?> secret : new ConfigOption<?>[]{ElasticsearchOptions.PASSWORD, ElasticsearchOptions.API_KEY,
                ElasticsearchOptions.SSL_TRUSTSTORE_PASSWORD}) {
            assertThat(secret.isSensitive()).as(secret.key()).isTrue();
        }
        assertThatThrownBy(() -> table().option("password", "hunter2-secret").option("api-key", "c2VjcmV0LWtleQ==")
                .option("connection.ssl.truststore.location", dir.resolve("missing.p12").toString())
                .option("connection.ssl.truststore.password", "store-secret").createSink())
                .isInstanceOf(ValidationException.class)
                .hasMessageNotContaining("hunter2-secret").hasMessageNotContaining("c2VjcmV0LWtleQ==")
                .hasMessageNotContaining("store-secret")
                .hasMessageContaining("'username' and 'password' go together")
                .hasMessageContaining("missing.p12");
        ElasticsearchSink sink = (ElasticsearchSink) table().option("username", "elastic").option("password", "hunter2-secret")
                .createSink();
        assertThat(sink.connection.toString()).contains("basic (elastic)").doesNotContain("hunter2-secret");
    }

    @Test
    void credentialsInAHostUrlAreRejectedWithoutEchoingThem() {
        for (String hosts : new String[]{"http://elastic:hunter2-secret@localhost:9200",
                "http://localhost:9200;https://elastic:hunter2@secret@other:9200"}) {
            assertThatThrownBy(() -> table().option("hosts", hosts).createSink())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageNotContaining("hunter2").hasMessageNotContaining("secret")
                    .hasMessageContaining("with credentials in the URL. Set them as 'username' and 'password'");
            assertThatThrownBy(() -> table().option("hosts", hosts).createSource())
                    .hasMessageNotContaining("hunter2").hasMessageContaining("******@");
        }
    }

    @Test
    void aCaCertificateFileIsReadWhenTheTableIsPlanned() throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.crt"), "not a certificate");
        assertThatThrownBy(() -> table().option("connection.ssl.certificate-authorities", notPem.toString()).createSink())
                .hasMessageContaining("'connection.ssl.certificate-authorities' file " + notPem);
    }

    @Test
    void theSourceChecksItsQueryAndIndex() {
        assertThatThrownBy(() -> table().option("scan.query", "{\"term\":").option("index", "logs-{ts|yyyy}")
                .createSource())
                .hasMessageContaining("'scan.query' is not a query of the search API")
                .hasMessageContaining("only a sink can fill in");
        ElasticsearchSource source = (ElasticsearchSource) table().option("index", "logs-*, audit")
                .option("scan.query", "{\"term\":{\"name\":\"a\"}}").createSource();
        assertThat(source.indices()).containsExactly("logs-*", "audit");
    }
}
