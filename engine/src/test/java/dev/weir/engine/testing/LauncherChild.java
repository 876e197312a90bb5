package dev.weir.engine.testing;

import dev.weir.api.data.Row;
import dev.weir.engine.Launcher;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM for launcher tests that need a real process (signals): registers an unbounded test source
 * 'child' of 100 rows (k = id % 3), then runs {@link Launcher#main}.
 */
public final class LauncherChild {
    private LauncherChild() {
    }

    public static void main(String[] args) {
        List<Row> rows = new ArrayList<>();
        for (long id = 0; id < 100; id++) {
            rows.add(Row.of(id, (int) (id % 3)));
        }
        TestData.register("child", List.of(rows));
        Launcher.main(args);
    }
}
