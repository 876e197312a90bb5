package dev.weir.api.factory;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import dev.weir.api.data.Row;
import dev.weir.api.format.FormatContext;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.RowEncoder;
import dev.weir.api.sink.Sink;
import dev.weir.api.sink.SinkWriter;
import dev.weir.api.source.Source;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Small real factories registered for this module's tests (src/test/resources/META-INF/services):
 * a 'lines' format and a 'memory' connector that records what it was given.
 */
final class TestFactories {
    private TestFactories() {
    }

    static final ConfigOption<String> FORMAT = ConfigOptions.key("format").stringType().noDefaultValue()
            .withDescription("Value format.");
    static final ConfigOption<String> KEY_FORMAT = ConfigOptions.key("key.format").stringType().noDefaultValue()
            .withDescription("Key format.");
    static final ConfigOption<String> TOPIC = ConfigOptions.key("topic").stringType().noDefaultValue()
            .withDescription("The topic to use.");
    static final ConfigOption<Integer> PARTITIONS = ConfigOptions.key("partitions").intType().defaultValue(1)
            .withDescription("Number of partitions.");
    static final ConfigOption<String> PROPERTIES = ConfigOptions.key("properties.*").stringType().noDefaultValue()
            .withDescription("Client properties, passed through.");
    static final ConfigOption<String> PASSWORD = ConfigOptions.key("password").stringType().noDefaultValue()
            .sensitive().withDescription("Password.");

    /** Decodes a message as one STRING column, upper-cased when 'upper' is set. */
    public static final class LinesFormat implements FormatFactory {
        static final ConfigOption<Boolean> UPPER = ConfigOptions.key("upper").booleanType().defaultValue(false)
                .withDescription("Upper-case each line.");

        @Override
        public String identifier() {
            return "lines";
        }

        @Override
        public String description() {
            return "One STRING column per message.";
        }

        @Override
        public Set<ConfigOption<?>> requiredOptions() {
            return Set.of();
        }

        @Override
        public Set<ConfigOption<?>> optionalOptions() {
            return Set.of(UPPER);
        }

        @Override
        public RowDecoder createDecoder(FormatContext context) {
            boolean upper = context.options().get(UPPER);
            return (message, location, out) -> {
                String s = new String(message, StandardCharsets.UTF_8);
                out.accept(Row.of(upper ? s.toUpperCase() : s));
            };
        }

        @Override
        public RowEncoder createEncoder(FormatContext context) {
            return row -> String.valueOf(row.getField(0)).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A source and sink that validates its options and formats, and exposes what it resolved. */
    public static final class MemoryConnector implements SourceFactory, SinkFactory {
        static volatile RowDecoder lastDecoder;

        @Override
        public String identifier() {
            return "memory";
        }

        @Override
        public String description() {
            return "Test connector.";
        }

        @Override
        public Set<ConfigOption<?>> requiredOptions() {
            return Set.of(TOPIC, FORMAT);
        }

        @Override
        public Set<ConfigOption<?>> optionalOptions() {
            return Set.of(PARTITIONS, PROPERTIES, PASSWORD, KEY_FORMAT);
        }

        @Override
        public Map<String, DataType> readableMetadata() {
            return Map.of("offset", DataTypes.BIGINT().notNull(), "topic", DataTypes.STRING());
        }

        @Override
        public Source<?, ?> createSource(TableContext context) {
            FactoryHelper helper = FactoryHelper.of(this, context);
            lastDecoder = helper.decoder(FORMAT, context.physicalRowType());
            if (helper.hasFormat(KEY_FORMAT)) {
                helper.decoder(KEY_FORMAT, context.physicalRowType());
            }
            helper.validate();
            return null;
        }

        @Override
        public Sink createSink(TableContext context) {
            FactoryHelper helper = FactoryHelper.of(this, context);
            helper.encoder(FORMAT, context.physicalRowType());
            helper.validate();
            return ctx -> new SinkWriter() {
                @Override
                public void write(Row row) {
                }

                @Override
                public void flush(boolean endOfInput) {
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
