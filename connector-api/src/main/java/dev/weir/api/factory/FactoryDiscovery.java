package dev.weir.api.factory;

import dev.weir.api.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

/**
 * Finds factories with {@link ServiceLoader}. Adding a jar with a
 * {@code META-INF/services/dev.weir.api.factory.Factory} entry to the classpath is all it takes.
 *
 * <p>Errors say what to do: an unknown identifier lists the available ones, suggests the closest and
 * names the Maven artifact for Weir's own connectors; two factories with one identifier are listed
 * with their jars.
 */
public final class FactoryDiscovery {
    private final List<Factory> factories;

    private FactoryDiscovery(List<Factory> factories) {
        this.factories = List.copyOf(factories);
    }

    /** Every factory visible to the class loader. A provider that fails to load is an error naming it. */
    public static FactoryDiscovery load(ClassLoader classLoader) {
        List<Factory> found = new ArrayList<>();
        Iterator<Factory> it = ServiceLoader.load(Factory.class, classLoader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                throw new ValidationException("A factory on the classpath could not be loaded: " + e.getMessage()
                        + (e.getCause() == null ? "" : " (cause: " + e.getCause() + ")"), e);
            }
        }
        found.sort(Comparator.comparing(Factory::identifier).thenComparing(f -> f.getClass().getName()));
        return new FactoryDiscovery(found);
    }

    public static FactoryDiscovery load() {
        return load(Thread.currentThread().getContextClassLoader());
    }

    public List<Factory> factories() {
        return factories;
    }

    public List<Factory> factories(FactoryKind kind) {
        return factories.stream().filter(kind.type()::isInstance).toList();
    }

    /** Any factory with the identifier, of any kind. */
    public Optional<Factory> findAny(String identifier) {
        return factories.stream().filter(f -> f.identifier().equals(identifier)).findFirst();
    }

    /**
     * The one factory of this type with the identifier.
     *
     * @param tableName for the error message; may be null
     */
    public <T extends Factory> T find(Class<T> type, String identifier, String tableName) {
        FactoryKind kind = FactoryKind.of(type);
        return type.cast(findOne(List.of(kind), kind.noun(), identifier, tableName));
    }

    /** The source and/or sink connector with the identifier, for tools that accept either. */
    public Factory findConnector(String identifier, String tableName) {
        return findOne(List.of(FactoryKind.SOURCE, FactoryKind.SINK), "connector", identifier, tableName);
    }

    private Factory findOne(List<FactoryKind> kinds, String noun, String identifier, String tableName) {
        List<Factory> candidates = factories.stream()
                .filter(f -> kinds.stream().anyMatch(k -> k.type().isInstance(f))).toList();
        List<Factory> matches = candidates.stream().filter(f -> f.identifier().equals(identifier)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        String where = tableName == null ? "" : " (table '" + tableName + "')";
        if (matches.size() > 1) {
            throw new ValidationException("Multiple " + noun + "s have the identifier '" + identifier + "'"
                    + where + ": " + matches.stream().map(f -> f.getClass().getName() + " from " + origin(f))
                    .collect(Collectors.joining(", ")) + ". Remove all but one of them from the classpath.");
        }
        TreeSet<String> available = candidates.stream().map(Factory::identifier)
                .collect(Collectors.toCollection(TreeSet::new));
        StringBuilder msg = new StringBuilder("No " + noun + " '" + identifier + "' found" + where + ".");
        Optional<Factory> otherKind = findAny(identifier);
        Optional<String> coordinate = WeirArtifacts.coordinateFor(identifier);
        if (otherKind.isPresent()) {
            msg.append(" '").append(identifier).append("' is a ")
                    .append(FactoryKind.of(otherKind.get()).stream().map(FactoryKind::noun).collect(Collectors.joining(" and ")))
                    .append(", not a ").append(noun).append('.');
        } else if (coordinate.isPresent()) {
            msg.append(" It is provided by the Maven artifact ").append(coordinate.get())
                    .append(", which is not on the classpath: add that dependency (in Python: env.add_connector('")
                    .append(identifier).append("'); on the command line: bin/weir --connector ").append(identifier).append(").");
        } else {
            msg.append(Suggestions.didYouMean(identifier, available));
        }
        msg.append(" Available ").append(noun).append("s: ")
                .append(available.isEmpty() ? "none" : String.join(", ", available)).append('.');
        throw new ValidationException(msg.toString());
    }

    /** The jar (or class directory) a factory was loaded from. */
    public static String origin(Factory factory) {
        return location(factory).map(Path::toString).orElse("an unknown location");
    }

    /**
     * The Maven coordinate (groupId:artifactId:version) of the jar a factory comes from, read from the
     * jar's Maven descriptor; empty for class directories and jars without one.
     */
    public static Optional<String> artifact(Factory factory) {
        Optional<Path> jar = location(factory).filter(p -> p.toString().endsWith(".jar"));
        if (jar.isEmpty()) {
            return Optional.empty();
        }
        try (JarFile file = new JarFile(jar.get().toFile())) {
            Iterator<JarEntry> entries = file.entries().asIterator();
            while (entries.hasNext()) {
                JarEntry e = entries.next();
                if (e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties")) {
                    Properties p = new Properties();
                    try (InputStream in = file.getInputStream(e)) {
                        p.load(in);
                    }
                    return Optional.of(p.getProperty("groupId") + ":" + p.getProperty("artifactId") + ":"
                            + p.getProperty("version"));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<Path> location(Factory factory) {
        CodeSource source = factory.getClass().getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        URL url = source.getLocation();
        try {
            return Optional.of(Path.of(url.toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
