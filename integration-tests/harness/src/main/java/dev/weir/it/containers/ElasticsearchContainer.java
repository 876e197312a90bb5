package dev.weir.it.containers;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.HttpWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * Elasticsearch, single node, in the locally built {@code weir/elasticsearch} image (the
 * integ-test-zip distribution on the image's JRE 17). Tests share the plain one, HTTP without
 * security, through {@link #shared()}; clients connect to {@link #httpUrl()}.
 *
 * <p>{@link #secured()} is the same image with basic auth (user {@link #SECURED_USER}) over HTTPS,
 * for the few tests of authentication and TLS: it is not shared, its test starts and stops it.
 *
 * <p>Ready when {@code GET /_cluster/health?wait_for_status=yellow} answers 200: this distribution
 * lacks the module that serves {@code GET /}, so Testcontainers' own Elasticsearch container, which
 * waits on it, never sees this one start.
 */
public final class ElasticsearchContainer extends GenericContainer<ElasticsearchContainer> {

    public static final int HTTP_PORT = 9200;

    /** The file-realm superuser of the secured mode; prepare.sh in docker/elasticsearch creates it. */
    public static final String SECURED_USER = "weir-it";
    public static final String SECURED_PASSWORD = "weir-it-password";

    /** PEM of the CA that signed the secured mode's HTTP certificate (for localhost and 127.0.0.1). */
    private static final String CA_CERTIFICATE_PATH = "/opt/elasticsearch/config/certs/ca/ca.crt";

    /** Read by the image's entrypoint: 'tls' turns on basic auth and HTTPS. */
    private static final String SECURITY_ENV = "WEIR_ES_SECURITY";

    /** A cold start takes 9-20 s on a quiet machine; the two cores are shared with the build. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

    private final boolean secured;

    private ElasticsearchContainer(DockerImageName image, boolean secured) {
        super(image);
        this.secured = secured;
        withExposedPorts(HTTP_PORT);
        withImagePullPolicy(new LocalImagesOnly());
        withLabel(SharedContainers.LABEL, secured ? "elasticsearch-secured" : "elasticsearch");
        HttpWaitStrategy health = new HttpWaitStrategy()
                .forPort(HTTP_PORT)
                .forPath("/_cluster/health?wait_for_status=yellow&timeout=1s")
                .forStatusCode(200);
        if (secured) {
            withEnv(SECURITY_ENV, "tls");
            // The readiness probe trusts any certificate; the tests themselves verify it with the CA.
            health.usingTls().allowInsecure().withBasicCredentials(SECURED_USER, SECURED_PASSWORD);
        }
        waitingFor(health.withStartupTimeout(STARTUP_TIMEOUT));
    }

    /** The plain Elasticsearch container of this test run (HTTP, no security), started on first use. */
    public static ElasticsearchContainer shared() {
        return SharedContainers.start(ElasticsearchContainer.class,
                () -> new ElasticsearchContainer(WeirImages.image("elasticsearch"), false));
    }

    /**
     * A new, not yet started container with basic auth ({@link #SECURED_USER}/{@link #SECURED_PASSWORD})
     * over HTTPS. The caller starts and stops it.
     */
    public static ElasticsearchContainer secured() {
        return new ElasticsearchContainer(WeirImages.image("elasticsearch"), true);
    }

    /** {@code http://host:port}, or {@code https://localhost:port} for the secured container. */
    public String httpUrl() {
        // The certificate names localhost and 127.0.0.1: a secured client must use one of them.
        String host = secured ? "localhost" : getHost();
        return (secured ? "https" : "http") + "://" + host + ":" + getMappedPort(HTTP_PORT);
    }

    /** The PEM of the CA to trust for the secured container's HTTPS certificate. */
    public String caCertificatePem() {
        if (!secured) {
            throw new IllegalStateException("The plain Elasticsearch container serves HTTP; only secured() has a certificate");
        }
        return copyFileFromContainer(CA_CERTIFICATE_PATH, in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
}
