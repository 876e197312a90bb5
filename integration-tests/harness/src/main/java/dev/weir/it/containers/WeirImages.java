package dev.weir.it.containers;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.testcontainers.utility.DockerImageName;

/**
 * The tags of the images the harness builds. Tags end in a hash of the image's inputs, so they are
 * read from the properties file {@code build-images.sh} writes rather than spelled in code; the
 * first call brings up Docker and the images (see {@link DockerEnvironment}).
 */
public final class WeirImages {

    private WeirImages() {
    }

    /** The image built for {@code system}, the key build-images.sh writes (for example "kafka"). */
    public static DockerImageName image(String system) {
        Path file = DockerEnvironment.imagesFile();
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
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read image tags from " + file, e);
        }
        return tags;
    }
}
