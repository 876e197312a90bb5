package dev.weir.cli;

import dev.weir.resolver.ArtifactResolver;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A connector jar whose classes need a library that is not on the class path: which class is missing,
 * which jar needs it and, from that jar's own Maven metadata (META-INF/maven/.../pom.xml lists its
 * dependencies), which artifact provides it. Without this the JVM's answer is the bare class name
 * ("org/apache/kafka/common/serialization/Deserializer"), at whatever point the class is first used.
 */
final class MissingClasses {
    private static final String FACTORY_SERVICE = "META-INF/services/dev.weir.api.factory.Factory";
    private static final Pattern CLASS_NAME = Pattern.compile("[\\p{javaJavaIdentifierPart}$/.]+");

    private MissingClasses() {
    }

    /**
     * Links every class of each jar that provides factories, the way the JVM does before running it,
     * so that a missing dependency shows now, named, rather than in the middle of a job.
     *
     * @param names what each jar was added as ('kafka' for {@code --connector kafka}), for the message
     * @return the explanation of the first missing class (or unreadable jar), if any
     */
    static Optional<String> check(List<Path> jars, Map<Path, String> names, ClassLoader loader) {
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                if (file.getEntry(FACTORY_SERVICE) == null) {
                    continue;
                }
                List<String> classes = file.stream().map(JarEntry::getName)
                        .filter(name -> name.endsWith(".class") && !name.startsWith("META-INF/")
                                && !name.endsWith("module-info.class"))
                        .sorted().map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                        .toList();
                for (String type : classes) {
                    Optional<String> missing = missingClassOf(() -> link(type, loader));
                    if (missing.isPresent()) {
                        return Optional.of(message(jar, names.get(jar), missing.get(), loader));
                    }
                }
            } catch (IOException e) {
                return Optional.of(jar + " cannot be read as a jar: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * The explanation of an error thrown anywhere (factory discovery, planning) if a missing class is
     * its cause; the jar that needed it is the first one on the failing stack.
     */
    static Optional<String> explain(Throwable error, ClassLoader loader) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            Optional<String> missing = missingClass(cause);
            if (missing.isPresent()) {
                Path jar = null;
                for (StackTraceElement frame : cause.getStackTrace()) {
                    jar = jarOf(frame.getClassName(), loader);
                    if (jar != null) {
                        break;
                    }
                }
                return Optional.of(jar == null
                        ? "Class " + missing.get() + " is needed but is not on the class path."
                                + " Add the jar that provides it with --jar, or resolve the connector with its"
                                + " dependencies with --connector."
                        : message(jar, null, missing.get(), loader));
            }
        }
        return Optional.empty();
    }

    private static void link(String type, ClassLoader loader) throws ClassNotFoundException {
        // Reflection links the class (verifying it) and resolves every field and signature type,
        // without running its static initializer.
        Class<?> linked = Class.forName(type, false, loader);
        linked.getDeclaredFields();
        linked.getDeclaredMethods();
        linked.getDeclaredConstructors();
    }

    private interface Check {
        void run() throws ClassNotFoundException;
    }

    private static Optional<String> missingClassOf(Check check) {
        try {
            check.run();
            return Optional.empty();
        } catch (ClassNotFoundException | LinkageError | TypeNotPresentException e) {
            return missingClass(e);
        }
    }

    /** The binary name of the class a "class not found" error is about; a class whose initializer failed is not missing. */
    private static Optional<String> missingClass(Throwable error) {
        String message = error.getMessage();
        if (message == null || !CLASS_NAME.matcher(message).matches()) {
            return Optional.empty();
        }
        if (error instanceof ClassNotFoundException || error instanceof NoClassDefFoundError) {
            return Optional.of(message.replace('/', '.'));
        }
        if (error instanceof TypeNotPresentException t) {
            return Optional.of(t.typeName());
        }
        return Optional.empty();
    }

