package dev.weir.engine.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.api.ValidationException;
import dev.weir.api.config.Durations;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.factory.Suggestions;
import dev.weir.api.schema.Schema;
import dev.weir.api.types.DataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON form of a {@link JobSpec} (documented in engine/README.md, section "Job spec"). Errors
 * name the JSON path of the bad element.
 */
public final class JobSpecJson {
    /**
     * The largest job spec accepted, in characters: room for large pickled Python functions, while
     * the spec and its parsed tree still fit in bin/weir's default heap.
     */
    public static final int MAX_LENGTH = 16 * 1024 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Map<String, Set<String>> OPERATION_KEYS = Map.ofEntries(
            Map.entry("scan", Set.of("op", "table", "descriptor")),
            Map.entry("values", Set.of("op", "schema", "rows")),
            Map.entry("select", Set.of("op", "input", "expressions")),
            Map.entry("filter", Set.of("op", "input", "condition")),
            Map.entry("addColumns", Set.of("op", "input", "expressions")),
            Map.entry("dropColumns", Set.of("op", "input", "columns")),
            Map.entry("renameColumns", Set.of("op", "input", "renames")),
            Map.entry("aggregate", Set.of("op", "input", "groupBy", "select")),
            Map.entry("windowAggregate", Set.of("op", "input", "window", "groupBy", "select")),
            Map.entry("unionAll", Set.of("op", "inputs")),
            Map.entry("map", Set.of("op", "input", "function", "arguments")),
            Map.entry("flatMap", Set.of("op", "input", "function", "arguments", "aliases")),
            Map.entry("joinLateral", Set.of("op", "input", "function", "arguments", "aliases", "leftOuter")),
            Map.entry("flatAggregate", Set.of("op", "input", "groupBy", "function", "arguments", "aliases")));
    private static final Set<String> FUNCTION_KEYS = Set.of("language", "kind", "funcType", "payload", "resultType",
            "inputTypes", "deterministic");

    private JobSpecJson() {
    }

