package dev.weir.connectors.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.weir.api.data.Row;
import dev.weir.api.schema.Schema;
import dev.weir.api.types.DataTypes;
import dev.weir.it.containers.ElasticsearchContainer;
import dev.weir.testing.SinkDriver;
import dev.weir.testing.SourceDriver;
import dev.weir.testing.TestTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Basic authentication over HTTPS, against a second node with security on (the same image in its
 * 'tls' mode: file-realm user, certificate signed by the image's CA). It is started for this class
 * and stopped after it, so the plain shared node stays free of credentials.
 *
 * <p>API keys cannot be tested against a real node here: creating one needs the .security index,
 * whose mapping uses analysis-common, which this distribution lacks. BulkRetryTest checks that the
 * key reaches the server as 'Authorization: ApiKey ...'.
 */
class ElasticsearchSecurityIT {

    private static final String WRONG_PASSWORD = "not-the-password-4711";
    private static final Schema DOCS = Schema.newBuilder().column("id", DataTypes.BIGINT()).column("name", DataTypes.STRING())
            .primaryKey("id").build();

    private static ElasticsearchContainer secured;
    private static Path caFile;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startSecuredNode() throws Exception {
        secured = ElasticsearchContainer.secured();
        secured.start();
        caFile = Files.writeString(dir.resolve("ca.crt"), secured.caCertificatePem());
    }

    @AfterAll
    static void stopSecuredNode() {
        if (secured != null) {
            secured.stop();
        }
    }

    private static TestTable table(String index, String password) {
        return TestTable.named("docs").schema(DOCS).option("connector", "elasticsearch").option("hosts", secured.httpUrl())
                .option("index", index).option("username", ElasticsearchContainer.SECURED_USER).option("password", password)
                .option("connection.ssl.certificate-authorities", caFile.toString());
    }

    @Test
    void writesAndReadsWithBasicAuthOverTls() throws Exception {
        String index = ElasticsearchTestIndices.uniqueName("secured");
        try (SinkDriver driver = SinkDriver.create(table(index, ElasticsearchContainer.SECURED_PASSWORD).createSink(), 1)) {
            driver.write(0, Row.of(1L, "a"), Row.of(2L, "b"));
            driver.endOfInput();
        }
        refresh(index);
        var source = table(index, ElasticsearchContainer.SECURED_PASSWORD).createSource();
        try (SourceDriver<?, ?> reader = SourceDriver.of(source).start()) {
            assertThat(reader.runToEnd()).containsExactlyInAnyOrder(Row.of(1L, "a"), Row.of(2L, "b"));
        }
    }

    /** Makes the written documents searchable now (a plain client would need the same TLS and credentials). */
    private static void refresh(String index) throws Exception {
        List<String> problems = new ArrayList<>();
        ElasticsearchClient client = ConnectionSettings.from(table(index, ElasticsearchContainer.SECURED_PASSWORD).context()
                .options(), problems).createClient();
        try {
            client.indices().refresh(r -> r.index(index));
        } finally {
            client._transport().close();
        }
    }

    @Test
    void withoutTheCaTheServerCertificateIsNotTrusted() throws Exception {
        var sink = TestTable.named("docs").schema(DOCS).option("connector", "elasticsearch").option("hosts", secured.httpUrl())
                .option("index", "untrusted").option("username", ElasticsearchContainer.SECURED_USER)
                .option("password", ElasticsearchContainer.SECURED_PASSWORD).option("sink.bulk-flush.backoff.strategy", "NONE")
                .createSink();
        try (SinkDriver driver = SinkDriver.create(sink, 1)) {
            driver.write(0, Row.of(1L, "a"));
            assertThatThrownBy(driver::endOfInput).hasMessageContaining("PKIX path building failed");
        }
    }

    @Test
    void aWrongPasswordFailsWithoutTheSecretInTheErrorOrTheLogs() throws Exception {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getLoggerName() + " " + record.getMessage() + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        // Everything this connector logs, and what the client libraries log at their default levels. (The
        // Apache HTTP client's DEBUG header logging shows the Authorization header; the README says so.)
        Logger root = Logger.getLogger("");
        Logger connector = Logger.getLogger("dev.weir");
        Level level = connector.getLevel();
        root.addHandler(capture);
        connector.setLevel(Level.ALL);
        Throwable failure;
        try (SinkDriver driver = SinkDriver.create(table("wrong-password", WRONG_PASSWORD).createSink(), 1)) {
            driver.write(0, Row.of(1L, "a"));
            failure = org.assertj.core.api.Assertions.catchThrowable(driver::endOfInput);
        } finally {
            root.removeHandler(capture);
            connector.setLevel(level);
        }

        String basicHeader = Base64.getEncoder().encodeToString(
                (ElasticsearchContainer.SECURED_USER + ":" + WRONG_PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(failure).hasMessageContaining("status 401").hasMessageContaining("unable to authenticate user");
        assertThat(stackTraceOf(failure)).doesNotContain(WRONG_PASSWORD).doesNotContain(basicHeader);
        assertThat(logged).as("log records").isNotEmpty()
                .noneMatch(line -> line.contains(WRONG_PASSWORD) || line.contains(basicHeader));
    }

    private static String stackTraceOf(Throwable failure) {
        java.io.StringWriter text = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }
}
