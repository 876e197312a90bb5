package dev.weir.connectors.kafka;

import static dev.weir.connectors.kafka.KafkaOptions.*;

import dev.weir.api.ValidationException;
import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.Configuration;
import dev.weir.api.factory.FactoryDiscovery;
import dev.weir.api.factory.FactoryHelper;
import dev.weir.api.factory.FormatFactory;
import dev.weir.api.factory.SinkFactory;
import dev.weir.api.factory.SourceFactory;
import dev.weir.api.factory.TableContext;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.RowEncoder;
import dev.weir.api.sink.DeliveryGuarantee;
import dev.weir.api.sink.Sink;
import dev.weir.api.source.Source;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.IntStream;

/** What 'kafka' and 'upsert-kafka' share: formats, key layout, client properties, source and sink construction. */
abstract class KafkaFactoryBase implements SourceFactory, SinkFactory {

    static final Map<String, DataType> READABLE_METADATA = orderedMap(
            "topic", DataTypes.STRING().notNull(),
            "partition", DataTypes.INT().notNull(),
            "headers", DataTypes.MAP(DataTypes.STRING(), DataTypes.BYTES()).notNull(),
            "offset", DataTypes.BIGINT().notNull(),
            "timestamp", DataTypes.TIMESTAMP_LTZ(3).notNull(),
            "timestamp-type", DataTypes.STRING().notNull());
    static final Map<String, DataType> WRITABLE_METADATA = orderedMap(
            "headers", DataTypes.MAP(DataTypes.STRING(), DataTypes.BYTES()).notNull(),
            "timestamp", DataTypes.TIMESTAMP_LTZ(3).notNull());

    /** The physical columns in the key: key.fields, or the primary key for upsert-kafka. */
    abstract List<String> keyColumns(TableContext context, List<String> problems);

    abstract boolean upsert();

    @Override
    public Map<String, DataType> readableMetadata() {
        return READABLE_METADATA;
    }

    @Override
    public Map<String, DataType> writableMetadata() {
        return WRITABLE_METADATA;
    }

    @Override
    public Source<?, ?> createSource(TableContext context) {
        Configuration options = context.options();
        List<String> problems = new ArrayList<>();
        Topics topics = topics(options, problems, true);
        Formats formats = formats(context, topics, problems, true);
        StartingOffsets starting = upsert() ? StartingOffsets.earliest() : StartingOffsets.from(options, problems);
        StoppingOffsets stopping = StoppingOffsets.from(options, problems);
        Duration discovery = options.get(SCAN_TOPIC_PARTITION_DISCOVERY);
        if (discovery.isNegative()) {
            problems.add("option '" + SCAN_TOPIC_PARTITION_DISCOVERY.key() + "' must not be negative.");
        }
        if (!stopping.bounded() && !context.streaming()) {
            problems.add("the job runs in batch mode but the source is unbounded: set '" + SCAN_BOUNDED_MODE.key()
                    + "' (e.g. 'latest-offset').");
        }
        fail(context, problems);
        return new KafkaSource(topics, clientProperties(options), options.get(PROPS_GROUP_ID), starting, stopping,
                discovery, formats.layout, formats.keyDecoder, formats.valueDecoder, upsert());
    }

