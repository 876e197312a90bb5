package dev.weir.testing.values;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import dev.weir.api.factory.FactoryHelper;
import dev.weir.api.factory.SourceFactory;
import dev.weir.api.factory.TableContext;
import dev.weir.api.source.Source;
import java.util.Set;

/**
 * {@code 'connector' = 'values'}: a source of rows registered with {@link TestValues}, one split per
 * registered list, for tests (as Flink's test 'values' connector).
 */
public final class ValuesTableFactory implements SourceFactory {

    public static final ConfigOption<String> DATA_ID = ConfigOptions.key("data-id").stringType().noDefaultValue()
            .withDescription("The id TestValues.registerData returned.");
    public static final ConfigOption<Boolean> BOUNDED = ConfigOptions.key("bounded").booleanType().defaultValue(true)
            .withDescription("true: end after the registered rows; false: keep reading rows appended with TestValues.appendData.");
    public static final ConfigOption<Long> FAIL_AFTER_ROWS = ConfigOptions.key("source.fail-after-rows").longType()
            .noDefaultValue().withDescription("Fail the job once, at the first row past this many read once the source saw a checkpoint complete "
                    + "(TestValues.checkpointedRows tells when it did).");

    @Override
    public String identifier() {
        return "values";
    }

    @Override
    public String description() {
        return "Test source of rows registered in memory with TestValues, one split per registered list.";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(DATA_ID);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(BOUNDED, FAIL_AFTER_ROWS);
    }

    @Override
    public Source<?, ?> createSource(TableContext context) {
        FactoryHelper.of(this, context).validate();
        String dataId = context.options().get(DATA_ID);
        int splits = TestValues.splitsOf(dataId).size();
        Long failAfterRows = context.options().get(FAIL_AFTER_ROWS);
        return new ValuesSource(dataId, splits, context.options().get(BOUNDED), failAfterRows == null ? -1 : failAfterRows);
    }
}
