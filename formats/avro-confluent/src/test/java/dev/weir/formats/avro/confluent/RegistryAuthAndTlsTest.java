package dev.weir.formats.avro.confluent;

import static dev.weir.api.types.DataTypes.BIGINT;
import static dev.weir.api.types.DataTypes.FIELD;
import static dev.weir.api.types.DataTypes.ROW;
import static dev.weir.formats.avro.confluent.ConfluentAvro.decode;
import static dev.weir.formats.avro.confluent.ConfluentAvro.decoder;
import static dev.weir.formats.avro.confluent.ConfluentAvro.encoder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ValidationException;
import dev.weir.api.config.Configuration;
import dev.weir.api.data.Row;
import dev.weir.api.factory.FactoryHelper;
import dev.weir.api.factory.TableContext;
import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.schema.Schema;
import dev.weir.api.types.DataType;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the client sends to the registry, and that secrets stay out of every message. */
class RegistryAuthAndTlsTest {
    private static final DataType KEY = ROW(FIELD("id", BIGINT().notNull()));
    private static final String SECRET = "s3cret-Pa55";

    @TempDir
    static Path stores;

    @BeforeAll
    static void createCertificates() throws Exception {
        // A server and a client certificate for 127.0.0.1, each trusted by the other side's truststore.
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", "server.p12",
                "-storepass", SECRET);
        keytool("-exportcert", "-alias", "registry", "-keystore", "server.p12", "-storepass", SECRET, "-file", "server.crt");
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", "server.crt", "-storetype", "PKCS12",
                "-keystore", "client-trust.p12", "-storepass", SECRET);
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=weir",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", "client.p12", "-storepass", SECRET);
        keytool("-exportcert", "-alias", "client", "-keystore", "client.p12", "-storepass", SECRET, "-file", "client.crt");
        keytool("-importcert", "-noprompt", "-alias", "client", "-file", "client.crt", "-storetype", "PKCS12",
                "-keystore", "server-trust.p12", "-storepass", SECRET);
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(stores.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    @Test
    void basicAuthIsSentWithEveryRequest() {
        try (FakeSchemaRegistry registry = FakeSchemaRegistry.start().requireBasicAuth("svc", SECRET)) {
            byte[] message = encoder(KEY, "url", registry.url(), "subject", "k", "basic-auth.user-info", "svc:" + SECRET)
                    .encode(Row.of(1L));
            decode(decoder(KEY, "url", registry.url(), "basic-auth.credentials-source", "USER_INFO",
                    "basic-auth.user-info", "svc:" + SECRET), message);

            String expected = "Basic " + Base64.getEncoder().encodeToString(("svc:" + SECRET).getBytes());
            assertThat(registry.requests()).hasSize(2)
                    .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo(expected));
        }
    }

    @Test
    void basicAuthCanComeFromTheUrlWhichErrorsShowWithoutIt() {
        try (FakeSchemaRegistry registry = FakeSchemaRegistry.start().requireBasicAuth("svc", SECRET)) {
            String urlWithCredentials = registry.url().replace("http://", "http://svc:" + SECRET + "@");
            byte[] message = encoder(KEY, "url", urlWithCredentials, "subject", "k",
                    "basic-auth.credentials-source", "URL").encode(Row.of(1L));
            message[4] = 9;

            assertThatThrownBy(() -> decode(decoder(KEY, "url", urlWithCredentials, "basic-auth.credentials-source", "URL"),
                    message))
                    .isInstanceOf(RecordDecodeException.class)
                    .hasMessageContaining("the schema registry at " + registry.url() + " answered GET /schemas/ids/9")
                    .message().doesNotContain(SECRET);
            assertThat(registry.requests().get(0).header("Authorization")).startsWith("Basic ");
        }
    }

    @Test
    void bearerTokensAreSent() {
        try (FakeSchemaRegistry registry = FakeSchemaRegistry.start().requireBearerToken(SECRET)) {
            encoder(KEY, "url", registry.url(), "subject", "k", "bearer-auth.credentials-source", "STATIC_TOKEN",
                    "bearer-auth.token", SECRET).encode(Row.of(1L));

            assertThat(registry.requests().get(0).header("Authorization")).isEqualTo("Bearer " + SECRET);
        }
    }

    @Test
    void clientPropertiesAreUnderstoodAndTheOptionsWin() {
        try (FakeSchemaRegistry registry = FakeSchemaRegistry.start().requireBasicAuth("svc", SECRET)) {
            encoder(KEY, "url", registry.url(), "subject", "k", "properties.basic.auth.credentials.source", "USER_INFO",
                    "properties.basic.auth.user.info", "svc:" + SECRET).encode(Row.of(1L));
            encoder(KEY, "url", registry.url(), "subject", "k", "properties.basic.auth.user.info", "old:password",
                    "basic-auth.user-info", "svc:" + SECRET).encode(Row.of(1L));

            assertThat(registry.requests()).extracting(r -> r.header("Authorization")).doesNotContainNull()
                    .containsOnly("Basic " + Base64.getEncoder().encodeToString(("svc:" + SECRET).getBytes()));
        }
        assertThatThrownBy(() -> encoder(KEY, "url", "http://127.0.0.1:1", "subject", "k",
                "properties.max.schemas.per.subject", "5"))
                .hasMessageStartingWith("the client property 'value.avro-confluent.properties.max.schemas.per.subject'"
                        + " is not understood by Weir's registry client; it understands basic.auth.credentials.source");
    }

    @Test
    void misconfiguredCredentialsAreNamedNeverShown() {
        assertThatThrownBy(() -> encoder(KEY, "url", "http://127.0.0.1:1", "subject", "k",
                "basic-auth.user-info", SECRET))
                .hasMessage("the Basic auth credentials source is USER_INFO, so 'value.avro-confluent.basic-auth.user-info'"
                        + " must be set as 'user:password'");
        assertThatThrownBy(() -> encoder(KEY, "url", "http://127.0.0.1:1", "subject", "k",
                "basic-auth.user-info", "u:" + SECRET, "bearer-auth.token", SECRET))
                .message().contains("a registry accepts one, so set only one").doesNotContain(SECRET);
        assertThatThrownBy(() -> encoder(KEY, "url", "ftp://127.0.0.1", "subject", "k"))
                .hasMessage("the option 'value.avro-confluent.url' must be an http or https URL such as"
                        + " 'http://localhost:8081' (one URL; a list of them is not supported)");
    }

    @Test
    void theFormatsOptionsValidateThroughTheConnectorAndMaskSecrets() {
        Map<String, String> options = Map.of("connector", "x", "value.format", "avro-confluent",
                "value.avro-confluent.url", "http://127.0.0.1:1", "value.avro-confluent.bearer-auth.token", SECRET,
                "value.avro-confluent.request.timeout", "soon");
        TableContext table = new TableContext("orders", Schema.of(KEY), Configuration.of(options),
                List.of(), getClass().getClassLoader(), true);
        FactoryHelper helper = FactoryHelper.of(new TestConnector(), table);

        assertThatThrownBy(() -> helper.decoder(TestConnector.VALUE_FORMAT, table.physicalRowType()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Invalid value 'soon' for option 'value.avro-confluent.request.timeout'")
                .message().doesNotContain(SECRET);
        assertThat(RegistrySettings.from(ConfluentAvro.context("", KEY, "url", "http://u:" + SECRET + "@h:1/x/",
                "basic-auth.credentials-source", "URL")).toString())
                .isEqualTo("schema registry http://h:1/x (auth: basic, truststore: default)");
    }

    @Test
    void tlsWithATruststoreAndAClientCertificate() throws Exception {
        try (FakeSchemaRegistry registry = FakeSchemaRegistry.startHttps(serverContext(), true)) {
            byte[] message = encoder(KEY, "url", registry.url(), "subject", "k",
                    "ssl.truststore.location", stores.resolve("client-trust.p12").toString(),
                    "ssl.truststore.password", SECRET,
                    "ssl.keystore.location", stores.resolve("client.p12").toString(),
                    "ssl.keystore.password", SECRET).encode(Row.of(5L));

            assertThat(registry.url()).startsWith("https://");
            assertThat(ConfluentAvro.schemaId(message)).isEqualTo(1);
            // Without the client certificate the server closes the handshake.
            assertThatThrownBy(() -> decode(decoder(KEY, "url", registry.url(),
                    "ssl.truststore.location", stores.resolve("client-trust.p12").toString(),
                    "ssl.truststore.password", SECRET), message))
                    .hasMessageContaining("cannot reach the schema registry at " + registry.url());
        }
    }

    @Test
    void aWrongStorePasswordIsNamedNotShown() {
        assertThatThrownBy(() -> encoder(KEY, "url", "https://127.0.0.1:1", "subject", "k",
                "ssl.truststore.location", stores.resolve("client-trust.p12").toString(),
                "ssl.truststore.password", "not-the-" + SECRET).encode(Row.of(1L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot set up TLS for the schema registry https://127.0.0.1:1: ")
                .message().doesNotContain(SECRET);
        assertThatThrownBy(() -> encoder(KEY, "url", "https://127.0.0.1:1", "subject", "k",
                "ssl.truststore.location", "/nowhere.p12"))
                .hasMessage("the options 'value.avro-confluent.ssl.truststore.location' and"
                        + " 'value.avro-confluent.ssl.truststore.password' go together: set both or neither");
    }

    private static SSLContext serverContext() throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load("server.p12"), SECRET.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load("server-trust.p12"));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(String name) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(stores.resolve(name))) {
            store.load(in, SECRET.toCharArray());
        }
        return store;
    }
}
