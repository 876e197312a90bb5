package dev.weir.api.factory;

import dev.weir.api.ValidationException;
import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import dev.weir.api.config.Configuration;
import dev.weir.api.format.FormatContext;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.RowEncoder;
import dev.weir.api.format.StreamDecoder;
import dev.weir.api.format.StreamEncoder;
import dev.weir.api.source.BadRecordOptions;
import dev.weir.api.types.DataType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Used inside {@link SourceFactory#createSource} and {@link SinkFactory#createSink}: resolves the
 * formats a table names, then {@link #validate()} checks every option at once (missing, unknown,
 * malformed) so the user sees all problems before anything runs.
 *
 * <pre>{@code
 * FactoryHelper helper = FactoryHelper.of(this, context);
 * RowDecoder decoder = helper.decoder(FORMAT, context.physicalRowType());
 * helper.validate();
 * }</pre>
 */
public final class FactoryHelper {
    /** The option every table has: which connector to use. */
    public static final ConfigOption<String> CONNECTOR = ConfigOptions.key("connector").stringType()
            .noDefaultValue().withDescription("The connector's identifier.");

    private final Factory factory;
    private final TableContext context;
    private final FactoryDiscovery discovery;
    /** Options that belong to a resolved format, by their full (prefixed) key. */
    private final Map<String, ConfigOption<?>> formatOptions = new LinkedHashMap<>();
    private final Set<String> formatPrefixes = new HashSet<>();
    private final List<String> problems = new ArrayList<>();

    private FactoryHelper(Factory factory, TableContext context) {
        this.factory = factory;
        this.context = context;
        this.discovery = FactoryDiscovery.load(context.classLoader());
    }

    public static FactoryHelper of(Factory factory, TableContext context) {
        return new FactoryHelper(factory, context);
    }

    public Configuration options() {
        return context.options();
    }

    public RowDecoder decoder(ConfigOption<String> formatOption, DataType rowType) {
        return resolve(formatOption, rowType, (f, c) -> f.createDecoder(c));
    }

    public RowEncoder encoder(ConfigOption<String> formatOption, DataType rowType) {
        return resolve(formatOption, rowType, (f, c) -> f.createEncoder(c));
    }

    public StreamDecoder streamDecoder(ConfigOption<String> formatOption, DataType rowType) {
        return resolve(formatOption, rowType, (f, c) -> f.createStreamDecoder(c));
    }

    public StreamEncoder streamEncoder(ConfigOption<String> formatOption, DataType rowType) {
        return resolve(formatOption, rowType, (f, c) -> f.createStreamEncoder(c));
    }

    /** Whether the table sets this format option (e.g. an optional 'key.format'). */
    public boolean hasFormat(ConfigOption<String> formatOption) {
        return context.options().contains(formatOption);
    }

    private interface Creator<T> {
        T create(FormatFactory factory, FormatContext context);
    }

    private <T> T resolve(ConfigOption<String> formatOption, DataType rowType, Creator<T> creator) {
        String identifier = context.options().get(formatOption);
        if (identifier == null) {
            throw new ValidationException("Table '" + context.tableName() + "': the option '" + formatOption.key()
                    + "' is required by connector '" + factory.identifier() + "'. Available formats: "
                    + String.join(", ", new TreeSet<>(discovery.factories(FactoryKind.FORMAT).stream()
                    .map(Factory::identifier).toList())) + ".");
        }
        FormatFactory format = discovery.find(FormatFactory.class, identifier, context.tableName());
        String prefix = formatPrefix(formatOption, identifier);
        formatPrefixes.add(prefix);
        Configuration scoped = context.options().withPrefixRemoved(prefix);
        List<String> formatProblems = new ArrayList<>();
        checkOptions("format '" + identifier + "'", format, scoped, prefix, formatProblems);
        for (ConfigOption<?> o : declared(format)) {
            formatOptions.put(prefix + o.key(), o.withKey(prefix + o.key()));
        }
        if (!formatProblems.isEmpty()) {
            throw new ValidationException(formatProblems);
        }
        try {
            return creator.create(format, new FormatContext(context.tableName(), rowType, scoped, prefix,
                    context.classLoader()));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("Table '" + context.tableName() + "', format '" + identifier + "': "
                    + e.getMessage(), e);
        }
    }

    /** 'format' -> 'json.', 'value.format' -> 'value.json.', as in Flink. */
    public static String formatPrefix(ConfigOption<String> formatOption, String identifier) {
        String key = formatOption.key();
        String scope = key.endsWith("format") ? key.substring(0, key.length() - "format".length()) : key + ".";
        return scope + identifier + ".";
    }

    /**
     * Checks the connector's own options: required ones present, no unknown ones (format options
     * under a resolved format's prefix are checked by the format), every value well-formed. Throws
     * one {@link ValidationException} listing every problem.
     */
    public void validate() {
        Map<String, String> own = new LinkedHashMap<>();
        context.options().toMap().forEach((k, v) -> {
            if (formatPrefixes.stream().noneMatch(k::startsWith)) {
                own.put(k, v);
            }
        });
        checkOptions("connector '" + factory.identifier() + "'", factory, Configuration.of(own), "", problems);
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    private void checkOptions(String what, Factory f, Configuration options, String prefix, List<String> out) {
        String table = "Table '" + context.tableName() + "', " + what + ": ";
        for (ConfigOption<?> required : f.requiredOptions()) {
            if (!required.isTemplate() && !options.contains(required)) {
                out.add(table + "missing required option '" + prefix + required.key() + "' ("
                        + required.description() + ").");
            }
        }
        Set<ConfigOption<?>> all = declared(f);
        List<String> validKeys = all.stream().map(o -> prefix + o.key()).sorted().toList();
        for (Map.Entry<String, String> e : options.toMap().entrySet()) {
            String key = e.getKey();
            if (prefix.isEmpty() && key.equals(CONNECTOR.key())) {
                continue;
            }
            if (prefix.isEmpty() && isFrameworkOption(key)) {
                checkFrameworkOption(key, e.getValue(), table, out);
                continue;
            }
            ConfigOption<?> option = all.stream().filter(o -> o.matchesKey(key)).findFirst().orElse(null);
            if (option == null) {
                out.add(table + "unknown option '" + prefix + key + "'."
                        + Suggestions.didYouMean(prefix + key, validKeys)
                        + " Valid options: " + String.join(", ", validKeys) + ".");
                continue;
            }
            try {
                option.withKey(prefix + key).parse(e.getValue());
            } catch (ValidationException bad) {
                out.add(table + bad.getMessage());
            }
        }
    }

    /**
     * Options the engine handles for every table ({@link BadRecordOptions}): no factory declares
     * them, every factory accepts them.
     */
    public static boolean isFrameworkOption(String key) {
        return BadRecordOptions.ALL.stream().anyMatch(o -> o.matchesKey(key));
    }

    private static void checkFrameworkOption(String key, String value, String table, List<String> out) {
        for (ConfigOption<?> option : BadRecordOptions.ALL) {
            if (option.matchesKey(key)) {
                try {
                    option.parse(value);
                } catch (ValidationException bad) {
                    out.add(table + bad.getMessage());
                }
            }
        }
    }

    private static Set<ConfigOption<?>> declared(Factory f) {
        Set<ConfigOption<?>> all = new HashSet<>(f.requiredOptions());
        all.addAll(f.optionalOptions());
        return all;
    }
}
