package dev.weir.connectors.pulsar;

import static dev.weir.connectors.pulsar.PulsarOptions.*;

import dev.weir.api.ValidationException;
import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.Configuration;
import dev.weir.api.config.SensitiveUrls;
import dev.weir.api.factory.FactoryHelper;
import dev.weir.api.factory.SinkFactory;
import dev.weir.api.factory.SourceFactory;
import dev.weir.api.factory.TableContext;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.RowEncoder;
import dev.weir.api.sink.Sink;
import dev.weir.api.source.Source;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code 'connector' = 'pulsar'}: reads and writes Pulsar topics, options as Flink's Pulsar connector. */
public final class PulsarTableFactory implements SourceFactory, SinkFactory {

    static final Map<String, DataType> READABLE_METADATA = orderedMap(
            "topic", DataTypes.STRING().notNull(),
            "message_id", DataTypes.BYTES().notNull(),
            "publish_time", DataTypes.TIMESTAMP_LTZ(3).notNull(),
            "event_time", DataTypes.TIMESTAMP_LTZ(3),
            "properties", DataTypes.MAP(DataTypes.STRING(), DataTypes.STRING()).notNull(),
            "key", DataTypes.STRING());
    static final Map<String, DataType> WRITABLE_METADATA = orderedMap(
            "properties", DataTypes.MAP(DataTypes.STRING(), DataTypes.STRING()),
            "event_time", DataTypes.TIMESTAMP_LTZ(3));

    @Override
    public String identifier() {
        return "pulsar";
    }

