package dev.weir.engine.table;

import dev.weir.engine.spec.WindowSpec;

/** Tumbling windows: {@code Tumble.over("10 s").on("ts").as("w")} (also a Duration or Expression column). */
public final class Tumble {
    private Tumble() {
    }

    public static WithSize over(Object size) {
        return new WithSize(new GroupWindow.Pending(WindowSpec.Kind.TUMBLE, GroupWindow.duration(size), null, null));
    }

    public static final class WithSize {
        private final GroupWindow.Pending pending;

        WithSize(GroupWindow.Pending pending) {
            this.pending = pending;
        }

        public WithTime on(Object timeColumn) {
            return new WithTime(pending.on(GroupWindow.column(timeColumn)));
        }
    }

    public static final class WithTime {
        private final GroupWindow.Pending pending;

        WithTime(GroupWindow.Pending pending) {
            this.pending = pending;
        }

        public GroupWindow as(String alias) {
            return pending.as(alias);
        }
    }
}
