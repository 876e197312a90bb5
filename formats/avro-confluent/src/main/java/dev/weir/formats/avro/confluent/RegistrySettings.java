package dev.weir.formats.avro.confluent;

import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.BASIC_AUTH_CREDENTIALS_SOURCE;
import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.BASIC_AUTH_USER_INFO;
import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.BEARER_AUTH_CREDENTIALS_SOURCE;
import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.BEARER_AUTH_TOKEN;
import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.REQUEST_TIMEOUT;
import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.SSL_KEYSTORE_LOCATION;
import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.SSL_KEYSTORE_PASSWORD;
import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.SSL_TRUSTSTORE_LOCATION;
import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.SSL_TRUSTSTORE_PASSWORD;
import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.URL;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.Configuration;
import dev.weir.api.format.FormatContext;
import dev.weir.formats.avro.confluent.ConfluentAvroOptions.BasicAuthSource;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to reach the schema registry: its URL, the Authorization header, TLS stores and the timeout.
 * Serializable because decoders and encoders are shipped to workers. Holds secrets, so it never
 * prints them: {@link #toString()} and {@link #url()} show the URL without user info.
 */
final class RegistrySettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The Confluent client properties that 'properties.*' understands, each an alias of one option. */
    static final List<String> CLIENT_PROPERTIES = List.of("basic.auth.credentials.source", "basic.auth.user.info",
            "bearer.auth.credentials.source", "bearer.auth.token", "schema.registry.ssl.truststore.location",
            "schema.registry.ssl.truststore.password", "schema.registry.ssl.keystore.location",
            "schema.registry.ssl.keystore.password");
    private static final List<ConfigOption<?>> PROPERTY_OPTIONS = List.of(BASIC_AUTH_CREDENTIALS_SOURCE,
            BASIC_AUTH_USER_INFO, BEARER_AUTH_CREDENTIALS_SOURCE, BEARER_AUTH_TOKEN, SSL_TRUSTSTORE_LOCATION,
            SSL_TRUSTSTORE_PASSWORD, SSL_KEYSTORE_LOCATION, SSL_KEYSTORE_PASSWORD);

    /** Without user info and without a trailing '/'. */
    private final URI baseUri;
    /** The Authorization header's value, or null. */
    private final String authorization;
    private final String truststoreLocation;
    private final String truststorePassword;
    private final String keystoreLocation;
    private final String keystorePassword;
    private final Duration requestTimeout;

    RegistrySettings(URI baseUri, String authorization, String truststoreLocation, String truststorePassword,
                     String keystoreLocation, String keystorePassword, Duration requestTimeout) {
        this.baseUri = baseUri;
        this.authorization = authorization;
        this.truststoreLocation = truststoreLocation;
        this.truststorePassword = truststorePassword;
        this.keystoreLocation = keystoreLocation;
        this.keystorePassword = keystorePassword;
        this.requestTimeout = requestTimeout;
    }

    /** @throws IllegalArgumentException naming the option (never its secret value) when a setting is wrong */
    static RegistrySettings from(FormatContext context) {
        String prefix = context.optionPrefix();
        Configuration options = withClientProperties(context.options(), prefix);
        String url = options.get(URL);
        if (url == null) {
            throw new IllegalArgumentException("the option '" + prefix + URL.key() + "' is required: the URL of the"
                    + " schema registry");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the option '" + prefix + URL.key() + "' is not a URL: " + e.getReason());
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
            throw new IllegalArgumentException("the option '" + prefix + URL.key() + "' must be an http or https URL"
                    + " such as 'http://localhost:8081' (one URL; a list of them is not supported)");
        }
        String userInfoInUrl = uri.getRawUserInfo();
        URI base = URI.create(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "")));

        String basic = basicCredentials(options, prefix, userInfoInUrl);
        String token = options.get(BEARER_AUTH_TOKEN);
        if (basic != null && token != null) {
            throw new IllegalArgumentException("both Basic and bearer credentials are set ('" + prefix
                    + BASIC_AUTH_USER_INFO.key() + "' or user info in the URL, and '" + prefix + BEARER_AUTH_TOKEN.key()
                    + "'): a registry accepts one, so set only one");
        }
        if (options.contains(BEARER_AUTH_CREDENTIALS_SOURCE) && token == null) {
            throw new IllegalArgumentException("the option '" + prefix + BEARER_AUTH_CREDENTIALS_SOURCE.key()
                    + "' is STATIC_TOKEN, but '" + prefix + BEARER_AUTH_TOKEN.key() + "' is not set");
        }
        String authorization = basic != null
                ? "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8))
                : token != null ? "Bearer " + token : null;
        requirePasswordWith(options, prefix, SSL_TRUSTSTORE_LOCATION, SSL_TRUSTSTORE_PASSWORD);
        requirePasswordWith(options, prefix, SSL_KEYSTORE_LOCATION, SSL_KEYSTORE_PASSWORD);
        return new RegistrySettings(base, authorization, options.get(SSL_TRUSTSTORE_LOCATION),
                options.get(SSL_TRUSTSTORE_PASSWORD), options.get(SSL_KEYSTORE_LOCATION),
                options.get(SSL_KEYSTORE_PASSWORD), options.get(REQUEST_TIMEOUT));
    }

    /**
     * The options with 'properties.*' client properties added under the option each stands for, where
     * the option itself is not set (options take precedence, as in Flink).
     */
    private static Configuration withClientProperties(Configuration options, String prefix) {
        Map<String, String> merged = new LinkedHashMap<>(options.toMap());
        for (String key : options.keySet()) {
            if (!key.startsWith("properties.")) {
                continue;
            }
            String property = key.substring("properties.".length());
            int known = CLIENT_PROPERTIES.indexOf(property);
            if (known < 0) {
                throw new IllegalArgumentException("the client property '" + prefix + key + "' is not understood by"
                        + " Weir's registry client; it understands " + String.join(", ", CLIENT_PROPERTIES)
                        + ", and the format's own options");
            }
            merged.putIfAbsent(PROPERTY_OPTIONS.get(known).key(), options.getString(key).orElseThrow());
        }
        return Configuration.of(merged);
    }

    private static String basicCredentials(Configuration options, String prefix, String userInfoInUrl) {
        String userInfo = options.get(BASIC_AUTH_USER_INFO);
        BasicAuthSource source = options.getOptional(BASIC_AUTH_CREDENTIALS_SOURCE)
                .orElse(userInfo != null ? BasicAuthSource.USER_INFO : null);
        if (source == null) {
            return null;
        }
        String credentials = source == BasicAuthSource.USER_INFO ? userInfo
                : userInfoInUrl == null ? null : URLDecoder.decode(userInfoInUrl, StandardCharsets.UTF_8);
        String where = source == BasicAuthSource.USER_INFO ? "'" + prefix + BASIC_AUTH_USER_INFO.key() + "'"
                : "the user info of '" + prefix + URL.key() + "'";
        if (credentials == null || credentials.indexOf(':') <= 0) {
            throw new IllegalArgumentException("the Basic auth credentials source is " + source + ", so " + where
                    + " must be set as 'user:password'");
        }
        return credentials;
    }

    private static void requirePasswordWith(Configuration options, String prefix, ConfigOption<String> location,
                                            ConfigOption<String> password) {
        if (options.contains(location) != options.contains(password)) {
            throw new IllegalArgumentException("the options '" + prefix + location.key() + "' and '" + prefix
                    + password.key() + "' go together: set both or neither");
        }
    }

    URI baseUri() {
        return baseUri;
    }

    /** The registry's URL as errors and logs show it: never with credentials. */
    String url() {
        return baseUri.toString();
    }

    String authorization() {
        return authorization;
    }

    String truststoreLocation() {
        return truststoreLocation;
    }

    String truststorePassword() {
        return truststorePassword;
    }

    String keystoreLocation() {
        return keystoreLocation;
    }

    String keystorePassword() {
        return keystorePassword;
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    @Override
    public String toString() {
        String auth = authorization == null ? "none" : authorization.startsWith("Basic") ? "basic" : "bearer";
        return "schema registry " + url() + " (auth: " + auth + ", truststore: "
                + (truststoreLocation == null ? "default" : truststoreLocation) + ")";
    }
}
