package dev.weir.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The jar cache is where Python's add_connector keeps its downloads (weir/_jvm/cache.py), so both share it. */
class ResolverSettingsTest {
    private static final Path HOME = Path.of(System.getProperty("user.home"));

    @Test
    void weirCacheDirWinsOverEverything() {
        assertThat(ResolverSettings.jarCacheDirectory(Map.of("WEIR_CACHE_DIR", "/c", "XDG_CACHE_HOME", "/x"), "Linux"))
                .isEqualTo(Path.of("/c/jars"));
    }

    @Test
    void linuxUsesXdgCacheHomeElseDotCache() {
        assertThat(ResolverSettings.jarCacheDirectory(Map.of("XDG_CACHE_HOME", "/x"), "Linux"))
                .isEqualTo(Path.of("/x/weir/jars"));
        assertThat(ResolverSettings.jarCacheDirectory(Map.of("XDG_CACHE_HOME", ""), "Linux"))
                .isEqualTo(HOME.resolve(".cache/weir/jars"));
    }

    @Test
    void macOsAndWindowsUseTheirPlatformCache() {
        assertThat(ResolverSettings.jarCacheDirectory(Map.of("XDG_CACHE_HOME", "/x"), "Mac OS X"))
                .isEqualTo(HOME.resolve("Library/Caches/weir/jars"));
        assertThat(ResolverSettings.jarCacheDirectory(Map.of("LOCALAPPDATA", "/l"), "Windows 11"))
                .isEqualTo(Path.of("/l/weir/Cache/jars"));
    }

    @Test
    void noRepositoriesMeansMavenCentral() {
        assertThat(new ResolverSettings(Path.of("c"), Path.of("l"), List.of(), false).repositories())
                .containsExactly(ResolverSettings.MAVEN_CENTRAL);
    }
}
