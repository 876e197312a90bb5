package dev.weir.api.factory;

import dev.weir.api.ValidationException;
import dev.weir.api.data.ChangelogMode;
import dev.weir.api.schema.Column;
import dev.weir.api.sink.Sink;
import dev.weir.api.source.Source;
import dev.weir.api.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Creates sources and sinks from table contexts: finds the factory named by 'connector', checks
 * the schema's metadata columns against what the connector offers, then lets the factory validate
 * its options and build. Nothing connects to an external system here.
 */
public final class TableFactories {
    private TableFactories() {
    }

    public static Source<?, ?> createSource(FactoryDiscovery discovery, TableContext context) {
        SourceFactory factory = discovery.find(SourceFactory.class, connector(context), context.tableName());
        checkMetadata(context, factory.identifier(), factory.readableMetadata(), false);
        return factory.createSource(context);
    }

    public static Sink createSink(FactoryDiscovery discovery, TableContext context) {
        SinkFactory factory = discovery.find(SinkFactory.class, connector(context), context.tableName());
        checkMetadata(context, factory.identifier(), factory.writableMetadata(), true);
        return factory.createSink(context);
    }

    /** The kinds of row the table's source produces (see {@link SourceFactory#producedChangelogMode}). */
    public static ChangelogMode sourceChangelogMode(FactoryDiscovery discovery, TableContext context) {
        return discovery.find(SourceFactory.class, connector(context), context.tableName()).producedChangelogMode(context);
    }

    /** The kinds of row the table's sink accepts (see {@link SinkFactory#acceptedChangelogMode}). */
    public static ChangelogMode sinkChangelogMode(FactoryDiscovery discovery, TableContext context) {
        return discovery.find(SinkFactory.class, connector(context), context.tableName()).acceptedChangelogMode(context);
    }

    private static String connector(TableContext context) {
        return context.options().getOptional(FactoryHelper.CONNECTOR).orElseThrow(() -> new ValidationException(
                "Table '" + context.tableName() + "' has no 'connector' option: set it to a connector's identifier."));
    }

    private static void checkMetadata(TableContext context, String connector, Map<String, DataType> offered,
                                      boolean sink) {
        List<String> problems = new ArrayList<>();
        for (Column.Metadata m : context.schema().metadataColumns()) {
            if (sink && m.virtual()) {
                continue;
            }
            DataType type = offered.get(m.key());
            if (type == null) {
                problems.add("Table '" + context.tableName() + "': column '" + m.name() + "' reads metadata '"
                        + m.key() + "', which connector '" + connector + "' does not "
                        + (sink ? "write" : "offer") + "." + Suggestions.didYouMean(m.key(), offered.keySet())
                        + " Available metadata: " + (offered.isEmpty() ? "none" : String.join(", ", new TreeSet<>(offered.keySet()))) + ".");
            } else if (!type.equalsIgnoringNullability(m.type())) {
                problems.add("Table '" + context.tableName() + "': metadata column '" + m.name() + "' is declared "
                        + m.type() + " but metadata '" + m.key() + "' of connector '" + connector + "' is " + type + ".");
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }
}