    @Override
    public Sink createSink(TableContext context) {
        Configuration options = context.options();
        List<String> problems = new ArrayList<>();
        Topics topics = topics(options, problems, false);
        Formats formats = formats(context, topics, problems, false);
        DeliveryGuarantee guarantee = options.get(SINK_DELIVERY_GUARANTEE);
        String prefix = options.get(SINK_TRANSACTIONAL_ID_PREFIX);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE && (prefix == null || prefix.isBlank())) {
            problems.add("'" + SINK_DELIVERY_GUARANTEE.key() + "' = 'exactly-once' needs '" + SINK_TRANSACTIONAL_ID_PREFIX.key()
                    + "', unique per job writing to this cluster: transactional ids are derived from it.");
        }
        fail(context, problems);
        return new KafkaSink(topics.names().get(0), clientProperties(options), formats.layout, formats.keyEncoder,
                formats.valueEncoder, SinkPartitioning.of(options.get(SINK_PARTITIONER)), guarantee, prefix, upsert());
    }

    private static void fail(TableContext context, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new ValidationException(problems.stream().map(p -> "Table '" + context.tableName() + "', connector: " + p).toList());
        }
    }

    private static Topics topics(Configuration options, List<String> problems, boolean reading) {
        List<String> names = options.get(TOPIC);
        String pattern = options.get(TOPIC_PATTERN);
        if ((names == null || names.isEmpty()) == (pattern == null)) {
            problems.add("set exactly one of '" + TOPIC.key() + "' and '" + TOPIC_PATTERN.key() + "'.");
            return new Topics(List.of("?"), null);
        }
        if (!reading && (pattern != null || names.size() != 1)) {
            problems.add("a sink writes to one topic: set '" + TOPIC.key() + "' to a single topic.");
            return new Topics(List.of("?"), null);
        }
        if (pattern != null) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                problems.add("option '" + TOPIC_PATTERN.key() + "' is not a regular expression: " + e.getDescription() + ".");
            }
            return new Topics(List.of(), pattern);
        }
        return new Topics(names, null);
    }

    /** The decoders or encoders and the layout; the formats' own options are validated by the helper. */
    private Formats formats(TableContext context, Topics topics, List<String> problems, boolean reading) {
        Configuration options = context.options();
        DataType physical = context.physicalRowType();
        List<String> columns = physical.fieldNames();
        List<String> keyColumns = keyColumns(context, problems);
        String keyPrefix = options.get(KEY_FIELDS_PREFIX);
        int[] keyIndexes = keyColumns.stream().mapToInt(columns::indexOf).toArray();
        for (String key : keyColumns) {
            if (!columns.contains(key)) {
                problems.add("key column '" + key + "' is not a physical column; columns: " + String.join(", ", columns) + ".");
            } else if (keyPrefix != null && !key.startsWith(keyPrefix)) {
                problems.add("key column '" + key + "' does not start with '" + KEY_FIELDS_PREFIX.key() + "' '" + keyPrefix + "'.");
            }
        }
        boolean hasKeyFormat = options.contains(KEY_FORMAT);
        if (!keyColumns.isEmpty() && !hasKeyFormat) {
            problems.add("the key columns " + keyColumns + " need a '" + KEY_FORMAT.key() + "'.");
        }
        if (keyColumns.isEmpty() && hasKeyFormat) {
            problems.add("'" + KEY_FORMAT.key() + "' needs '" + KEY_FIELDS.key() + "': the columns the key holds.");
        }
        boolean exceptKey = options.get(VALUE_FIELDS_INCLUDE) == ValueFieldsInclude.EXCEPT_KEY;
        if (keyPrefix != null && !exceptKey) {
            problems.add("'" + KEY_FIELDS_PREFIX.key() + "' needs '" + VALUE_FIELDS_INCLUDE.key() + "' = 'EXCEPT_KEY'.");
        }
        ConfigOption<String> valueFormat = options.contains(VALUE_FORMAT) ? VALUE_FORMAT : FORMAT;
        if (!options.contains(valueFormat)) {
            problems.add("set '" + VALUE_FORMAT.key() + "' (or '" + FORMAT.key() + "').");
        }
        if (options.contains(VALUE_FORMAT) && options.contains(FORMAT)) {
            problems.add("set either '" + VALUE_FORMAT.key() + "' or '" + FORMAT.key() + "', not both.");
        }
        Set<Integer> keySet = new HashSet<>();
        for (int i : keyIndexes) {
            keySet.add(i);
        }
        int[] valueIndexes = IntStream.range(0, columns.size()).filter(i -> !(exceptKey && keySet.contains(i))).toArray();
        if (!problems.isEmpty()) {
            fail(context, problems);
        }
        List<String> metadata = reading ? context.metadataKeys() : context.schema().metadataColumns().stream()
                .filter(m -> !m.virtual()).map(m -> m.key()).toList();
        RecordLayout layout = new RecordLayout(physical, keyIndexes, valueIndexes, keyPrefix, metadata);

        TableContext withTopics = withFormatTopics(context, topics, valueFormat, hasKeyFormat);
        FactoryHelper helper = FactoryHelper.of(this, withTopics);
        Formats formats = new Formats(layout);
        if (reading) {
            formats.keyDecoder = hasKeyFormat ? helper.decoder(KEY_FORMAT, layout.keyType()) : null;
            formats.valueDecoder = helper.decoder(valueFormat, layout.valueType());
        } else {
            formats.keyEncoder = hasKeyFormat ? helper.encoder(KEY_FORMAT, layout.keyType()) : null;
            formats.valueEncoder = helper.encoder(valueFormat, layout.valueType());
        }
        helper.validate();
        return formats;
    }

    /**
     * Formats that name subjects after the topic (avro-confluent) declare a 'topic' option: set it to
     * the table's topic under the format's prefix, unless the user did.
     */
    private static TableContext withFormatTopics(TableContext context, Topics topics, ConfigOption<String> valueFormat,
                                                 boolean hasKeyFormat) {
        if (topics.names().size() != 1) {
            return context;
        }
        Configuration options = context.options();
        FactoryDiscovery discovery = FactoryDiscovery.load(context.classLoader());
        List<ConfigOption<String>> formatOptions = hasKeyFormat ? List.of(KEY_FORMAT, valueFormat) : List.of(valueFormat);
        for (ConfigOption<String> formatOption : formatOptions) {
            String identifier = options.get(formatOption);
            FormatFactory format = discovery.find(FormatFactory.class, identifier, context.tableName());
            boolean declaresTopic = format.optionalOptions().stream().anyMatch(o -> o.key().equals("topic"));
            String key = FactoryHelper.formatPrefix(formatOption, identifier) + "topic";
            if (declaresTopic && options.getString(key).isEmpty()) {
                options = options.with(key, topics.names().get(0));
            }
        }
        return new TableContext(context.tableName(), context.schema(), options, context.partitionKeys(),
                context.classLoader(), context.streaming());
    }

    /** Every 'properties.*' option without its prefix: the Kafka clients' configuration. */
    static Map<String, String> clientProperties(Configuration options) {
        Map<String, String> properties = new LinkedHashMap<>();
        options.toMap().forEach((key, value) -> {
            if (key.startsWith("properties.")) {
                properties.put(key.substring("properties.".length()), value);
            }
        });
        return properties;
    }

    static Set<ConfigOption<?>> commonOptions() {
        return Set.of(TOPIC, TOPIC_PATTERN, PROPS_GROUP_ID, PROPERTIES, FORMAT, KEY_FORMAT, VALUE_FORMAT,
                KEY_FIELDS_PREFIX, VALUE_FIELDS_INCLUDE, SCAN_BOUNDED_MODE, SCAN_BOUNDED_TIMESTAMP_MILLIS,
                SCAN_BOUNDED_SPECIFIC_OFFSETS, SCAN_TOPIC_PARTITION_DISCOVERY, SINK_PARTITIONER,
                SINK_DELIVERY_GUARANTEE, SINK_TRANSACTIONAL_ID_PREFIX);
    }

    private static Map<String, DataType> orderedMap(Object... keysAndTypes) {
        Map<String, DataType> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndTypes.length; i += 2) {
            map.put((String) keysAndTypes[i], (DataType) keysAndTypes[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    private static final class Formats {
        final RecordLayout layout;
        RowDecoder keyDecoder;
        RowDecoder valueDecoder;
        RowEncoder keyEncoder;
        RowEncoder valueEncoder;

        Formats(RecordLayout layout) {
            this.layout = layout;
        }
    }
}