    public static JobSpec parse(String json) {
        requireSize(json.length(), "characters");
        JsonNode root;
        try (JsonParser parser = MAPPER.createParser(json)) {
            try {
                root = MAPPER.readTree(parser);
            } catch (JsonProcessingException e) {
                // limits such as Jackson's nesting depth (1000) report no location of their own
                JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
                throw new ValidationException("Job spec is not valid JSON: " + e.getOriginalMessage() + " at line "
                        + at.getLineNr() + ", column " + at.getColumnNr() + ".");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fromJson(root == null ? MissingNode.getInstance() : root);
    }

    /** Refuses a spec of {@code length} characters, or bytes before a file is read, over {@link #MAX_LENGTH}. */
    public static void requireSize(long length, String unit) {
        if (length > MAX_LENGTH) {
            throw new ValidationException("Job spec is too large: " + length + " " + unit + "; the limit is " + MAX_LENGTH
                    + " (16 MiB).");
        }
    }

    public static JobSpec fromJson(JsonNode root) {
        requireKeys(root, "$", Set.of("version", "config", "tables", "functions", "pipelines"));
        JsonNode version = root.get("version");
        if (version == null || !version.canConvertToInt()) {
            throw new ValidationException("$.version: expected the spec version, " + JobSpec.CURRENT_VERSION + ".");
        }
        if (version.asInt() != JobSpec.CURRENT_VERSION) {
            throw new ValidationException("$.version: version " + version.asInt() + " is not supported; this engine reads version "
                    + JobSpec.CURRENT_VERSION + ".");
        }
        Map<String, String> config = new LinkedHashMap<>();
        JsonNode configNode = root.path("config");
        if (!configNode.isMissingNode()) {
            requireKeys(configNode, "$.config", null);
            configNode.fields().forEachRemaining(e -> {
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw new ValidationException("$.config." + e.getKey() + ": expected a string, number or boolean.");
                }
                config.put(e.getKey(), e.getValue().asText());
            });
        }
        Map<String, TableDescriptor> tables = new LinkedHashMap<>();
        JsonNode tablesNode = root.path("tables");
        if (!tablesNode.isMissingNode()) {
            requireKeys(tablesNode, "$.tables", null);
            tablesNode.fields().forEachRemaining(e -> tables.put(e.getKey(),
                    DescriptorJson.fromJson(e.getValue(), "$.tables." + e.getKey())));
        }
        Map<String, FunctionSpec> functions = new LinkedHashMap<>();
        JsonNode functionsNode = root.path("functions");
        if (!functionsNode.isMissingNode()) {
            requireKeys(functionsNode, "$.functions", null);
            functionsNode.fields().forEachRemaining(e -> functions.put(e.getKey(),
                    function(e.getValue(), "$.functions." + e.getKey())));
        }
        JsonNode pipelinesNode = root.get("pipelines");
        if (pipelinesNode == null || !pipelinesNode.isArray() || pipelinesNode.isEmpty()) {
            throw new ValidationException("$.pipelines: expected a non-empty array of {\"sink\": ..., \"query\": ...}.");
        }
        List<JobSpec.Pipeline> pipelines = new ArrayList<>();
        for (int i = 0; i < pipelinesNode.size(); i++) {
            String path = "$.pipelines[" + i + "]";
            JsonNode p = pipelinesNode.get(i);
            requireKeys(p, path, Set.of("sink", "query"));
            pipelines.add(new JobSpec.Pipeline(sink(p.get("sink"), path + ".sink"), query(p.get("query"), path + ".query")));
        }
        return new JobSpec(JobSpec.CURRENT_VERSION, config, tables, functions, pipelines);
    }

    private static FunctionSpec function(JsonNode node, String path) {
        requireKeys(node, path, FUNCTION_KEYS);
        List<String> inputTypes = node.has("inputTypes") ? strings(node, "inputTypes", path) : null;
        return new FunctionSpec(text(node, "language", path), text(node, "kind", path),
                node.path("funcType").asText("general"), text(node, "payload", path), text(node, "resultType", path),
                inputTypes, node.path("deterministic").asBoolean(true));
    }

    private static List<String> optionalStrings(JsonNode node, String key, String path) {
        return node.has(key) ? strings(node, key, path) : null;
    }

    public static String toJsonString(JobSpec spec) {
        try {
            return MAPPER.writeValueAsString(toJson(spec));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode toJson(JobSpec spec) {
        ObjectNode root = MAPPER.createObjectNode().put("version", spec.version());
        ObjectNode config = root.putObject("config");
        spec.config().forEach(config::put);
        ObjectNode tables = root.putObject("tables");
        spec.tables().forEach((name, d) -> tables.set(name, DescriptorJson.toJson(d)));
        if (!spec.functions().isEmpty()) {
            ObjectNode functions = root.putObject("functions");
            spec.functions().forEach((name, f) -> {
                ObjectNode node = functions.putObject(name).put("language", f.language()).put("kind", f.kind())
                        .put("funcType", f.funcType()).put("payload", f.payload()).put("resultType", f.resultType())
                        .put("deterministic", f.deterministic());
                if (f.inputTypes() != null) {
                    node.set("inputTypes", array(f.inputTypes()));
                }
            });
        }
        ArrayNode pipelines = root.putArray("pipelines");
        for (JobSpec.Pipeline p : spec.pipelines()) {
            ObjectNode node = pipelines.addObject();
            if (p.sink() instanceof SinkSpec.ToTable t) {
                node.putObject("sink").put("table", t.table());
            } else if (p.sink() instanceof SinkSpec.ToDescriptor d) {
                node.putObject("sink").set("descriptor", DescriptorJson.toJson(d.descriptor()));
            } else {
                node.put("sink", p.sink().label());
            }
            node.set("query", queryToJson(p.query()));
        }
        return root;
    }

    private static SinkSpec sink(JsonNode node, String path) {
        if (node != null && node.isTextual()) {
            return switch (node.asText()) {
                case "collect" -> new SinkSpec.Collect();
                case "print" -> new SinkSpec.Print();
                default -> throw new ValidationException(path + ": '" + node.asText()
                        + "' is not a built-in sink; use \"collect\", \"print\", {\"table\": name} or {\"descriptor\": {...}}.");
            };
        }
        requireKeys(node, path, Set.of("table", "descriptor"));
        if (node.has("table") == node.has("descriptor")) {
            throw new ValidationException(path + ": expected exactly one of \"table\" or \"descriptor\".");
        }
        return node.has("table") ? new SinkSpec.ToTable(text(node, "table", path))
                : new SinkSpec.ToDescriptor(DescriptorJson.fromJson(node.get("descriptor"), path + ".descriptor"));
    }

    private static QueryNode query(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new ValidationException(path + ": expected a query object with an \"op\".");
        }
        String op = text(node, "op", path);
        Set<String> keys = OPERATION_KEYS.get(op);
        if (keys == null) {
            throw new ValidationException(path + ".op: unknown operation '" + op + "'." + Suggestions.didYouMean(op, OPERATION_KEYS.keySet())
                    + " Operations: " + String.join(", ", new TreeSet<>(OPERATION_KEYS.keySet())) + ".");
        }
        requireKeys(node, path, keys);
        return switch (op) {
            case "scan" -> {
                if (node.has("table") == node.has("descriptor")) {
                    throw new ValidationException(path + ": a scan needs exactly one of \"table\" or \"descriptor\".");
                }
                yield node.has("table") ? new QueryNode.Scan(text(node, "table", path), null)
                        : new QueryNode.Scan(null, DescriptorJson.fromJson(node.get("descriptor"), path + ".descriptor"));
            }
            case "values" -> values(node, path);
            case "select" -> new QueryNode.Select(input(node, path), strings(node, "expressions", path));
            case "map" -> new QueryNode.Map(input(node, path), text(node, "function", path),
                    optionalStrings(node, "arguments", path));
            case "flatMap", "joinLateral" -> new QueryNode.Correlate(input(node, path), text(node, "function", path),
                    optionalStrings(node, "arguments", path), optionalStrings(node, "aliases", path),
                    op.equals("joinLateral"), node.path("leftOuter").asBoolean(false));
            case "flatAggregate" -> new QueryNode.FlatAggregate(input(node, path), optionalStrings(node, "groupBy", path),
                    text(node, "function", path), optionalStrings(node, "arguments", path),
                    optionalStrings(node, "aliases", path));
            case "filter" -> new QueryNode.Filter(input(node, path), text(node, "condition", path));
            case "addColumns" -> new QueryNode.AddColumns(input(node, path), strings(node, "expressions", path));
            case "dropColumns" -> new QueryNode.DropColumns(input(node, path), strings(node, "columns", path));
            case "renameColumns" -> new QueryNode.RenameColumns(input(node, path), strings(node, "renames", path));
            case "aggregate" -> new QueryNode.Aggregate(input(node, path),
                    node.has("groupBy") ? strings(node, "groupBy", path) : List.of(), strings(node, "select", path));
            case "windowAggregate" -> new QueryNode.WindowAggregate(input(node, path), window(node.get("window"), path + ".window"),
                    strings(node, "groupBy", path), strings(node, "select", path));
            default -> {
                JsonNode inputs = node.get("inputs");
                if (inputs == null || !inputs.isArray() || inputs.size() < 2) {
                    throw new ValidationException(path + ".inputs: unionAll needs an array of at least two queries.");
                }
                List<QueryNode> list = new ArrayList<>();
                for (int i = 0; i < inputs.size(); i++) {
                    list.add(query(inputs.get(i), path + ".inputs[" + i + "]"));
                }
                yield new QueryNode.UnionAll(list);
            }
        };
    }

    private static QueryNode values(JsonNode node, String path) {
        Schema schema = DescriptorJson.schemaFromJson(node.get("schema"), path + ".schema");
        DataType rowType = schema.physicalRowType();
        JsonNode rows = node.get("rows");
        if (rows == null || !rows.isArray()) {
            throw new ValidationException(path + ".rows: expected an array of rows (arrays of values).");
        }
        List<List<Object>> out = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            JsonNode row = rows.get(r);
            String at = path + ".rows[" + r + "]";
            if (!row.isArray() || row.size() != rowType.fieldCount()) {
                throw new ValidationException(at + ": expected an array of " + rowType.fieldCount() + " values "
                        + rowType.fieldNames() + ".");
            }
            List<Object> values = new ArrayList<>();
            for (int c = 0; c < row.size(); c++) {
                try {
                    values.add(ValueCodec.fromJson(row.get(c), rowType.fieldType(c)));
                } catch (IllegalArgumentException e) {
                    throw new ValidationException(at + "[" + c + "] ('" + rowType.fieldNames().get(c) + "'): " + e.getMessage() + ".");
                }
            }
            out.add(values);
        }
        return new QueryNode.Values(rowType, out);
    }

    private static WindowSpec window(JsonNode node, String path) {
        requireKeys(node, path, Set.of("type", "size", "slide", "gap", "on", "alias"));
        String type = text(node, "type", path);
        String on = text(node, "on", path);
        String alias = text(node, "alias", path);
        try {
            return switch (type) {
                case "tumble" -> WindowSpec.tumble(duration(node, "size", path), on, alias);
                case "slide" -> WindowSpec.slide(duration(node, "size", path), duration(node, "slide", path), on, alias);
                case "session" -> WindowSpec.session(duration(node, "gap", path), on, alias);
                default -> throw new ValidationException(path + ".type: unknown window type '" + type
                        + "'; use tumble, slide or session.");
            };
        } catch (IllegalArgumentException e) {
            throw new ValidationException(path + ": " + e.getMessage());
        }
    }

    private static Duration duration(JsonNode node, String key, String path) {
        String text = text(node, key, path);
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(path + "." + key + ": '" + text + "' is not a duration (" + e.getMessage()
                    + "); write e.g. '10 s', '5 min', '500 ms'.");
        }
    }

