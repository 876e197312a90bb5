package dev.weir.resolver;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Connectors by name, for {@code bin/weir --connector} and Python's {@code env.add_connector}: Weir
 * identifiers ('kafka') or Maven coordinates ('g:a:v') to jar files, with their runtime dependencies.
 *
 * <p>Maven Resolver and its libraries live in {@code resolver/} next to the jar of the program that
 * uses this class (the build copies them there) and are loaded, on first use, in a class loader whose
 * parent is the platform class loader: they never shadow or clash with what connectors bring, and a
 * program that never resolves never loads them.
 */
public final class ArtifactResolver {
    /** Overrides where the resolver's jars are (a class path string). */
    public static final String RESOLVER_CLASSPATH_PROPERTY = "weir.resolver.classpath";
    private static final String RESOLUTION_CLASS = "dev.weir.resolver.maven.MavenResolution";
    // WeirArtifacts answers one identifier at a time; suggestions need them all.
    private static final String KNOWN_FACTORIES = "/META-INF/weir/known-factories.properties";

    private final Path resolverJarDirectory;
    private final Set<String> classPathJarNames = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.isEmpty())
            .map(entry -> Path.of(entry).getFileName().toString()).collect(Collectors.toSet());
    private ClassLoader resolverLoader;
    private MethodHandle resolution;

    /** @param resolverJarDirectory where Maven Resolver's jars are, unless {@value #RESOLVER_CLASSPATH_PROPERTY} says */
    public ArtifactResolver(Path resolverJarDirectory) {
        this.resolverJarDirectory = resolverJarDirectory;
    }

    /** A resolver whose Maven Resolver jars are in {@code resolver/} next to the jar (or classes directory) of the class. */
    public static ArtifactResolver nextTo(Class<?> program) {
        return new ArtifactResolver(codeLocation(program).resolveSibling("resolver"));
    }

    /** What names stood for, and their jars. */
    public record Resolution(List<String> coordinates, List<Path> jars) {
        public Resolution {
            coordinates = List.copyOf(coordinates);
            jars = List.copyOf(jars);
        }
    }

    /**
     * Resolves the names together (connectors that share a library get one version of it), without the
     * jars this JVM already has on its class path: the class path's loader comes first, so they would
     * never be used.
     *
     * @throws ValidationException for an unknown identifier, a malformed coordinate or an artifact that
     *     cannot be found (naming the repositories tried)
     */
    public Resolution resolve(List<String> names, ResolverSettings settings) {
        List<String> coordinates = names.stream().map(ArtifactResolver::coordinate).toList();
        if (coordinates.isEmpty()) {
            throw new ValidationException("No connectors to resolve.");
        }
        List<Path> jars = invoke(coordinates, settings).stream()
                .filter(jar -> !classPathJarNames.contains(jar.getFileName().toString()))
                .map(Path::toAbsolutePath).toList();
        return new Resolution(coordinates, jars);
    }

    /** Every Weir connector and format identifier with its coordinate, by identifier. */
    public static Map<String, String> weirArtifacts() {
        Map<String, String> artifacts = new LinkedHashMap<>();
        knownIdentifiers().forEach(identifier -> artifacts.put(identifier, coordinate(identifier)));
        return artifacts;
    }

    /** A coordinate stays as it is; a Weir identifier becomes its artifact at this Weir's version. */
    public static String coordinate(String name) {
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
    private List<Path> invoke(List<String> coordinates, ResolverSettings settings) {
        MethodHandle handle = resolution();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(resolverLoader);
        try {
            return (List<Path>) handle.invoke(coordinates, settings.cacheDirectory(), settings.localRepository(),
                    settings.repositories(), settings.offline());
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
            // MavenResolution is loaded again, from this module's jar, next to Maven Resolver.
            urls.add(url(codeLocation(ArtifactResolver.class)));
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

    private List<Path> resolverJars() {
        String explicit = System.getProperty(RESOLVER_CLASSPATH_PROPERTY);
        if (explicit != null) {
            return Arrays.stream(explicit.split(File.pathSeparator)).filter(s -> !s.isEmpty()).map(Path::of).toList();
        }
        try (Stream<Path> files = Files.list(resolverJarDirectory)) {
            return files.filter(file -> file.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new ValidationException("Maven Resolver's jars were not found in " + resolverJarDirectory + " (set -D"
                    + RESOLVER_CLASSPATH_PROPERTY + " to their class path); Weir's Maven build puts them there.");
        }
    }

    /** The jar (or classes directory) a class was loaded from. */
    private static Path codeLocation(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
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
