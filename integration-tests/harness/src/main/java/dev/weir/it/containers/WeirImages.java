package dev.weir.it.containers;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;
import org.testcontainers.utility.DockerImageName;

/**
 * The tags of the images that {@code integration-tests/harness/docker/build-images.sh} built. Tags end in a
 * hash of the image's inputs, so they are read from the properties file the script writes rather
 * than spelled in code.
 */
public final class WeirImages {

    /** System property naming the properties file; {@code mvn verify} in integration-tests sets it. */
    public static final String IMAGES_FILE_PROPERTY = "weir.it.images";

    private static final String DEFAULT_IMAGES_FILE = "target/images.properties";

    private WeirImages() {
    }

    /** The image built for {@code system}, the key build-images.sh writes (for example "kafka"). */
    public static DockerImageName image(String system) {
        Path file = Path.of(System.getProperty(IMAGES_FILE_PROPERTY, DEFAULT_IMAGES_FILE)).toAbsolutePath();
        String tag = readTags(file).getProperty(system);
        if (tag == null) {
            throw new IllegalStateException("No image for '" + system + "' in " + file
                    + ": build-images.sh does not build one; add it there (see integration-tests/harness/README.md).");
        }
        return DockerImageName.parse(tag);
    }

    private static Properties readTags(Path file) {
        Properties tags = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            tags.load(reader);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("No image tags at " + file + ". Run integration-tests/harness/docker/build-images.sh"
                    + " (`mvn verify` in integration-tests/harness runs it) and point -D" + IMAGES_FILE_PROPERTY
                    + " at the images.properties it writes.", e);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read image tags from " + file, e);
        }
        return tags;
    }
}
