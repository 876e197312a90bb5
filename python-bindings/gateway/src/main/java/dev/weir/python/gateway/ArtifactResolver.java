package dev.weir.python.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.api.ValidationException;
import dev.weir.api.factory.Suggestions;
import dev.weir.api.factory.WeirArtifacts;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code resolveArtifacts} request behind Python's {@code env.add_connector}: Weir identifiers
 * ('kafka') or Maven coordinates ('g:a:v') to jar files, with their runtime dependencies.
 *
 * <p>Maven Resolver and its libraries live in {@code resolver/} next to the gateway jar and are
 * loaded here, on first use, in a class loader whose parent is the platform class loader: they never
 * shadow or clash with what connectors bring, and a gateway that never resolves never loads them.
 */
final class ArtifactResolver {
    static final String MAVEN_CENTRAL = "https://repo.maven.apache.org/maven2/";
    /** Overrides where the resolver's jars are (a class path string). */
    static final String RESOLVER_CLASSPATH_PROPERTY = "weir.resolver.classpath";
    private static final String RESOLUTION_CLASS = "dev.weir.python.gateway.resolver.MavenResolution";
    // WeirArtifacts answers one identifier at a time; suggestions need them all.
    private static final String KNOWN_FACTORIES = "/META-INF/weir/known-factories.properties";

    private final Set<String> gatewayJarNames = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(entry -> Path.of(entry).getFileName().toString()).collect(Collectors.toSet());
    private ClassLoader resolverLoader;
    private MethodHandle resolution;

    /**
     * Params: {@code artifacts} (identifiers or coordinates), {@code cacheDirectory}, optional
     * {@code localRepository} (default ~/.m2/repository), {@code repositories} (default Maven
     * Central), {@code offline}. Result: {@code coordinates} (what each name stood for) and
     * {@code jars}, without those the gateway already has: its class loader comes first, so they
     * would never be used.
     */
    JsonNode resolve(JsonNode params) {
        List<String> coordinates = new ArrayList<>();
        params.path("artifacts").forEach(name -> coordinates.add(coordinate(name.asText())));
        if (coordinates.isEmpty()) {
            throw new ValidationException("resolveArtifacts: no artifacts given.");
        }
        if (!params.hasNonNull("cacheDirectory")) {
            throw new ValidationException("resolveArtifacts: no cacheDirectory given.");
        }
        Path cache = Path.of(params.get("cacheDirectory").asText());
        Path userRepository = params.hasNonNull("localRepository") ? Path.of(params.get("localRepository").asText())
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
        List<String> remotes = new ArrayList<>();
        params.path("repositories").forEach(url -> remotes.add(url.asText()));
        if (remotes.isEmpty()) {
            remotes.add(MAVEN_CENTRAL);
        }
        List<Path> jars = invoke(coordinates, cache, userRepository, remotes, params.path("offline").asBoolean(false));
        ObjectNode result = ProtocolWriter.MAPPER.createObjectNode();
        ArrayNode resolvedCoordinates = result.putArray("coordinates");
        coordinates.forEach(resolvedCoordinates::add);
        ArrayNode jarPaths = result.putArray("jars");
        jars.stream().filter(jar -> !gatewayJarNames.contains(jar.getFileName().toString()))
                .forEach(jar -> jarPaths.add(jar.toAbsolutePath().toString()));
        return result;
    }

    /** Result: {@code artifacts}, every Weir connector and format identifier with its coordinate. */
    static JsonNode weirArtifacts() {
        ObjectNode result = ProtocolWriter.MAPPER.createObjectNode();
        ObjectNode artifacts = result.putObject("artifacts");
        knownIdentifiers().forEach(identifier -> artifacts.put(identifier, coordinate(identifier)));
        return result;
    }

    /** A coordinate stays as it is; a Weir identifier becomes its artifact at this Weir's version. */
    private static String coordinate(String name) {
        if (name.contains(":")) {
            return name;
        }
        return WeirArtifacts.coordinateFor(name).orElseThrow(() -> {
            Set<String> known = knownIdentifiers();
            return new ValidationException("'" + name + "' is not one of Weir's connectors or formats."
                    + Suggestions.didYouMean(name, known) + " Weir's: " + String.join(", ", known)
                    + ". For any other artifact give its Maven coordinate, groupId:artifactId:version.");
        });
    }

    private static Set<String> knownIdentifiers() {
        Properties known = new Properties();
        try (InputStream in = WeirArtifacts.class.getResourceAsStream(KNOWN_FACTORIES)) {
            known.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TreeSet<>(known.stringPropertyNames());
    }

    @SuppressWarnings("unchecked")
    private List<Path> invoke(List<String> coordinates, Path cache, Path userRepository, List<String> remotes,
            boolean offline) {
        MethodHandle handle = resolution();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(resolverLoader);
        try {
            return (List<Path>) handle.invoke(coordinates, cache, userRepository, remotes, offline);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private synchronized MethodHandle resolution() {
        if (resolution == null) {
            List<URL> urls = new ArrayList<>();
            for (Path jar : resolverJars()) {
                urls.add(url(jar));
            }
            urls.add(url(gatewayCode()));
            try {
                resolverLoader = new URLClassLoader("weir-maven-resolver", urls.toArray(URL[]::new),
                        ClassLoader.getPlatformClassLoader());
                Class<?> type = Class.forName(RESOLUTION_CLASS, true, resolverLoader);
                resolution = MethodHandles.publicLookup().findStatic(type, "resolve", MethodType.methodType(
                        List.class, List.class, Path.class, Path.class, List.class, boolean.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Maven Resolver could not be loaded from " + urls, e);
            }
        }
        return resolution;
    }

    private static List<Path> resolverJars() {
        String explicit = System.getProperty(RESOLVER_CLASSPATH_PROPERTY);
        if (explicit != null) {
            return Arrays.stream(explicit.split(File.pathSeparator)).filter(s -> !s.isEmpty()).map(Path::of).toList();
        }
        Path directory = gatewayCode().resolveSibling("resolver");
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new ValidationException("Maven Resolver's jars were not found in " + directory + " (set -D"
                    + RESOLVER_CLASSPATH_PROPERTY + " to their class path); the gateway's Maven build puts them there.");
        }
    }

    /** The gateway's jar (or classes directory); the resolver's entry point is loaded from it again. */
    private static Path gatewayCode() {
        try {
            return Path.of(ArtifactResolver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
