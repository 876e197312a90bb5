package dev.weir.it.containers;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * Apache Pulsar standalone (broker, one bookie, RocksDB metadata, transactions enabled) in the
 * locally built {@code weir/pulsar} image. Tests share one per run through {@link #shared()};
 * clients connect to {@link #serviceUrl()}, admin REST calls go to {@link #adminUrl()}.
 *
 * <p>A Pulsar client connects to the broker URL that a topic lookup returns, not to the service URL
 * it was given, so the broker must advertise the host port Docker maps to 6650. That port exists only
 * once the container runs: the image's entrypoint waits until this class copies it in.
 */
public final class PulsarContainer extends GenericContainer<PulsarContainer> {

    /** The binary protocol's port inside the container. */
    public static final int BROKER_PORT = 6650;
    /** The admin REST API's port inside the container. */
    public static final int WEB_PORT = 8080;

    /** Read by the image's entrypoint (docker/pulsar/entrypoint.sh) before it starts the broker. */
    private static final String START_ENV_FILE = "/tmp/weir-container.env";
    /** Answers 200 once the broker runs and standalone mode created the default namespace. */
    private static final String READY_PATH = "/admin/v2/namespaces/public/default";
    /** Generous: a cold start takes 7-11 s on a quiet machine, and the two cores are shared. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

    /** A new, not yet started container of the image build-images.sh built; most tests want {@link #shared()}. */
    public PulsarContainer() {
        this(WeirImages.image("pulsar"));
    }

    public PulsarContainer(DockerImageName image) {
        super(image);
        withExposedPorts(BROKER_PORT, WEB_PORT);
        withImagePullPolicy(new LocalImagesOnly());
        withLabel(SharedContainers.LABEL, "pulsar");
        waitingFor(Wait.forHttp(READY_PATH).forPort(WEB_PORT).forStatusCode(200).withStartupTimeout(STARTUP_TIMEOUT));
    }

    /** The Pulsar container of this test run, started on first use. */
    public static PulsarContainer shared() {
        return SharedContainers.start(PulsarContainer.class, PulsarContainer::new);
    }

    /** {@code pulsar://host:port}, the client's service URL. */
    public String serviceUrl() {
        return "pulsar://" + getHost() + ":" + getMappedPort(BROKER_PORT);
    }

    /** {@code http://host:port}, the admin REST API. */
    public String adminUrl() {
        return "http://" + getHost() + ":" + getMappedPort(WEB_PORT);
    }

    @Override
    protected void containerIsStarting(InspectContainerResponse containerInfo) {
        copyFileToContainer(Transferable.of("ADVERTISED_BROKER_PORT=" + getMappedPort(BROKER_PORT) + "\n"), START_ENV_FILE);
    }
}
