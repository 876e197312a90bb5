package dev.weir.engine.table;

import dev.weir.api.config.Durations;
import dev.weir.engine.spec.WindowSpec;
import java.time.Duration;

/** A fully specified group window: {@code Tumble.over("10 s").on("ts").as("w")}. */
public final class GroupWindow {
    private final WindowSpec spec;

    GroupWindow(WindowSpec spec) {
        this.spec = spec;
    }

    public WindowSpec spec() {
        return spec;
    }

    /** The time column and alias still to give; shared by the window builders. */
    static final class Pending {
        private final WindowSpec.Kind kind;
        private final Duration size;
        private final Duration slide;
        private final Duration gap;
        private String timeColumn;

        Pending(WindowSpec.Kind kind, Duration size, Duration slide, Duration gap) {
            this.kind = kind;
            this.size = size;
            this.slide = slide;
            this.gap = gap;
        }

        Pending on(String column) {
            this.timeColumn = column;
            return this;
        }

        GroupWindow as(String alias) {
            if (timeColumn == null) {
                throw new IllegalStateException("Call .on(<rowtime column>) before .as(<alias>).");
            }
            return new GroupWindow(new WindowSpec(kind, size, slide, gap, timeColumn, alias));
        }
    }

    static Duration duration(Object value) {
        if (value instanceof Duration d) {
            return d;
        }
        try {
            return Durations.parse(value.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not a duration; write e.g. \"10 s\" or Duration.ofSeconds(10)");
        }
    }

    static String column(Object column) {
        if (column instanceof Expression e) {
            String sql = e.toSql();
            return sql.startsWith("`") && sql.endsWith("`") ? sql.substring(1, sql.length() - 1).replace("``", "`") : sql;
        }
        return column.toString();
    }
}
