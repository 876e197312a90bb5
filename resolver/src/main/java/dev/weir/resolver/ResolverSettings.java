package dev.weir.resolver;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where {@link ArtifactResolver} looks: the user's local Maven repository first (read only, where a
 * Weir build installs its SNAPSHOTs), then Weir's jar cache (where downloads are written), then the
 * remote repositories, in order, unless offline.
 */
public record ResolverSettings(Path cacheDirectory, Path localRepository, List<String> repositories, boolean offline) {
    public static final String MAVEN_CENTRAL = "https://repo.maven.apache.org/maven2/";

    public ResolverSettings {
        repositories = List.copyOf(repositories.isEmpty() ? List.of(MAVEN_CENTRAL) : repositories);
    }

    /** ~/.m2/repository, Weir's jar cache, Maven Central, online. */
    public static ResolverSettings defaults(Map<String, String> environment) {
        return new ResolverSettings(jarCacheDirectory(environment, System.getProperty("os.name")),
                userLocalRepository(), List.of(), false);
    }

    /** ~/.m2/repository, where Maven (and a Weir source build) installs artifacts. */
    public static Path userLocalRepository() {
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /**
     * Weir's cache of downloaded connector jars, the one Python's {@code add_connector} uses (the same
     * rules as weir/_jvm/cache.py): {@code $WEIR_CACHE_DIR/jars}, else {@code $XDG_CACHE_HOME/weir/jars}
     * or {@code ~/.cache/weir/jars} (macOS: {@code ~/Library/Caches/weir/jars}, Windows:
     * {@code %LOCALAPPDATA%\weir\Cache\jars}).
     */
    static Path jarCacheDirectory(Map<String, String> environment, String osName) {
        return cacheDirectory(environment, osName).resolve("jars");
    }

    private static Path cacheDirectory(Map<String, String> environment, String osName) {
        Path home = Path.of(System.getProperty("user.home"));
        String explicit = environment.get("WEIR_CACHE_DIR");
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit);
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("mac")) {
            return home.resolve("Library").resolve("Caches").resolve("weir");
        }
        if (os.startsWith("windows")) {
            String local = environment.get("LOCALAPPDATA");
            return (local == null || local.isEmpty() ? home.resolve("AppData").resolve("Local") : Path.of(local))
                    .resolve("weir").resolve("Cache");
        }
        String xdg = environment.get("XDG_CACHE_HOME");
        return (xdg == null || xdg.isEmpty() ? home.resolve(".cache") : Path.of(xdg)).resolve("weir");
    }
}
