package dev.weir.engine.table;

import dev.weir.engine.spec.QueryNode;
import java.util.List;

/** A table with a group window; group it by the window alias (and more keys), then select. */
public final class GroupWindowedTable {
    private final Table table;
    private final GroupWindow window;

    GroupWindowedTable(Table table, GroupWindow window) {
        this.table = table;
        this.window = window;
    }

    public WindowGroupedTable groupBy(Expression... keys) {
        return groupBy(Table.sql(keys));
    }

    public WindowGroupedTable groupBy(String... keys) {
        return new WindowGroupedTable(List.of(keys));
    }

    public final class WindowGroupedTable {
        private final List<String> keys;

        WindowGroupedTable(List<String> keys) {
            this.keys = keys;
        }

        public Table select(Expression... fields) {
            return select(Table.sql(fields));
        }

        public Table select(String... fields) {
            return table.derive(new QueryNode.WindowAggregate(table.queryNode(), window.spec(), keys, List.of(fields)));
        }
    }
}
