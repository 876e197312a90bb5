package dev.weir.engine.bench;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import dev.weir.api.data.ChangelogMode;
import dev.weir.api.factory.SinkFactory;
import dev.weir.api.factory.SourceFactory;
import dev.weir.api.factory.TableContext;
import dev.weir.api.sink.Sink;
import dev.weir.api.source.Source;
import java.util.Set;

/** Factories for {@link ThroughputCheck}: 'bench-generator' (option 'rows') and 'bench-discard'. */
public final class BenchFactories {
    private BenchFactories() {
    }

    public static final class GeneratorFactory implements SourceFactory {
        static final ConfigOption<Long> ROWS = ConfigOptions.key("rows").longType().defaultValue(1000L).withDescription("rows");

        @Override
        public String identifier() {
            return "bench-generator";
        }

        @Override
        public String description() {
            return "Generates rows for the throughput check.";
        }

        @Override
        public Set<ConfigOption<?>> requiredOptions() {
            return Set.of();
        }

        @Override
        public Set<ConfigOption<?>> optionalOptions() {
            return Set.of(ROWS);
        }

        @Override
        public Source<?, ?> createSource(TableContext context) {
            return new ThroughputCheck.Generator(context.options().get(ROWS));
        }
    }

    public static final class DiscardFactory implements SinkFactory {
        @Override
        public String identifier() {
            return "bench-discard";
        }

        @Override
        public String description() {
            return "Discards rows.";
        }

        @Override
        public Set<ConfigOption<?>> requiredOptions() {
            return Set.of();
        }

        @Override
        public Set<ConfigOption<?>> optionalOptions() {
            return Set.of();
        }

            @Override
        public ChangelogMode acceptedChangelogMode(TableContext context) {
            return ChangelogMode.all();
        }

    @Override
        public Sink createSink(TableContext context) {
            return ThroughputCheck.discard();
        }
    }
}
