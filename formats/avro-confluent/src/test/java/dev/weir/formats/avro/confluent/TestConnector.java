package dev.weir.formats.avro.confluent;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import dev.weir.api.factory.Factory;
import java.util.Set;

/** A connector as small as can be, to resolve the format through FactoryHelper as the Kafka connector will. */
final class TestConnector implements Factory {
    static final ConfigOption<String> VALUE_FORMAT = ConfigOptions.key("value.format").stringType()
            .noDefaultValue().withDescription("The value format.");

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
        return Set.of(VALUE_FORMAT);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }
}