    private static Path jarOf(String className, ClassLoader loader) {
        if (className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")) {
            return null;
        }
        try {
            CodeSource source = Class.forName(className, false, loader).getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return null;
            }
            Path location = Path.of(source.getLocation().toURI());
            return location.toString().endsWith(".jar") && !isWeirItself(location) ? location : null;
        } catch (ClassNotFoundException | LinkageError | URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The engine and API on the stack are not what lacks a dependency. */
    private static boolean isWeirItself(Path jar) {
        String name = jar.getFileName().toString();
        return name.startsWith("weir-engine-") || name.startsWith("weir-connector-api-") || name.equals("weir-cli.jar");
    }

    static String message(Path jar, String addedAs, String missingClass, ClassLoader loader) {
        Optional<PomMetadata> pom = PomMetadata.of(jar);
        Optional<String> identifier = pom.flatMap(PomMetadata::weirIdentifier);
        String connector = addedAs != null ? addedAs : identifier.orElse(null);
        StringBuilder message = new StringBuilder(connector == null ? "The jar " + jar
                : "Connector '" + connector + "' (from " + jar + ")");
        message.append(" needs class ").append(missingClass).append(", which is not on the class path");
        pom.flatMap(p -> p.providersOf(missingClass, loader)).ifPresent(providers -> message.append(": ").append(providers));
        if (addedAs != null) {
            message.append(" (the connector's own dependencies do not provide it; add the jar that does with --jar)");
        } else if (identifier.isPresent()) {
            message.append(" (use --connector ").append(identifier.get())
                    .append(" to resolve the connector with its dependencies)");
        } else if (pom.isPresent()) {
            message.append(" (use --connector ").append(pom.get().coordinate())
                    .append(" to resolve the connector with its dependencies)");
        } else {
            message.append(" (add the jar that provides it with --jar, or resolve the connector by its Maven"
                    + " coordinate with --connector groupId:artifactId:version)");
        }
        return message.append('.').toString();
    }

    /** What a jar's META-INF/maven/{groupId}/{artifactId}/pom.xml and pom.properties say. */
    private record PomMetadata(String groupId, String artifactId, String version, List<Dependency> dependencies) {
        record Dependency(String groupId, String artifactId) {
            String coordinate() {
                return groupId + ":" + artifactId;
            }
        }

        String coordinate() {
            return groupId + ":" + artifactId + ":" + version;
        }

        static Optional<PomMetadata> of(Path jar) {
            try (JarFile file = new JarFile(jar.toFile())) {
                Optional<JarEntry> properties = file.stream()
                        .filter(e -> e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties"))
                        .findFirst();
                if (properties.isEmpty()) {
                    return Optional.empty();
                }
                Properties p = new Properties();
                try (InputStream in = file.getInputStream(properties.get())) {
                    p.load(in);
                }
                String pomName = properties.get().getName().replace("/pom.properties", "/pom.xml");
                JarEntry pom = file.getJarEntry(pomName);
                List<Dependency> dependencies = new ArrayList<>();
                if (pom != null) {
                    try (InputStream in = file.getInputStream(pom)) {
                        dependencies = dependencies(in);
                    }
                }
                return Optional.of(new PomMetadata(p.getProperty("groupId"), p.getProperty("artifactId"),
                        p.getProperty("version"), dependencies));
            } catch (IOException | RuntimeException e) {
                // Unreadable metadata only costs the message its hint.
                return Optional.empty();
            }
        }

        /** The dependencies a user of the jar needs at run time: compile or runtime scope, not optional. */
        private static List<Dependency> dependencies(InputStream pom) throws IOException {
            try {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                factory.setExpandEntityReferences(false);
                Document document = factory.newDocumentBuilder().parse(pom);
                List<Dependency> found = new ArrayList<>();
                for (Element dependencies : children(document.getDocumentElement(), "dependencies")) {
                    for (Element dependency : children(dependencies, "dependency")) {
                        String scope = text(dependency, "scope", "compile");
                        if ((scope.equals("compile") || scope.equals("runtime"))
                                && !text(dependency, "optional", "false").equals("true")) {
                            found.add(new Dependency(text(dependency, "groupId", ""), text(dependency, "artifactId", "")));
                        }
                    }
                }
                return found;
            } catch (org.xml.sax.SAXException | javax.xml.parsers.ParserConfigurationException e) {
                throw new IOException(e);
            }
        }

        private static List<Element> children(Element parent, String name) {
            List<Element> elements = new ArrayList<>();
            NodeList nodes = parent.getChildNodes();
            for (int i = 0; i < nodes.getLength(); i++) {
                Node node = nodes.item(i);
                if (node instanceof Element e && e.getTagName().equals(name)) {
                    elements.add(e);
                }
            }
            return elements;
        }

        private static String text(Element parent, String name, String fallback) {
            List<Element> found = children(parent, name);
            return found.isEmpty() ? fallback : found.get(0).getTextContent().trim();
        }

        /**
         * Weir's identifier for this artifact ('kafka' for weir-connector-kafka, not 'upsert-kafka'
         * from the same jar).
         */
        Optional<String> weirIdentifier() {
            String coordinate = groupId + ":" + artifactId + ":";
            return ArtifactResolver.weirArtifacts().entrySet().stream()
                    .filter(e -> e.getValue().startsWith(coordinate)).map(Map.Entry::getKey)
                    .min(Comparator.comparing((String id) -> !artifactId.endsWith("-" + id)).thenComparing(id -> id));
        }

        /**
         * Which of the declared dependencies that are not on the class path holds the class: the one(s)
         * whose groupId the class's package starts with; failing that, all of them are candidates.
         */
        Optional<String> providersOf(String missingClass, ClassLoader loader) {
            List<String> absent = dependencies.stream()
                    .filter(d -> loader.getResource("META-INF/maven/" + d.groupId() + "/" + d.artifactId()
                            + "/pom.properties") == null)
                    .map(Dependency::coordinate).toList();
            List<String> byPackage = absent.stream().filter(d -> missingClass.startsWith(d.substring(0, d.indexOf(':')) + "."))
                    .toList();
            if (byPackage.size() == 1) {
                return Optional.of("it is in " + byPackage.get(0));
            }
            if (!byPackage.isEmpty()) {
                return Optional.of("it is in one of " + String.join(", ", byPackage));
            }
            return absent.isEmpty() ? Optional.empty()
                    : Optional.of("the jar depends on " + String.join(", ", absent) + ", not on the class path");
        }
    }
}
