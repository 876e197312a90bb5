package dev.weir.it.containers;

import com.github.dockerjava.api.exception.NotFoundException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.utility.DockerImageName;

/**
 * Never pulls. No registry is reachable from our machines, so a pull of a missing image can only
 * fail, slowly; this fails at once and says how to build the image.
 */
final class LocalImagesOnly implements ImagePullPolicy {

    @Override
    public boolean shouldPull(DockerImageName image) {
        String name = image.asCanonicalNameString();
        try {
            DockerClientFactory.lazyClient().inspectImageCmd(name).exec();
        } catch (NotFoundException e) {
            throw new IllegalStateException("Image " + name + " is not in the local Docker engine, although"
                    + " build-images.sh reported it: was it removed during the run? See "
                    + DockerEnvironment.WORK_DIR_PROPERTY + "/build-images.log.", e);
        }
        return false;
    }
}
