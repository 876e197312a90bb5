package dev.weir.resolver.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline resolution from a local repository written by the test: no network, nothing downloaded. */
class MavenResolutionTest {
    @TempDir
    Path dir;

    @Test
    void resolvesAnArtifactWithItsRuntimeDependencies() throws Exception {
        Path local = dir.resolve("local");
        install(local, "app", "1.0", dependency("lib", "2.0", "compile") + dependency("test-only", "1.0", "test"));
        install(local, "lib", "2.0", "");

        List<Path> jars = MavenResolution.resolve(List.of("com.example:app:1.0"), dir.resolve("cache"), local,
                List.of("https://repo.invalid/"), true);

        assertThat(jars).extracting(jar -> jar.getFileName().toString()).containsExactly("app-1.0.jar", "lib-2.0.jar");
    }

    @Test
    void aMissingDependencyIsNamedNotJustTheOfflineRepository() throws Exception {
        Path local = dir.resolve("local");
        install(local, "app", "1.0", dependency("lib", "2.0", "compile"));

        assertThatThrownBy(() -> MavenResolution.resolve(List.of("com.example:app:1.0"), dir.resolve("cache"), local,
                List.of("https://repo.invalid/"), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot resolve com.example:app:1.0: ")
                .hasMessageContaining("com.example:lib:jar:2.0")
                .hasMessageContaining(local + " (local)")
                .hasMessageContaining("(offline: no remote repository)");
    }

    private static String dependency(String artifactId, String version, String scope) {
        return "<dependency><groupId>com.example</groupId><artifactId>" + artifactId + "</artifactId><version>"
                + version + "</version><scope>" + scope + "</scope></dependency>";
    }

    private static void install(Path repository, String artifactId, String version, String dependencies) throws Exception {
        Path directory = Files.createDirectories(repository.resolve("com/example").resolve(artifactId).resolve(version));
        Files.writeString(directory.resolve(artifactId + "-" + version + ".pom"), """
                <project><modelVersion>4.0.0</modelVersion><groupId>com.example</groupId>
                  <artifactId>%s</artifactId><version>%s</version><dependencies>%s</dependencies></project>
                """.formatted(artifactId, version, dependencies));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(directory.resolve(artifactId + "-" + version + ".jar")))) {
            // an empty jar is a jar
        }
    }
}
