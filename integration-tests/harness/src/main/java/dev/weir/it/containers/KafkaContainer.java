package dev.weir.it.containers;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * Apache Kafka, single node (KRaft broker and controller in one process), in the locally built
 * {@code weir/kafka} image. Tests share one per run through {@link #shared()}; clients connect to
 * {@link #bootstrapServers()}.
 *
 * <p>The image's entrypoint waits until this class copies in the listener to advertise, because the
 * host port Docker maps to 9092 exists only once the container runs.
 */
public final class KafkaContainer extends GenericContainer<KafkaContainer> {

    /** The client listener's port inside the container. */
    public static final int CLIENT_PORT = 9092;

    /** Read by the image's entrypoint (docker/kafka/entrypoint.sh) before it starts the broker. */
    private static final String START_ENV_FILE = "/tmp/weir-container.env";

    /** Generous: the machine's two cores are shared, and a cold JVM start of a broker takes 6-7 s on a quiet one. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

    /** A new, not yet started container of the image build-images.sh built; most tests want {@link #shared()}. */
    public KafkaContainer() {
        this(WeirImages.image("kafka"));
    }

    public KafkaContainer(DockerImageName image) {
        super(image);
        withExposedPorts(CLIENT_PORT);
        withImagePullPolicy(new LocalImagesOnly());
        withLabel(SharedContainers.LABEL, "kafka");
        waitingFor(new KafkaReadyWaitStrategy().withStartupTimeout(STARTUP_TIMEOUT));
    }

    /** The Kafka container of this test run, started on first use. */
    public static KafkaContainer shared() {
        return SharedContainers.start(KafkaContainer.class, KafkaContainer::new);
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return getHost() + ":" + getMappedPort(CLIENT_PORT);
    }

    @Override
    protected void containerIsStarting(InspectContainerResponse containerInfo) {
        copyFileToContainer(Transferable.of("ADVERTISED_LISTENERS='PLAINTEXT://" + bootstrapServers() + "'\n"),
                START_ENV_FILE);
    }
}
