package dev.weir.connectors.blackhole;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import dev.weir.api.data.ChangelogMode;
import dev.weir.api.factory.FactoryHelper;
import dev.weir.api.factory.SinkFactory;
import dev.weir.api.factory.TableContext;
import dev.weir.api.format.RowEncoder;
import dev.weir.api.sink.Sink;
import java.util.Set;

/** The 'blackhole' sink: swallows rows, optionally encoding them first, for benchmarks. */
public final class BlackHoleTableFactory implements SinkFactory {
    public static final String IDENTIFIER = "blackhole";

    public static final ConfigOption<String> FORMAT = ConfigOptions.key("format").stringType()
            .noDefaultValue()
            .withDescription("Optional format (e.g. 'json') that encodes every row before it is discarded, to "
                    + "measure encoding cost; the format's own options go under its prefix ('json.*'). "
                    + "Without it rows are discarded as they are.");

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "Discards every row, counting it in 'numRecordsOut'; with 'format' set, encodes each row first "
                + "(counting 'numBytesOut'). For benchmarks and tests.";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(FORMAT);
    }

    @Override
    public ChangelogMode acceptedChangelogMode(TableContext context) {
        return ChangelogMode.all();
    }

    @Override
    public Sink createSink(TableContext context) {
        FactoryHelper helper = FactoryHelper.of(this, context);
        RowEncoder encoder = helper.hasFormat(FORMAT) ? helper.encoder(FORMAT, context.physicalRowType()) : null;
        helper.validate();
        return new BlackHoleSink(encoder);
    }
}