    public static ObjectNode queryToJson(QueryNode query) {
        ObjectNode n = MAPPER.createObjectNode();
        if (query instanceof QueryNode.Scan s) {
            n.put("op", "scan");
            if (s.descriptor() != null) {
                n.set("descriptor", DescriptorJson.toJson(s.descriptor()));
            } else {
                n.put("table", s.table());
            }
        } else if (query instanceof QueryNode.Values v) {
            n.put("op", "values");
            n.set("schema", DescriptorJson.schemaToJson(Schema.of(v.rowType())));
            ArrayNode rows = n.putArray("rows");
            v.rows().forEach(r -> rows.add(ValueCodec.toJson(r)));
        } else if (query instanceof QueryNode.Select s) {
            withInput(n, "select", s.input()).set("expressions", array(s.expressions()));
        } else if (query instanceof QueryNode.Filter f) {
            withInput(n, "filter", f.input()).put("condition", f.condition());
        } else if (query instanceof QueryNode.AddColumns a) {
            withInput(n, "addColumns", a.input()).set("expressions", array(a.expressions()));
        } else if (query instanceof QueryNode.DropColumns d) {
            withInput(n, "dropColumns", d.input()).set("columns", array(d.columns()));
        } else if (query instanceof QueryNode.RenameColumns r) {
            withInput(n, "renameColumns", r.input()).set("renames", array(r.renames()));
        } else if (query instanceof QueryNode.Aggregate a) {
            withInput(n, "aggregate", a.input()).set("groupBy", array(a.groupBy()));
            n.set("select", array(a.select()));
        } else if (query instanceof QueryNode.WindowAggregate w) {
            withInput(n, "windowAggregate", w.input());
            ObjectNode window = n.putObject("window").put("type", w.window().kind().name().toLowerCase(Locale.ROOT));
            switch (w.window().kind()) {
                case TUMBLE -> window.put("size", Durations.format(w.window().size()));
                case SLIDE -> window.put("size", Durations.format(w.window().size()))
                        .put("slide", Durations.format(w.window().slide()));
                case SESSION -> window.put("gap", Durations.format(w.window().gap()));
            }
            window.put("on", w.window().timeColumn()).put("alias", w.window().alias());
            n.set("groupBy", array(w.groupBy()));
            n.set("select", array(w.select()));
        } else if (query instanceof QueryNode.Map m) {
            withInput(n, "map", m.input()).put("function", m.function());
            if (m.arguments() != null) {
                n.set("arguments", array(m.arguments()));
            }
        } else if (query instanceof QueryNode.Correlate c) {
            withInput(n, c.keepInput() ? "joinLateral" : "flatMap", c.input()).put("function", c.function());
            if (c.arguments() != null) {
                n.set("arguments", array(c.arguments()));
            }
            n.set("aliases", array(c.aliases()));
            if (c.keepInput()) {
                n.put("leftOuter", c.leftOuter());
            }
        } else if (query instanceof QueryNode.FlatAggregate f) {
            withInput(n, "flatAggregate", f.input()).set("groupBy", array(f.groupBy()));
            n.put("function", f.function());
            if (f.arguments() != null) {
                n.set("arguments", array(f.arguments()));
            }
            n.set("aliases", array(f.aliases()));
        } else if (query instanceof QueryNode.UnionAll u) {
            n.put("op", "unionAll");
            ArrayNode inputs = n.putArray("inputs");
            u.inputs().forEach(i -> inputs.add(queryToJson(i)));
        }
        return n;
    }

