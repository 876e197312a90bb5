package dev.weir.api.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Renders schemas as the body of a CREATE TABLE statement, one element per line. */
public final class SqlRendering {
    private SqlRendering() {
    }

    public static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    public static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** The elements between the parentheses of CREATE TABLE, each on its own line. */
    public static List<String> schemaElements(Schema schema) {
        List<String> lines = new ArrayList<>();
        for (Column c : schema.columns()) {
            String line;
            if (c instanceof Column.Physical p) {
                line = quote(p.name()) + " " + p.type();
            } else if (c instanceof Column.Computed e) {
                line = quote(e.name()) + " AS " + e.expression();
            } else {
                Column.Metadata m = (Column.Metadata) c;
                line = quote(m.name()) + " " + m.type() + " METADATA"
                        + (m.metadataKey() == null ? "" : " FROM " + quoteLiteral(m.metadataKey()))
                        + (m.virtual() ? " VIRTUAL" : "");
            }
            lines.add(line);
        }
        schema.watermark().ifPresent(w ->
                lines.add("WATERMARK FOR " + quote(w.rowtimeColumn()) + " AS " + w.expression()));
        if (!schema.primaryKey().isEmpty()) {
            lines.add("PRIMARY KEY (" + schema.primaryKey().stream().map(SqlRendering::quote)
                    .collect(Collectors.joining(", ")) + ") NOT ENFORCED");
        }
        return lines;
    }

    static String schemaBody(Schema schema) {
        return "(\n  " + String.join(",\n  ", schemaElements(schema)) + "\n)";
    }
}
