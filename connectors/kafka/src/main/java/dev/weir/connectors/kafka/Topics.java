package dev.weir.connectors.kafka;

import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;

/** The topics a table names: a list, or a pattern matched against the cluster's topics. */
record Topics(List<String> names, String pattern) implements Serializable {

    boolean matches(String topic) {
        return pattern != null ? Pattern.matches(pattern, topic) : names.contains(topic);
    }

    @Override
    public String toString() {
        return pattern != null ? "topics matching '" + pattern + "'" : "topic(s) " + String.join(", ", names);
    }
}
