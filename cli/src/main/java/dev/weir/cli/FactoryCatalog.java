package dev.weir.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.api.config.ConfigOption;
import dev.weir.api.factory.Factory;
import dev.weir.api.factory.FactoryDiscovery;
import dev.weir.api.factory.FactoryKind;
import dev.weir.api.factory.SinkFactory;
import dev.weir.api.factory.SourceFactory;
import dev.weir.api.factory.WeirArtifacts;
import dev.weir.api.types.DataType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Describes every discovered factory and its options as JSON: the single source of truth for the
 * generated Python bindings and the option reference. The output is reproducible (sorted, no
 * machine paths), so a build can check that generated files are current.
 */
final class FactoryCatalog {
    static final int FORMAT_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FactoryCatalog() {
    }

    static String toJson(FactoryDiscovery discovery) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("catalogVersion", FORMAT_VERSION);
        root.put("weirVersion", WeirArtifacts.version());
        ArrayNode factories = root.putArray("factories");
        for (Factory f : discovery.factories()) {
            factories.add(describe(f));
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode describe(Factory f) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("identifier", f.identifier());
        ArrayNode kinds = node.putArray("kinds");
        FactoryKind.of(f).forEach(k -> kinds.add(k.name().toLowerCase(Locale.ROOT)));
        node.put("description", f.description());
        node.put("className", f.getClass().getName());
        node.put("artifact", artifact(f));
        ArrayNode options = node.putArray("options");
        for (OptionEntry o : options(f)) {
            ObjectNode opt = options.addObject();
            opt.put("key", o.option().key());
            opt.put("type", o.option().type().name());
            opt.put("required", o.required());
            if (o.option().hasDefaultValue()) {
                opt.put("default", o.option().defaultValueAsString());
            } else {
                opt.putNull("default");
            }
            if (!o.option().enumValues().isEmpty()) {
                ArrayNode values = opt.putArray("enumValues");
                o.option().enumValues().forEach(values::add);
            }
            opt.put("description", o.option().description());
            opt.put("sensitive", o.option().isSensitive());
            opt.put("template", o.option().isTemplate());
            ArrayNode fallback = opt.putArray("fallbackKeys");
            o.option().fallbackKeys().forEach(fallback::add);
            ArrayNode deprecated = opt.putArray("deprecatedKeys");
            o.option().deprecatedKeys().forEach(deprecated::add);
        }
        if (f instanceof SourceFactory s) {
            node.set("readableMetadata", metadata(s.readableMetadata()));
        }
        if (f instanceof SinkFactory s) {
            node.set("writableMetadata", metadata(s.writableMetadata()));
        }
        return node;
    }

    /** Where a factory comes from: its jar's Maven coordinate, else Weir's own coordinate, else the path. */
    static String artifact(Factory f) {
        return FactoryDiscovery.artifact(f)
                .or(() -> WeirArtifacts.coordinateFor(f.identifier()))
                .orElse(FactoryDiscovery.origin(f));
    }

    record OptionEntry(ConfigOption<?> option, boolean required) {
    }

    /** Required options first, then optional ones, each sorted by key. */
    static List<OptionEntry> options(Factory f) {
        List<OptionEntry> entries = new ArrayList<>();
        f.requiredOptions().stream().sorted(Comparator.comparing(ConfigOption::key))
                .forEach(o -> entries.add(new OptionEntry(o, true)));
        f.optionalOptions().stream().sorted(Comparator.comparing(ConfigOption::key))
                .forEach(o -> entries.add(new OptionEntry(o, false)));
        return entries;
    }

    private static ObjectNode metadata(Map<String, DataType> metadata) {
        ObjectNode node = MAPPER.createObjectNode();
        new TreeMap<>(metadata).forEach((k, v) -> node.put(k, v.toString()));
        return node;
    }
}
