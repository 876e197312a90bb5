package dev.weir.connectors.blackhole;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import dev.weir.api.factory.FormatFactory;
import dev.weir.api.format.FormatContext;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.RowEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** An encode-only format for these tests: a row's toString() plus a suffix, in UTF-8. */
public final class ToStringFormatFactory implements FormatFactory {
    static final ConfigOption<String> SUFFIX = ConfigOptions.key("suffix").stringType().defaultValue("")
            .withDescription("Appended to every encoded row.");

    @Override
    public String identifier() {
        return "to-string";
    }

    @Override
    public String description() {
        return "Test format: a row's toString().";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(SUFFIX);
    }

    @Override
    public RowDecoder createDecoder(FormatContext context) {
        throw new IllegalArgumentException("the to-string test format only encodes");
    }

    @Override
    public RowEncoder createEncoder(FormatContext context) {
        String suffix = context.options().get(SUFFIX);
        return row -> (row + suffix).getBytes(StandardCharsets.UTF_8);
    }
}