    private static ObjectNode withInput(ObjectNode n, String op, QueryNode input) {
        n.put("op", op);
        n.set("input", queryToJson(input));
        return n;
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode a = MAPPER.createArrayNode();
        values.forEach(a::add);
        return a;
    }

    private static QueryNode input(JsonNode node, String path) {
        return query(node.get("input"), path + ".input");
    }

    private static void requireKeys(JsonNode node, String path, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            throw new ValidationException(path + ": expected a JSON object.");
        }
        if (allowed != null) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!allowed.contains(key)) {
                    throw new ValidationException(path + ": unknown key '" + key + "'." + Suggestions.didYouMean(key, allowed)
                            + " Allowed keys: " + String.join(", ", new TreeSet<>(allowed)) + ".");
                }
            }
        }
    }

    private static String text(JsonNode node, String key, String path) {
        JsonNode v = node.get(key);
        if (v == null || !v.isTextual()) {
            throw new ValidationException(path + "." + key + ": expected a string.");
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode node, String key, String path) {
        JsonNode v = node.get(key);
        if (v == null || !v.isArray()) {
            throw new ValidationException(path + "." + key + ": expected an array of strings.");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw new ValidationException(path + "." + key + "[" + i + "]: expected a string.");
            }
            out.add(v.get(i).asText());
        }
        return out;
    }
}
