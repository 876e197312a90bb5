package dev.weir.api.factory;

import dev.weir.api.config.ConfigOption;
import java.util.Set;

/**
 * Something found by {@link java.util.ServiceLoader} under {@code META-INF/services/dev.weir.api.factory.Factory}:
 * a source, a sink or a format, named by an identifier and configured by typed options.
 *
 * <p>One class may implement both {@link SourceFactory} and {@link SinkFactory} (as Kafka does).
 */
public interface Factory {
    /** The name users write: {@code 'connector' = 'kafka'} or {@code 'format' = 'json'}. Lower-case, with hyphens. */
    String identifier();

    /** One or two sentences for the catalog, the CLI and generated bindings. */
    String description();

    Set<ConfigOption<?>> requiredOptions();

    Set<ConfigOption<?>> optionalOptions();
}
