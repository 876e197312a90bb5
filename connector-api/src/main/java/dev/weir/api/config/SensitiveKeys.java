package dev.weir.api.config;

import java.util.List;
import java.util.Locale;

/**
 * Recognises keys whose values are secrets even when no factory declared them sensitive (a
 * {@code properties.sasl.jaas.config} passed through to a client, say), so they are never shown.
 */
public final class SensitiveKeys {
    public static final String MASK = "******";

    private static final List<String> WORDS = List.of(
            "password", "secret", "token", "apikey", "api-key", "api.key", "credential", "jaas.config",
            "auth-params", "authparams", "private-key", "private.key", "ssl.key", "basic-auth", "basic.auth", "user-info", "user.info", "http-headers");

    private SensitiveKeys() {
    }

    /** The words whose presence in a key (lower-cased) makes it sensitive; the Python package masks by the same list. */
    public static List<String> words() {
        return WORDS;
    }

    public static boolean looksSensitive(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return WORDS.stream().anyMatch(k::contains);
    }
}
