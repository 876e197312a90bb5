package dev.weir.testing.values;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import dev.weir.api.data.ChangelogMode;
import dev.weir.api.factory.FactoryHelper;
import dev.weir.api.factory.SinkFactory;
import dev.weir.api.factory.TableContext;
import dev.weir.api.sink.DeliveryGuarantee;
import dev.weir.api.sink.Sink;
import java.util.Set;

/**
 * {@code 'connector' = 'collect'}: a sink that keeps rows in memory for {@link TestValues#collected},
 * either as written (at-least-once) or per committed checkpoint (exactly-once, a two-phase-commit
 * sink, so a test sees what a transactional sink would expose).
 */
public final class CollectTableFactory implements SinkFactory {

    public static final ConfigOption<String> SINK_ID = ConfigOptions.key("sink-id").stringType().noDefaultValue()
            .withDescription("The id TestValues.newSinkId returned.");
    public static final ConfigOption<DeliveryGuarantee> DELIVERY_GUARANTEE = ConfigOptions.key("sink.delivery-guarantee")
            .enumType(DeliveryGuarantee.class).defaultValue(DeliveryGuarantee.AT_LEAST_ONCE)
            .withDescription("at-least-once: rows are visible when written; exactly-once: when their checkpoint completes (or at the end).");
    public static final ConfigOption<Long> FAIL_AFTER_ROWS = ConfigOptions.key("sink.fail-after-rows").longType()
            .noDefaultValue().withDescription("Fail the job once, after this many rows (and, exactly-once, a committed checkpoint).");

    @Override
    public String identifier() {
        return "collect";
    }

    @Override
    public String description() {
        return "Test sink that keeps rows in memory, read back with TestValues.collected.";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(SINK_ID);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(DELIVERY_GUARANTEE, FAIL_AFTER_ROWS);
    }

    @Override
    public ChangelogMode acceptedChangelogMode(TableContext context) {
        return ChangelogMode.all();
    }

    @Override
    public Sink createSink(TableContext context) {
        FactoryHelper.of(this, context).validate();
        String sinkId = context.options().get(SINK_ID);
        TestValues.collected(sinkId);
        Long failAfterRows = context.options().get(FAIL_AFTER_ROWS);
        long failAfter = failAfterRows == null ? -1 : failAfterRows;
        return switch (context.options().get(DELIVERY_GUARANTEE)) {
            case EXACTLY_ONCE -> new CollectSink.Transactional(sinkId, failAfter);
            case AT_LEAST_ONCE, NONE -> new CollectSink(sinkId, failAfter);
        };
    }
}
