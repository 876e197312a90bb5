package dev.weir.api.factory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/** Weir's own version and the Maven coordinates of the factories Weir publishes. */
public final class WeirArtifacts {
    private static final Properties KNOWN = load("/META-INF/weir/known-factories.properties");
    private static final String VERSION = load("/META-INF/weir/weir-version.properties").getProperty("version");

    private WeirArtifacts() {
    }

    public static String version() {
        return VERSION;
    }

    /** 'dev.weir:weir-connector-kafka:0.1.0' for a Weir identifier, empty for anything else. */
    public static Optional<String> coordinateFor(String identifier) {
        return Optional.ofNullable(KNOWN.getProperty(identifier)).map(ga -> ga + ":" + VERSION);
    }

    private static Properties load(String resource) {
        Properties p = new Properties();
        try (InputStream in = WeirArtifacts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource + " in weir-connector-api");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
