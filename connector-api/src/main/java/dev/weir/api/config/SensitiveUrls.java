package dev.weir.api.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks the user info of URLs ({@code http://user:pw@host:9200} becomes
 * {@code http://******@host:9200}) wherever option values, URLs or messages that may quote them are
 * rendered: a password written into a host list must not reach an error, a log line or a
 * {@code toString}. Works on any text, so a client library's exception message that quotes the URL
 * is masked as well.
 */
public final class SensitiveUrls {
    /**
     * A scheme, {@code ://}, then the user info: everything up to the last {@code @} before the
     * authority ends ({@code /}, {@code ?}, {@code #} or white space), so a password holding an
     * unescaped {@code @}, {@code ,} or {@code ;} is masked whole. When in doubt this masks too much,
     * never too little.
     */
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\\s]*@");

    private SensitiveUrls() {
    }

    /** The text with the user info of every URL in it replaced by {@link SensitiveKeys#MASK}; null stays null. */
    public static String mask(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        return USER_INFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + SensitiveKeys.MASK + "@"));
    }

    /**
     * The pattern {@link #mask} replaces, group 1 being the scheme and {@code ://} it keeps: for
     * renderings outside the JVM (the Python package reads it from the catalog) to mask alike.
     */
    public static String userInfoPattern() {
        return USER_INFO.pattern();
    }

    /** Whether the text holds a URL with user info (credentials that belong in options of their own). */
    public static boolean hasUserInfo(String text) {
        return text != null && USER_INFO.matcher(text).find();
    }
}