    @Override
    public String description() {
        return "Reads Pulsar topics (partitions as splits, acknowledged on checkpoints) and writes a topic with "
                + "at-least-once or exactly-once (transactional) delivery.";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(SERVICE_URL);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(TOPICS, TOPIC_PATTERN, PULSAR_CLIENT, SOURCE_SUBSCRIPTION_NAME, SOURCE_SUBSCRIPTION_TYPE,
                SOURCE_START_MESSAGE_ID, SOURCE_START_PUBLISH_TIME, SOURCE_STOP_AT_MESSAGE_ID, SOURCE_STOP_AFTER_MESSAGE_ID,
                SOURCE_STOP_AT_PUBLISH_TIME, SOURCE_PARTITION_DISCOVERY_INTERVAL, SINK_TOPIC_ROUTING_MODE,
                SINK_DELIVERY_GUARANTEE, SINK_TRANSACTION_TIMEOUT, FORMAT, VALUE_FORMAT, KEY_FORMAT, KEY_FIELDS);
    }

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
        TopicSelection topics = topics(options, problems, true);
        checkServiceUrl(options, problems);
        String subscription = options.get(SOURCE_SUBSCRIPTION_NAME);
        if (subscription == null || subscription.isBlank()) {
            problems.add("reading needs '" + SOURCE_SUBSCRIPTION_NAME.key() + "': the subscription to read with and acknowledge to.");
        }
        StartCursor start = StartCursor.from(options, problems);
        StopCursor stop = StopCursor.from(options, problems);
        if (!stop.bounded() && !context.streaming()) {
            problems.add("the job runs in batch mode but the source is unbounded: set '" + SOURCE_STOP_AT_MESSAGE_ID.key()
                    + "' (e.g. 'latest').");
        }
        MessageLayout layout = layout(context, problems, context.metadataKeys());
        fail(context, problems);
        FactoryHelper helper = FactoryHelper.of(this, context);
        RowDecoder keyDecoder = options.contains(KEY_FORMAT) ? helper.decoder(KEY_FORMAT, layout.keyType()) : null;
        RowDecoder valueDecoder = helper.decoder(valueFormat(options), context.physicalRowType());
        helper.validate();
        return new PulsarSource(PulsarClients.of(options.get(SERVICE_URL), options.toMap()), topics, subscription,
                options.get(SOURCE_SUBSCRIPTION_TYPE), start, stop, options.get(SOURCE_PARTITION_DISCOVERY_INTERVAL),
                layout, keyDecoder, valueDecoder);
    }

    @Override
    public Sink createSink(TableContext context) {
        Configuration options = context.options();
        List<String> problems = new ArrayList<>();
        TopicSelection topics = topics(options, problems, false);
        checkServiceUrl(options, problems);
        if (options.get(SINK_TRANSACTION_TIMEOUT) <= 0) {
            problems.add("option '" + SINK_TRANSACTION_TIMEOUT.key() + "' must be positive.");
        }
        List<String> written = context.schema().metadataColumns().stream().filter(m -> !m.virtual()).map(m -> m.key()).toList();
        MessageLayout layout = layout(context, problems, written);
        fail(context, problems);
        FactoryHelper helper = FactoryHelper.of(this, context);
        RowEncoder keyEncoder = options.contains(KEY_FORMAT) ? helper.encoder(KEY_FORMAT, layout.keyType()) : null;
        RowEncoder valueEncoder = helper.encoder(valueFormat(options), context.physicalRowType());
        helper.validate();
        return new PulsarSink(PulsarClients.of(options.get(SERVICE_URL), options.toMap()), topics.names().get(0), layout,
                keyEncoder, valueEncoder, options.get(SINK_TOPIC_ROUTING_MODE), options.get(SINK_DELIVERY_GUARANTEE),
                options.get(SINK_TRANSACTION_TIMEOUT));
    }

    private static void fail(TableContext context, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new ValidationException(problems.stream().map(p -> "Table '" + context.tableName() + "', connector: " + p).toList());
        }
    }

    /** Credentials in the URL would be quoted by every client error that names it; they have options of their own. */
    private static void checkServiceUrl(Configuration options, List<String> problems) {
        String url = options.get(SERVICE_URL);
        if (SensitiveUrls.hasUserInfo(url)) {
            problems.add("'" + SERVICE_URL.key() + "' has '" + SensitiveUrls.mask(url) + "', with credentials in the URL."
                    + " Set them as 'pulsar.client.authPluginClassName' and 'pulsar.client.authParams' instead.");
        }
    }

    private static TopicSelection topics(Configuration options, List<String> problems, boolean reading) {
        List<String> names = options.get(TOPICS);
        String pattern = options.get(TOPIC_PATTERN);
        if ((names == null || names.isEmpty()) == (pattern == null)) {
            problems.add("set exactly one of '" + TOPICS.key() + "' and '" + TOPIC_PATTERN.key() + "'.");
            return TopicSelection.of(List.of("?"));
        }
        if (!reading && (pattern != null || names.size() != 1)) {
            problems.add("a sink writes to one topic: set '" + TOPICS.key() + "' to a single topic.");
            return TopicSelection.of(List.of("?"));
        }
        if (pattern == null) {
            try {
                return TopicSelection.of(names);
            } catch (IllegalArgumentException e) {
                problems.add("option '" + TOPICS.key() + "': " + e.getMessage() + ".");
                return TopicSelection.of(List.of("?"));
            }
        }
        TopicSelection selection = TopicSelection.ofPattern(pattern);
        String[] tenantNamespaceRest = selection.pattern().substring(selection.pattern().indexOf("://") + 3).split("/", 3);
        if (tenantNamespaceRest.length < 3) {
            problems.add("option '" + TOPIC_PATTERN.key() + "' must name its namespace: 'persistent://tenant/namespace/<regex>',"
                    + " or be a bare regular expression over persistent://public/default.");
        }
        try {
            Pattern.compile(selection.pattern());
        } catch (PatternSyntaxException e) {
            problems.add("option '" + TOPIC_PATTERN.key() + "' is not a regular expression: " + e.getDescription() + ".");
        }
        return selection;
    }

    /** The key columns (key.fields, with key.format) and the metadata columns; every physical column is in the value. */
    private static MessageLayout layout(TableContext context, List<String> problems, List<String> metadataKeys) {
        Configuration options = context.options();
        DataType physical = context.physicalRowType();
        List<String> columns = physical.fieldNames();
        List<String> keyColumns = options.get(KEY_FIELDS) == null ? List.of() : options.get(KEY_FIELDS);
        for (String key : keyColumns) {
            if (!columns.contains(key)) {
                problems.add("key column '" + key + "' is not a physical column; columns: " + String.join(", ", columns) + ".");
            }
        }
        boolean hasKeyFormat = options.contains(KEY_FORMAT);
        if (!keyColumns.isEmpty() && !hasKeyFormat) {
            problems.add("the key columns " + keyColumns + " need a '" + KEY_FORMAT.key() + "'.");
        }
        if (keyColumns.isEmpty() && hasKeyFormat) {
            problems.add("'" + KEY_FORMAT.key() + "' needs '" + KEY_FIELDS.key() + "': the columns the key holds.");
        }
        if (!options.contains(VALUE_FORMAT) && !options.contains(FORMAT)) {
            problems.add("set '" + VALUE_FORMAT.key() + "' (or '" + FORMAT.key() + "').");
        }
        if (options.contains(VALUE_FORMAT) && options.contains(FORMAT)) {
            problems.add("set either '" + VALUE_FORMAT.key() + "' or '" + FORMAT.key() + "', not both.");
        }
        int[] keyIndexes = keyColumns.stream().mapToInt(columns::indexOf).filter(i -> i >= 0).toArray();
        return new MessageLayout(physical, keyIndexes, metadataKeys);
    }

    private static ConfigOption<String> valueFormat(Configuration options) {
        return options.contains(VALUE_FORMAT) ? VALUE_FORMAT : FORMAT;
    }

    private static Map<String, DataType> orderedMap(Object... keysAndTypes) {
        Map<String, DataType> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndTypes.length; i += 2) {
            map.put((String) keysAndTypes[i], (DataType) keysAndTypes[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
