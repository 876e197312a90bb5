package dev.weir.engine.testing;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import dev.weir.api.data.ChangelogMode;
import dev.weir.api.factory.SinkFactory;
import dev.weir.api.factory.TableContext;
import dev.weir.api.sink.Sink;
import java.util.Set;

/**
 * 'connector' = 'test-sink', 'name' = a {@link TestSinkStore} name, 'two-phase' = true|false,
 * 'changelog-mode' = all|upsert|insert-only (the changes it declares it can apply).
 */
public final class TestSinkFactory implements SinkFactory {
    static final ConfigOption<String> NAME = ConfigOptions.key("name").stringType().noDefaultValue().withDescription("store name");
    static final ConfigOption<String> CLOSED_MARKER = ConfigOptions.key("closed-marker").stringType().noDefaultValue()
            .withDescription("a file each writer creates when it is closed");
    static final ConfigOption<Boolean> TWO_PHASE = ConfigOptions.key("two-phase").booleanType().defaultValue(false)
            .withDescription("two-phase commit");

    static final ConfigOption<String> CHANGELOG_MODE = ConfigOptions.key("changelog-mode").stringType().defaultValue("all")
            .withDescription("all, upsert or insert-only");

    @Override
    public String identifier() {
        return "test-sink";
    }

    @Override
    public String description() {
        return "Collecting sink for engine tests.";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(NAME);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(TWO_PHASE, CLOSED_MARKER, CHANGELOG_MODE);
    }

    @Override
    public ChangelogMode acceptedChangelogMode(TableContext context) {
        return switch (context.options().get(CHANGELOG_MODE)) {
            case "insert-only" -> ChangelogMode.insertOnly();
            case "upsert" -> ChangelogMode.upsert();
            default -> ChangelogMode.all();
        };
    }

    @Override
    public Sink createSink(TableContext context) {
        String name = context.options().get(NAME);
        return context.options().get(TWO_PHASE) ? TestSink.twoPhase(name)
                : TestSink.plain(name, context.options().getOptional(CLOSED_MARKER).orElse(null));
    }
}
