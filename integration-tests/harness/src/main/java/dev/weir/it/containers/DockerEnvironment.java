package dev.weir.it.containers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Makes Docker usable from any test JVM that has this harness on its class path: on first use it
 * extracts the harness's {@code docker/} resources (scripts, Dockerfiles, configuration), runs
 * {@code ensure-docker.sh} (installs and starts an engine only if none answers) and
 * {@code build-images.sh} (builds an image only if no image with the same input hash exists), once
 * per JVM. A module therefore needs nothing but the test dependency and the failsafe settings of the
 * root pom.
 *
 * <p>Files go to {@value #WORK_DIR_PROPERTY} (default {@code target/weir-it}): {@code docker/} with
 * the extracted scripts, {@code images.properties} with the tags, {@code docker-build/} with build
 * contexts and logs. Extracted files get fixed modes (scripts 755, the rest 644) because the image
 * tags hash paths, modes and contents: every module, checkout and machine then computes the same
 * tags and reuses the same images.
 */
public final class DockerEnvironment {

    /** System property naming the harness's working directory; the root pom's failsafe sets it. */
    public static final String WORK_DIR_PROPERTY = "weir.it.work-dir";

    private static final String RESOURCE_ROOT = "dev/weir/it/docker/";
    private static final int TAIL_ON_FAILURE_LINES = 40;

    private static Path imagesFile;
    private static RuntimeException failure;

    private DockerEnvironment() {
    }

    /**
     * The properties file with the image tags, after making sure Docker answers and the images
     * exist. The first call does the work (a second or two when everything is in place); a failure
     * is remembered and rethrown to every later caller rather than retried by every test class.
     */
    public static synchronized Path imagesFile() {
        if (imagesFile != null) {
            return imagesFile;
        }
        if (failure != null) {
            throw new IllegalStateException("The Docker environment failed to come up earlier in this run", failure);
        }
        try {
            imagesFile = prepare(Path.of(System.getProperty(WORK_DIR_PROPERTY, "target/weir-it")).toAbsolutePath());
            return imagesFile;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        }
    }

    private static Path prepare(Path workDir) {
        Path dockerDir = workDir.resolve("docker");
        Path images = workDir.resolve("images.properties");
        try {
            extractResources(dockerDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract the harness's docker/ resources to " + dockerDir, e);
        }
        run(workDir.resolve("ensure-docker.log"), "bash", dockerDir.resolve("ensure-docker.sh").toString());
        run(workDir.resolve("build-images.log"), "bash", dockerDir.resolve("build-images.sh").toString(),
                images.toString());
        return images;
    }

    /** Replaces the directory's content with the resources, so a resource removed from the harness cannot linger. */
    private static void extractResources(Path target) throws IOException {
        if (Files.exists(target)) {
            try (Stream<Path> old = Files.walk(target)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        for (var resource : listResources().entrySet()) {
            Path file = target.resolve(resource.getKey());
            Files.createDirectories(file.getParent());
            try (InputStream in = resource.getValue().openStream()) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(
                    resource.getKey().endsWith(".sh") ? "rwxr-xr-x" : "rw-r--r--"));
        }
    }

    /** The docker/ resources by path relative to docker/, from a directory (this module's build) or a jar. */
    private static TreeMap<String, URL> listResources() throws IOException {
        URL anchor = DockerEnvironment.class.getClassLoader().getResource(RESOURCE_ROOT + "build-images.sh");
        if (anchor == null) {
            throw new IllegalStateException("The class path has no " + RESOURCE_ROOT + "build-images.sh: is weir-test-harness complete?");
        }
        TreeMap<String, URL> resources = new TreeMap<>();
        if (anchor.getProtocol().equals("jar")) {
            JarURLConnection connection = (JarURLConnection) anchor.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                for (JarEntry entry : jar.stream().toList()) {
                    if (!entry.isDirectory() && entry.getName().startsWith(RESOURCE_ROOT)) {
                        resources.put(entry.getName().substring(RESOURCE_ROOT.length()),
                                new URL("jar:" + connection.getJarFileURL() + "!/" + entry.getName()));
                    }
                }
            }
        } else {
            Path root;
            try {
                root = Path.of(anchor.toURI()).getParent();
            } catch (URISyntaxException e) {
                throw new IllegalStateException("Unexpected resource URL " + anchor, e);
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    resources.put(root.relativize(file).toString(), file.toUri().toURL());
                }
            }
        }
        return resources;
    }

    /** Runs a script with its output in a log file; its last lines go into the exception when it fails. */
    private static void run(Path log, String... command) {
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            int exit = process.waitFor();
            List<String> lines = Files.readAllLines(log);
            if (exit != 0) {
                List<String> tail = new ArrayList<>(lines.subList(Math.max(0, lines.size() - TAIL_ON_FAILURE_LINES), lines.size()));
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + exit
                        + " (log: " + log + "):\n" + String.join("\n", tail));
            }
            // The scripts are quiet when nothing had to be done; what they did (a started engine, built
            // or reused tags) belongs in the test output.
            lines.forEach(line -> System.err.println("[weir-it] " + line));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
        }
    }
}
