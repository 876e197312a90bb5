package dev.weir.engine.table;

import dev.weir.engine.spec.QueryNode;
import java.util.List;

/** A table grouped by keys; {@link #select} gives the aggregation (a changelog in streaming mode). */
public final class GroupedTable {
    private final Table table;
    private final List<String> keys;

    GroupedTable(Table table, List<String> keys) {
        this.table = table;
        this.keys = keys;
    }

    public Table select(Expression... fields) {
        return select(Table.sql(fields));
    }

    public Table select(String... fields) {
        return table.derive(new QueryNode.Aggregate(table.queryNode(), keys, List.of(fields)));
    }
}
