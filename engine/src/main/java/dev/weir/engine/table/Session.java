package dev.weir.engine.table;

import dev.weir.engine.spec.WindowSpec;

/** Session windows: {@code Session.withGap("30 s").on("ts").as("w")}. */
public final class Session {
    private Session() {
    }

    public static Tumble.WithSize withGap(Object gap) {
        return new Tumble.WithSize(new GroupWindow.Pending(WindowSpec.Kind.SESSION, null, null, GroupWindow.duration(gap)));
    }
}
