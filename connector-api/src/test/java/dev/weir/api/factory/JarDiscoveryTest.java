package dev.weir.api.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A factory in a jar that this module has never seen is found once the jar is on the classpath,
 * with nothing else to do: the jar is compiled and packaged here, from source, at test time.
 */
class JarDiscoveryTest {
    @TempDir
    Path dir;

    @Test
    void addingAJarIsAllItTakes() throws Exception {
        Path jar = buildFactoryJar("acme", "com.acme.AcmeSource", "acme-source");
        ClassLoader parent = getClass().getClassLoader();

        assertThat(FactoryDiscovery.load(parent).findAny("acme-source")).isEmpty();
        try (URLClassLoader withJar = new URLClassLoader(new URL[] {jar.toUri().toURL()}, parent)) {
            FactoryDiscovery discovery = FactoryDiscovery.load(withJar);
            SourceFactory found = discovery.find(SourceFactory.class, "acme-source", "t");
            assertThat(found.getClass().getName()).isEqualTo("com.acme.AcmeSource");
            assertThat(found.description()).isEqualTo("Made at test time.");
            assertThat(FactoryDiscovery.origin(found)).isEqualTo(jar.toString());
            assertThat(FactoryDiscovery.artifact(found)).contains("com.acme:acme:1.0");
        }
    }

    @Test
    void twoFactoriesWithOneIdentifierAreListedWithTheirJars() throws Exception {
        Path first = buildFactoryJar("one", "com.one.Clash", "clash");
        Path second = buildFactoryJar("two", "com.two.Clash", "clash");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {first.toUri().toURL(), second.toUri().toURL()},
                getClass().getClassLoader())) {
            FactoryDiscovery discovery = FactoryDiscovery.load(loader);
            assertThatThrownBy(() -> discovery.find(SourceFactory.class, "clash", "t"))
                    .hasMessageContaining("Multiple source connectors have the identifier 'clash' (table 't')")
                    .hasMessageContaining("com.one.Clash from " + first)
                    .hasMessageContaining("com.two.Clash from " + second);
        }
    }

    private Path buildFactoryJar(String name, String className, String identifier) throws IOException {
        String pkg = className.substring(0, className.lastIndexOf('.'));
        String simple = className.substring(className.lastIndexOf('.') + 1);
        Path src = dir.resolve(name + "-src/" + className.replace('.', '/') + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, """
                package %s;
                import dev.weir.api.config.ConfigOption;
                import dev.weir.api.factory.*;
                import dev.weir.api.source.Source;
                import java.util.Set;
                public class %s implements SourceFactory {
                    public String identifier() { return "%s"; }
                    public String description() { return "Made at test time."; }
                    public Set<ConfigOption<?>> requiredOptions() { return Set.of(); }
                    public Set<ConfigOption<?>> optionalOptions() { return Set.of(); }
                    public Source<?, ?> createSource(TableContext context) { return null; }
                }
                """.formatted(pkg, simple, identifier));
        Path classes = dir.resolve(name + "-classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-classpath", System.getProperty("java.class.path"),
                "-d", classes.toString(), src.toString());
        assertThat(rc).as("javac exit code").isZero();

        Path jar = dir.resolve(name + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            String classEntry = className.replace('.', '/') + ".class";
            add(out, classEntry, Files.readAllBytes(classes.resolve(classEntry)));
            add(out, "META-INF/services/dev.weir.api.factory.Factory", (className + "\n").getBytes(StandardCharsets.UTF_8));
            add(out, "META-INF/maven/com." + name + "/" + name + "/pom.properties",
                    ("groupId=com." + name + "\nartifactId=" + name + "\nversion=1.0\n").getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private static void add(JarOutputStream out, String entry, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(entry));
        out.write(bytes);
        out.closeEntry();
    }

    @Test
    void discoveryListsFactoriesByKind() {
        FactoryDiscovery discovery = FactoryDiscovery.load(getClass().getClassLoader());
        assertThat(discovery.factories(FactoryKind.FORMAT)).extracting(Factory::identifier).containsExactly("lines");
        assertThat(discovery.factories(FactoryKind.SINK)).extracting(Factory::identifier).containsExactly("memory");
        assertThat(FactoryKind.of(discovery.findAny("memory").orElseThrow()))
                .isEqualTo(List.of(FactoryKind.SOURCE, FactoryKind.SINK));
    }
}
