package dev.weir.engine.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.api.ValidationException;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.schema.Column;
import dev.weir.api.schema.Schema;
import dev.weir.api.types.DataTypes;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of a table descriptor, used by {@code bin/weir validate}, by job specs and by the
 * Python package:
 * <pre>{@code
 * {
 *   "connector": "datagen",
 *   "schema": {
 *     "columns": [
 *       {"name": "id", "type": "BIGINT NOT NULL"},
 *       {"name": "total", "expression": "price * quantity"},
 *       {"name": "ts", "type": "TIMESTAMP_LTZ(3)", "metadata": "timestamp", "virtual": true}
 *     ],
 *     "watermark": {"column": "ts", "expression": "ts - INTERVAL '5' SECOND"},
 *     "primaryKey": ["id"]
 *   },
 *   "options": {"rows-per-second": "10"},
 *   "partitionedBy": [],
 *   "comment": "orders"
 * }
 * }</pre>
 * Errors name the JSON path of the bad element.
 */
public final class DescriptorJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> DESCRIPTOR_KEYS = Set.of("connector", "schema", "options", "partitionedBy", "comment");
    private static final Set<String> COLUMN_KEYS = Set.of("name", "type", "expression", "metadata", "virtual");

    private DescriptorJson() {
    }

    public static TableDescriptor parse(String json) {
        try {
            return fromJson(MAPPER.readTree(json), "$");
        } catch (JsonProcessingException e) {
            throw new ValidationException("Not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ".");
        }
    }

    public static TableDescriptor fromJson(JsonNode node, String path) {
        requireObject(node, path, DESCRIPTOR_KEYS);
        JsonNode connector = node.get("connector");
        if (connector == null || !connector.isTextual()) {
            throw new ValidationException(path + ".connector: expected the connector's identifier as a string.");
        }
        TableDescriptor.Builder b = TableDescriptor.forConnector(connector.asText());
        if (node.has("schema")) {
            b.schema(schemaFromJson(node.get("schema"), path + ".schema"));
        }
        JsonNode options = node.get("options");
        if (options != null) {
            requireObject(options, path + ".options", null);
            for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw new ValidationException(path + ".options." + e.getKey()
                            + ": expected a string, number or boolean.");
                }
                b.option(e.getKey(), e.getValue().asText());
            }
        }
        if (node.has("partitionedBy")) {
            b.partitionedBy(strings(node.get("partitionedBy"), path + ".partitionedBy"));
        }
        if (node.has("comment")) {
            b.comment(node.get("comment").asText());
        }
        return b.build();
    }

    public static Schema schemaFromJson(JsonNode node, String path) {
        requireObject(node, path, Set.of("columns", "watermark", "primaryKey"));
        Schema.Builder b = Schema.newBuilder();
        JsonNode columns = node.get("columns");
        if (columns == null || !columns.isArray()) {
            throw new ValidationException(path + ".columns: expected an array of columns.");
        }
        for (int i = 0; i < columns.size(); i++) {
            String at = path + ".columns[" + i + "]";
            JsonNode c = columns.get(i);
            requireObject(c, at, COLUMN_KEYS);
            String name = text(c, "name", at);
            try {
                if (c.has("expression")) {
                    b.columnByExpression(name, text(c, "expression", at));
                } else if (c.has("metadata")) {
                    JsonNode key = c.get("metadata");
                    b.columnByMetadata(name, DataTypes.parse(text(c, "type", at)),
                            key.isTextual() ? key.asText() : null, c.path("virtual").asBoolean(false));
                } else {
                    b.column(name, DataTypes.parse(text(c, "type", at)));
                }
            } catch (IllegalArgumentException e) {
                throw new ValidationException(at + " ('" + name + "'): " + e.getMessage());
            }
        }
        JsonNode watermark = node.get("watermark");
        if (watermark != null) {
            requireObject(watermark, path + ".watermark", Set.of("column", "expression"));
            b.watermark(text(watermark, "column", path + ".watermark"), text(watermark, "expression", path + ".watermark"));
        }
        if (node.has("primaryKey")) {
            b.primaryKey(strings(node.get("primaryKey"), path + ".primaryKey"));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ValidationException(path + ": " + e.getMessage());
        }
    }

    public static ObjectNode toJson(TableDescriptor descriptor) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("connector", descriptor.connector());
        descriptor.schema().ifPresent(s -> node.set("schema", schemaToJson(s)));
        ObjectNode options = node.putObject("options");
        descriptor.options().forEach((k, v) -> {
            if (!k.equals("connector")) {
                options.put(k, v);
            }
        });
        if (!descriptor.partitionKeys().isEmpty()) {
            ArrayNode keys = node.putArray("partitionedBy");
            descriptor.partitionKeys().forEach(keys::add);
        }
        descriptor.comment().ifPresent(c -> node.put("comment", c));
        return node;
    }

    public static ObjectNode schemaToJson(Schema schema) {
        ObjectNode node = MAPPER.createObjectNode();
        ArrayNode columns = node.putArray("columns");
        for (Column c : schema.columns()) {
            ObjectNode col = columns.addObject().put("name", c.name());
            if (c instanceof Column.Physical p) {
                col.put("type", p.type().toString());
            } else if (c instanceof Column.Computed e) {
                col.put("expression", e.expression());
            } else if (c instanceof Column.Metadata m) {
                col.put("type", m.type().toString());
                if (m.metadataKey() == null) {
                    col.put("metadata", true);
                } else {
                    col.put("metadata", m.metadataKey());
                }
                if (m.virtual()) {
                    col.put("virtual", true);
                }
            }
        }
        schema.watermark().ifPresent(w -> node.putObject("watermark").put("column", w.rowtimeColumn())
                .put("expression", w.expression()));
        if (!schema.primaryKey().isEmpty()) {
            ArrayNode pk = node.putArray("primaryKey");
            schema.primaryKey().forEach(pk::add);
        }
        return node;
    }

    private static void requireObject(JsonNode node, String path, Set<String> allowedKeys) {
        if (node == null || !node.isObject()) {
            throw new ValidationException(path + ": expected a JSON object.");
        }
        if (allowedKeys != null) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!allowedKeys.contains(key)) {
                    throw new ValidationException(path + ": unknown key '" + key + "'."
                            + dev.weir.api.factory.Suggestions.didYouMean(key, allowedKeys)
                            + " Allowed keys: " + String.join(", ", new java.util.TreeSet<>(allowedKeys)) + ".");
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

    private static String[] strings(JsonNode node, String path) {
        if (!node.isArray()) {
            throw new ValidationException(path + ": expected an array of strings.");
        }
        String[] out = new String[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).asText();
        }
        return out;
    }
}
