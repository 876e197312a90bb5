package dev.weir.connectors.elasticsearch;

import static dev.weir.connectors.elasticsearch.ElasticsearchOptions.*;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.weir.api.config.Configuration;
import dev.weir.api.config.SensitiveUrls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/**
 * Where and how to connect: hosts, credentials, TLS trust and timeouts, checked when the table is
 * planned. Trust material is read then, so writers and readers on other machines need no files.
 *
 * <p>Secrets (password, API key, trust store password) are only handed to the HTTP client; nothing
 * here prints them, and {@link #toString()} names which kind of authentication is used, never its value.
 */
final class ConnectionSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> hosts;
    private final String username;
    private final String password;
    private final String apiKey;
    private final String pathPrefix;
    private final Duration connectionRequestTimeout;
    private final Duration connectTimeout;
    private final Duration socketTimeout;
    /**
     * The trusted certificates (from a PEM file or a trust store) as a PKCS12 store without a
     * password, or null for the JVM's defaults. The user's trust store password is not kept.
     */
    private final byte[] trustStore;

    private ConnectionSettings(List<String> hosts, String username, String password, String apiKey, String pathPrefix,
                               Duration connectionRequestTimeout, Duration connectTimeout, Duration socketTimeout,
                               byte[] trustStore) {
        this.hosts = List.copyOf(hosts);
        this.username = username;
        this.password = password;
        this.apiKey = apiKey;
        this.pathPrefix = pathPrefix;
        this.connectionRequestTimeout = connectionRequestTimeout;
        this.connectTimeout = connectTimeout;
        this.socketTimeout = socketTimeout;
        this.trustStore = trustStore;
    }

    /** Reads the connection options, adding every problem to {@code problems}. */
    static ConnectionSettings from(Configuration options, List<String> problems) {
        List<String> hosts = options.get(HOSTS);
        if (hosts == null || hosts.isEmpty()) {
            problems.add("set '" + HOSTS.key() + "', e.g. 'http://localhost:9200'.");
            hosts = List.of();
        }
        for (String host : hosts) {
            checkHost(host, problems);
        }
        String username = options.get(USERNAME);
        String password = options.get(PASSWORD);
        String apiKey = options.get(API_KEY);
        if ((username == null) != (password == null)) {
            problems.add("'" + USERNAME.key() + "' and '" + PASSWORD.key() + "' go together: set both or neither.");
        }
        if (apiKey != null && username != null) {
            problems.add("set either '" + API_KEY.key() + "' or '" + USERNAME.key() + "'/'" + PASSWORD.key() + "', not both.");
        }
        String pathPrefix = options.get(PATH_PREFIX);
        if (pathPrefix != null && !pathPrefix.startsWith("/")) {
            pathPrefix = "/" + pathPrefix;
        }

        String caFile = options.get(SSL_CERTIFICATE_AUTHORITIES);
        String trustStoreFile = options.get(SSL_TRUSTSTORE_LOCATION);
        String trustStorePassword = options.get(SSL_TRUSTSTORE_PASSWORD);
        byte[] trustStore = null;
        if (caFile != null && trustStoreFile != null) {
            problems.add("set either '" + SSL_CERTIFICATE_AUTHORITIES.key() + "' or '" + SSL_TRUSTSTORE_LOCATION.key()
                    + "', not both.");
        } else if (caFile != null) {
            trustStore = trustedCertificatesOfPem(Path.of(caFile), problems);
        } else if (trustStoreFile != null) {
            trustStore = trustedCertificatesOfStore(Path.of(trustStoreFile),
                    trustStorePassword == null ? null : trustStorePassword.toCharArray(), problems);
        }
        if (trustStorePassword != null && trustStoreFile == null) {
            problems.add("'" + SSL_TRUSTSTORE_PASSWORD.key() + "' needs '" + SSL_TRUSTSTORE_LOCATION.key() + "'.");
        }
        return new ConnectionSettings(hosts, username, password, apiKey, pathPrefix, options.get(CONNECTION_REQUEST_TIMEOUT),
                options.get(CONNECTION_TIMEOUT), options.get(SOCKET_TIMEOUT), trustStore);
    }

    private static void checkHost(String host, List<String> problems) {
        String expected = " Expected 'http://host:port' or 'https://host:port'.";
        if (SensitiveUrls.hasUserInfo(host)) {
            // the HTTP client would take 'user:pw@host' for a host name and quote it in every error
            problems.add("'" + HOSTS.key() + "' has '" + SensitiveUrls.mask(host) + "', with credentials in the URL."
                    + " Set them as '" + USERNAME.key() + "' and '" + PASSWORD.key() + "' (or '" + API_KEY.key()
                    + "') instead." + expected);
            return;
        }
        try {
            URI uri = new URI(host.trim());
            boolean schemeOk = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            boolean pathless = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
            if (!schemeOk || uri.getHost() == null || uri.getPort() < 0 || !pathless) {
                problems.add("'" + HOSTS.key() + "' has '" + host + "'." + expected
                        + (pathless ? "" : " A path goes into '" + PATH_PREFIX.key() + "'."));
            }
        } catch (URISyntaxException e) {
            problems.add("'" + HOSTS.key() + "' has '" + host + "', which is not a URL: " + e.getReason() + "." + expected);
        }
    }

    private static byte[] trustedCertificatesOfPem(Path pem, List<String> problems) {
        try {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem)));
            if (certificates.isEmpty()) {
                problems.add("'" + SSL_CERTIFICATE_AUTHORITIES.key() + "' file " + pem + " holds no certificate.");
                return null;
            }
            return passwordlessStore(certificates);
        } catch (IOException e) {
            problems.add("cannot read '" + SSL_CERTIFICATE_AUTHORITIES.key() + "' file " + pem + ": " + e + ".");
        } catch (GeneralSecurityException e) {
            problems.add("'" + SSL_CERTIFICATE_AUTHORITIES.key() + "' file " + pem + " is not PEM certificates: "
                    + e.getMessage() + ".");
        }
        return null;
    }

    private static byte[] trustedCertificatesOfStore(Path file, char[] password, List<String> problems) {
        try {
            KeyStore store = KeyStore.getInstance(file.toFile(), password); // PKCS12 or JKS, password checked
            List<Certificate> certificates = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias)) {
                    certificates.add(store.getCertificate(alias));
                }
            }
            if (certificates.isEmpty()) {
                problems.add("'" + SSL_TRUSTSTORE_LOCATION.key() + "' file " + file + " holds no trusted certificate.");
                return null;
            }
            return passwordlessStore(certificates);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            // The message names the file and what is wrong; it never holds the password.
            problems.add("cannot read '" + SSL_TRUSTSTORE_LOCATION.key() + "' file " + file + ": " + e.getMessage() + ".");
            return null;
        }
    }

    private static byte[] passwordlessStore(Collection<? extends Certificate> certificates)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int n = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("trusted-" + n++, certificate);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        store.store(bytes, new char[0]);
        return bytes.toByteArray();
    }

    /** A client of the cluster; closing its transport closes the connections. */
    ElasticsearchClient createClient() {
        RestClientBuilder builder = RestClient.builder(hosts.stream().map(HttpHost::create).toArray(HttpHost[]::new));
        if (pathPrefix != null) {
            builder.setPathPrefix(pathPrefix);
        }
        if (apiKey != null) {
            builder.setDefaultHeaders(new Header[]{new BasicHeader("Authorization", "ApiKey " + apiKey)});
        }
        builder.setRequestConfigCallback(config -> {
            if (connectionRequestTimeout != null) {
                config.setConnectionRequestTimeout((int) connectionRequestTimeout.toMillis());
            }
            if (connectTimeout != null) {
                config.setConnectTimeout((int) connectTimeout.toMillis());
            }
            if (socketTimeout != null) {
                config.setSocketTimeout((int) socketTimeout.toMillis());
            }
            return config;
        });
        SSLContext sslContext = sslContext();
        builder.setHttpClientConfigCallback(http -> {
            if (username != null) {
                BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                credentials.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials(username, password));
                http.setDefaultCredentialsProvider(credentials);
            }
            if (sslContext != null) {
                http.setSSLContext(sslContext);
            }
            return http;
        });
        return new ElasticsearchClient(new RestClientTransport(builder.build(), new JacksonJsonpMapper()));
    }

    private SSLContext sslContext() {
        if (trustStore == null) {
            return null;
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(trustStore), new char[0]);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up TLS with the configured trust material: " + e.getMessage(), e);
        }
    }

    /** The hosts, for messages. */
    String hostsForMessages() {
        return String.join(", ", hosts);
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add("hosts=" + hosts);
        if (pathPrefix != null) {
            parts.add("path-prefix=" + pathPrefix);
        }
        parts.add("auth=" + (apiKey != null ? "api-key" : username != null ? "basic (" + username + ")" : "none"));
        return "Elasticsearch[" + String.join(", ", parts) + "]";
    }
}
