package dev.weir.engine.testing;

import dev.weir.api.ValidationException;
import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import dev.weir.api.data.ChangelogMode;
import dev.weir.api.factory.SourceFactory;
import dev.weir.api.factory.TableContext;
import dev.weir.api.source.Source;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import java.util.Map;
import java.util.Set;

/**
 * 'connector' = 'test-source', 'data' = a {@link TestData} name, 'bounded' = true|false, 'upsert' =
 * true|false (its rows are upserts by the primary key, as upsert-kafka's).
 */
public final class TestSourceFactory implements SourceFactory {
    static final ConfigOption<String> DATA = ConfigOptions.key("data").stringType().noDefaultValue().withDescription("test data name");
    static final ConfigOption<Boolean> BOUNDED = ConfigOptions.key("bounded").booleanType().defaultValue(true).withDescription("bounded");
    static final ConfigOption<Boolean> UPSERT = ConfigOptions.key("upsert").booleanType().defaultValue(false)
            .withDescription("rows are upserts by the primary key");

    @Override
    public String identifier() {
        return "test-source";
    }

    @Override
    public String description() {
        return "In-memory multi-split source for engine tests.";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(DATA);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(BOUNDED, UPSERT);
    }

    @Override
    public ChangelogMode producedChangelogMode(TableContext context) {
        return context.options().get(UPSERT) ? ChangelogMode.upsert() : ChangelogMode.insertOnly();
    }

    /** 'split': the id of the split a row was read from. */
    @Override
    public Map<String, DataType> readableMetadata() {
        return Map.of("split", DataTypes.STRING());
    }

    @Override
    public Source<?, ?> createSource(TableContext context) {
        String data = context.options().getOptional(DATA).orElseThrow(() ->
                new ValidationException("Table '" + context.tableName() + "': option 'data' is required."));
        return new TestSource(data, context.options().get(BOUNDED), context.metadataKeys().contains("split"));
    }
}
