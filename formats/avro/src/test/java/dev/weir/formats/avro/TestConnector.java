package dev.weir.formats.avro;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import dev.weir.api.factory.Factory;
import java.util.Set;

/** A connector as small as can be, to resolve the format through FactoryHelper as real connectors do. */
final class TestConnector implements Factory {
    static final ConfigOption<String> FORMAT = ConfigOptions.key("format").stringType()
            .noDefaultValue().withDescription("The format.");

    @Override
    public String identifier() {
        return "x";
    }

    @Override
    public String description() {
        return "Resolves formats in tests.";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(FORMAT);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }
}
