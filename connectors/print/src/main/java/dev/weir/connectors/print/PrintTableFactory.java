package dev.weir.connectors.print;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import dev.weir.api.data.ChangelogMode;
import dev.weir.api.factory.FactoryHelper;
import dev.weir.api.factory.SinkFactory;
import dev.weir.api.factory.TableContext;
import dev.weir.api.sink.Sink;
import java.util.Set;

/** The 'print' sink: one line per row on standard output or error, as Flink's print connector writes them. */
public final class PrintTableFactory implements SinkFactory {
    public static final String IDENTIFIER = "print";

    public static final ConfigOption<String> PRINT_IDENTIFIER = ConfigOptions.key("print-identifier").stringType()
            .noDefaultValue()
            .withDescription("A message that prefixes every printed row, to tell several print sinks apart: "
                    + "'identifier> +I[...]', or 'identifier:subtask> +I[...]' when the sink runs in parallel.");

    public static final ConfigOption<Boolean> STANDARD_ERROR = ConfigOptions.key("standard-error").booleanType()
            .defaultValue(false)
            .withDescription("Print to standard error instead of standard output.");

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "Prints each row as a line such as '+I[1, Alice]' to standard output or standard error; "
                + "for development and debugging.";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(PRINT_IDENTIFIER, STANDARD_ERROR);
    }

    @Override
    public ChangelogMode acceptedChangelogMode(TableContext context) {
        return ChangelogMode.all();
    }

    @Override
    public Sink createSink(TableContext context) {
        FactoryHelper.of(this, context).validate();
        return new PrintSink(context.options().get(PRINT_IDENTIFIER), context.options().get(STANDARD_ERROR));
    }
}
