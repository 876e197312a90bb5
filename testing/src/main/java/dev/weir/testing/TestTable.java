package dev.weir.testing;

import dev.weir.api.config.Configuration;
import dev.weir.api.factory.FactoryDiscovery;
import dev.weir.api.factory.TableContext;
import dev.weir.api.factory.TableFactories;
import dev.weir.api.schema.Schema;
import dev.weir.api.sink.Sink;
import dev.weir.api.source.Source;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table declared for a test, turned into a source or sink exactly as an engine would: the factory
 * is discovered by its 'connector' option through {@link java.util.ServiceLoader}, so the test also
 * proves the factory is registered.
 *
 * <pre>{@code
 * Source<?, ?> source = TestTable.named("orders")
 *         .column("id", "BIGINT")
 *         .option("connector", "datagen")
 *         .option("number-of-rows", "100")
 *         .createSource();
 * }</pre>
 */
public final class TestTable {
    private final String name;
    private final Schema.Builder schema = Schema.newBuilder();
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> partitionKeys = new ArrayList<>();
    private boolean streaming = true;

    private TestTable(String name) {
        this.name = name;
    }

    public static TestTable named(String name) {
        return new TestTable(name);
    }

    /** A physical column given by its SQL type, e.g. {@code column("price", "DECIMAL(10, 2)")}. */
    public TestTable column(String columnName, String sqlType) {
        schema.column(columnName, sqlType);
        return this;
    }

    public TestTable schema(Schema other) {
        schema.fromSchema(other);
        return this;
    }

    public TestTable option(String key, String value) {
        options.put(key, value);
        return this;
    }

    public TestTable partitionedBy(String... columns) {
        partitionKeys.addAll(List.of(columns));
        return this;
    }

    /** Batch mode: sources must be bounded. Streaming is the default. */
    public TestTable batch() {
        streaming = false;
        return this;
    }

    public TableContext context() {
        return new TableContext(name, schema.build(), Configuration.of(options), partitionKeys,
                Thread.currentThread().getContextClassLoader(), streaming);
    }

    public Source<?, ?> createSource() {
        TableContext context = context();
        return TableFactories.createSource(FactoryDiscovery.load(context.classLoader()), context);
    }

    public Sink createSink() {
        TableContext context = context();
        return TableFactories.createSink(FactoryDiscovery.load(context.classLoader()), context);
    }
}
