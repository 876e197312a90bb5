package dev.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party connector jar, compiled here, whose class needs a library jar: what the check says
 * with and without the connector's Maven metadata, and that it is quiet once the library is there.
 */
class MissingClassesTest {
    @TempDir
    Path dir;
    private Path classes;

    @BeforeEach
    void compile() throws Exception {
        Path sources = Files.createDirectories(dir.resolve("src/com/acme"));
        Files.writeString(Files.createDirectories(sources.resolve("lib")).resolve("Client.java"),
                "package com.acme.lib; public class Client {}");
        Files.writeString(Files.createDirectories(sources.resolve("connector")).resolve("AcmeSource.java"),
                "package com.acme.connector; public class AcmeSource { com.acme.lib.Client client; }");
        classes = dir.resolve("classes");
        int exit = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                sources.resolve("lib/Client.java").toString(), sources.resolve("connector/AcmeSource.java").toString());
        assertThat(exit).isZero();
    }

    @Test
    void withMavenMetadataTheArtifactHoldingTheClassIsNamed() throws Exception {
        Path connector = connectorJar(true);

        String message = MissingClasses.check(List.of(connector), Map.of(), loader(connector)).orElseThrow();

        assertThat(message).isEqualTo("The jar " + connector + " needs class com.acme.lib.Client, which is not on the"
                + " class path: it is in com.acme:acme-client (use --connector com.acme:acme-connector:1.0 to resolve"
                + " the connector with its dependencies).");
    }

    @Test
    void withoutMavenMetadataTheMessageSaysHowToAddIt() throws Exception {
        Path connector = connectorJar(false);

        String message = MissingClasses.check(List.of(connector), Map.of(), loader(connector)).orElseThrow();

        assertThat(message).isEqualTo("The jar " + connector + " needs class com.acme.lib.Client, which is not on the"
                + " class path (add the jar that provides it with --jar, or resolve the connector by its Maven"
                + " coordinate with --connector groupId:artifactId:version).");
    }

    @Test
    void aConnectorAddedByNameIsNamedSo() throws Exception {
        Path connector = connectorJar(true);

        String message = MissingClasses.check(List.of(connector), Map.of(connector, "com.acme:acme-connector:1.0"),
                loader(connector)).orElseThrow();

        assertThat(message).startsWith("Connector 'com.acme:acme-connector:1.0' (from " + connector + ") needs class"
                + " com.acme.lib.Client").contains("the connector's own dependencies do not provide it");
    }

    @Test
    void nothingIsReportedWhenTheLibraryIsThere() throws Exception {
        Path connector = connectorJar(true);
        Path library = jar("acme-client.jar", Map.of("com/acme/lib/Client.class",
                Files.readAllBytes(classes.resolve("com/acme/lib/Client.class"))));

        assertThat(MissingClasses.check(List.of(connector, library), Map.of(), loader(connector, library))).isEmpty();
    }

    @Test
    void aFileThatIsNotAJarIsSaidToBeOne() throws Exception {
        Path notAJar = Files.writeString(dir.resolve("notes.jar"), "not a zip");

        assertThat(MissingClasses.check(List.of(notAJar), Map.of(), loader()))
                .hasValueSatisfying(message -> assertThat(message).startsWith(notAJar + " cannot be read as a jar: "));
    }

    private Path connectorJar(boolean withMavenMetadata) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        // The check only asks whether a jar provides factories; it loads none of them.
        entries.put("META-INF/services/dev.weir.api.factory.Factory", "com.acme.connector.AcmeFactory\n".getBytes(StandardCharsets.UTF_8));
        entries.put("com/acme/connector/AcmeSource.class", Files.readAllBytes(classes.resolve("com/acme/connector/AcmeSource.class")));
        if (withMavenMetadata) {
            entries.put("META-INF/maven/com.acme/acme-connector/pom.properties",
                    "groupId=com.acme\nartifactId=acme-connector\nversion=1.0\n".getBytes(StandardCharsets.UTF_8));
            // weir-connector-api is on the class path, the test-scoped library does not count, and the
            // other missing dependency is not where com.acme classes live.
            entries.put("META-INF/maven/com.acme/acme-connector/pom.xml", """
                    <project><groupId>com.acme</groupId><artifactId>acme-connector</artifactId><version>1.0</version>
                      <dependencies>
                        <dependency><groupId>dev.weir</groupId><artifactId>weir-connector-api</artifactId></dependency>
                        <dependency><groupId>org.other</groupId><artifactId>other-lib</artifactId></dependency>
                        <dependency><groupId>com.acme</groupId><artifactId>acme-client</artifactId><version>${v}</version></dependency>
                        <dependency><groupId>com.acme</groupId><artifactId>acme-testkit</artifactId><scope>test</scope></dependency>
                      </dependencies></project>
                    """.getBytes(StandardCharsets.UTF_8));
        }
        return jar("acme-connector.jar", entries);
    }

    private Path jar(String name, Map<String, byte[]> entries) throws Exception {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }

    private static ClassLoader loader(Path... jars) throws Exception {
        URL[] urls = new URL[jars.length];
        for (int i = 0; i < jars.length; i++) {
            urls[i] = jars[i].toUri().toURL();
        }
        return new URLClassLoader(urls, MissingClassesTest.class.getClassLoader());
    }
}
