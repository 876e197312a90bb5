package dev.weir.engine.table;

import static dev.weir.engine.table.Expressions.$;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.data.Row;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.schema.Schema;
import dev.weir.api.types.DataTypes;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.engine.testing.TestData;
import dev.weir.engine.testing.TestSinkStore;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Event-time windows against hand-computed results. Rows (user, amount, second) with watermark =
 * ts arrive in this order: a1@1 b2@3 a3@9 a4@12 b5@15, then b100@2 (late: the watermark is 15),
 * then a6@25.
 */
@Timeout(60)
class WindowTest {
    private static final List<Row> ROWS = List.of(row("a", 1, 1), row("b", 2, 3), row("a", 3, 9), row("a", 4, 12),
            row("b", 5, 15), row("b", 100, 2), row("a", 6, 25));

    static Row row(String user, int amount, int second) {
        return Row.of(user, amount, ts(second));
    }

    static LocalDateTime ts(int second) {
        return LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(second);
    }

    static Row result(String user, int start, int end, int total) {
        return Row.of(user, ts(start), ts(end), total);
    }

    private static TableEnvironment env(String data, List<List<Row>> splits, boolean bounded, int parallelism) {
        TestData.register(data, splits);
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        env.getConfig().set("parallelism.default", String.valueOf(parallelism));
        env.createTemporaryTable("clicks", TableDescriptor.forConnector("test-source")
                .schema(Schema.newBuilder().column("user", DataTypes.STRING()).column("amount", DataTypes.INT())
                        .column("ts", DataTypes.TIMESTAMP(3)).watermark("ts", "ts").build())
                .option("data", data).option("bounded", String.valueOf(bounded)).build());
        return env;
    }

    private static Table windowed(TableEnvironment env, GroupWindow window) {
        return env.from("clicks").window(window).groupBy($("w"), $("user"))
                .select($("user"), $("w").start().as("wstart"), $("w").end().as("wend"), $("amount").sum().as("total"));
    }

    private static List<Row> run(Table table) {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = table.execute().collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void tumblingWindowsDropAndCountLateRows() {
        TableEnvironment env = env("tumble-" + UUID.randomUUID(), List.of(ROWS), true, 1);
        TableResult result = windowed(env, Tumble.over("10 s").on("ts").as("w")).execute();
        List<Row> rows = new ArrayList<>();
        result.collect().forEachRemaining(rows::add);
        assertThat(rows).containsExactlyInAnyOrder(result("a", 0, 10, 4), result("b", 0, 10, 2),
                result("a", 10, 20, 4), result("b", 10, 20, 5), result("a", 20, 30, 6));
        assertThat(result.getJobExecution().metricSum("WindowAggregate", "numLateRecordsDropped")).isEqualTo(1);
    }

    @Test
    void slidingWindows() {
        TableEnvironment env = env("slide-" + UUID.randomUUID(), List.of(ROWS), true, 1);
        assertThat(run(windowed(env, Slide.over("10 s").every("5 s").on("ts").as("w")))).containsExactlyInAnyOrder(
                result("a", -5, 5, 1), result("b", -5, 5, 2),
                result("a", 0, 10, 4), result("b", 0, 10, 2),
                result("a", 5, 15, 7),
                result("a", 10, 20, 4), result("b", 10, 20, 5),
                result("b", 15, 25, 5),
                result("a", 20, 30, 6),
                result("a", 25, 35, 6));
    }

    @Test
    void sessionWindowsMerge() {
        TableEnvironment env = env("session-" + UUID.randomUUID(), List.of(ROWS), true, 1);
        assertThat(run(windowed(env, Session.withGap("5 s").on("ts").as("w")))).containsExactlyInAnyOrder(
                result("a", 1, 6, 1), result("a", 9, 17, 7), result("a", 25, 30, 6),
                result("b", 3, 8, 2), result("b", 15, 20, 5));
    }

    @Test
    void lateRowsGoToTheSideOutputSink() {
        TableEnvironment env = env("late-" + UUID.randomUUID(), List.of(ROWS), true, 1);
        String late = "late-" + UUID.randomUUID();
        TestSinkStore store = TestSinkStore.create(late);
        env.getConfig().set("table.exec.late-rows", "side-output").set("table.exec.late-rows.sink", "late");
        env.createTemporaryTable("late", TableDescriptor.forConnector("test-sink").option("name", late).build());
        assertThat(run(windowed(env, Tumble.over("10 s").on("ts").as("w")))).hasSize(5);
        assertThat(store.written()).containsExactly(row("b", 100, 2));
    }

    @Test
    void anIdleSplitDoesNotHoldBackWindows() {
        // unbounded: split 1 never has data and marks itself idle; windows up to the watermark (25 s) must fire
        TableEnvironment env = env("idle-" + UUID.randomUUID(), List.of(ROWS, List.of()), false, 1);
        List<Row> rows = new ArrayList<>();
        TableResult result = windowed(env, Tumble.over("10 s").on("ts").as("w")).execute();
        try (CloseableIterator<Row> it = result.collect()) {
            for (int i = 0; i < 4; i++) {
                rows.add(it.next());
            }
        }
        assertThat(rows).containsExactlyInAnyOrder(result("a", 0, 10, 4), result("b", 0, 10, 2),
                result("a", 10, 20, 4), result("b", 10, 20, 5));
        assertThat(result.getJobExecution().completion().join()).isEqualTo(JobExecution.Status.CANCELLED);
    }

    @Test
    void theIdleTimeoutReleasesASilentSplit() throws Exception {
        // split 1 never has rows and never says it is idle: only table.exec.source.idle-timeout releases it
        String name = "silent-" + UUID.randomUUID();
        TableEnvironment env = env(name, List.of(ROWS, List.of()), false, 1);
        env.getConfig().set("table.exec.source.idle-timeout", "20 ms");
        TestData data = TestData.get(name).silentWhenDrained();
        TableResult result = windowed(env, Tumble.over("10 s").on("ts").as("w")).execute();
        Thread feeder = new Thread(() -> {
            // keeps split 0 active, as a live source would be
            for (int second = 30; !Thread.currentThread().isInterrupted(); second++) {
                data.append(0, row("z", 1, second));
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        feeder.start();
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            for (int i = 0; i < 5; i++) {
                rows.add(it.next());
            }
        } finally {
            feeder.interrupt();
            feeder.join();
        }
        // the silent split held the watermark back while the rows were read, so b100@2 was not late
        assertThat(rows).containsExactlyInAnyOrder(result("a", 0, 10, 4), result("b", 0, 10, 102),
                result("a", 10, 20, 4), result("b", 10, 20, 5), result("a", 20, 30, 6));
    }

    @Test
    void parallelismTwoGivesTheSameResultAsOne() {
        // no late rows here: whether a row is late across parallel sources depends on their relative speed
        List<List<Row>> splits = List.of(ROWS.subList(0, 5), List.of(row("c", 7, 4), row("c", 8, 14)), List.of(row("a", 9, 8)));
        List<Row> one = run(windowed(env("p1-" + UUID.randomUUID(), splits, true, 1), Tumble.over("10 s").on("ts").as("w")));
        List<Row> two = run(windowed(env("p2-" + UUID.randomUUID(), splits, true, 2), Tumble.over("10 s").on("ts").as("w")));
        assertThat(two).containsExactlyInAnyOrderElementsOf(one);
        assertThat(one).contains(result("c", 0, 10, 7), result("c", 10, 20, 8));

        List<Row> aggOne = run(env("g1-" + UUID.randomUUID(), splits, true, 1).from("clicks").groupBy("user")
                .select("user", "SUM(amount) AS total", "COUNT(*) AS n"));
        List<Row> aggTwo = run(env("g2-" + UUID.randomUUID(), splits, true, 2).from("clicks").groupBy("user")
                .select("user", "SUM(amount) AS total", "COUNT(*) AS n"));
        assertThat(finalRows(aggTwo)).containsExactlyInAnyOrderElementsOf(finalRows(aggOne));
    }

    /** The last +I/+U row per key of a changelog. */
    private static List<Row> finalRows(List<Row> changelog) {
        java.util.Map<Object, Row> last = new java.util.LinkedHashMap<>();
        for (Row r : changelog) {
            if (r.kind().isAccumulate()) {
                Row copy = r.copy();
                copy.setKind(dev.weir.api.data.RowKind.INSERT);
                last.put(r.getField(0), copy);
            } else if (r.kind() == dev.weir.api.data.RowKind.DELETE) {
                last.remove(r.getField(0));
            }
        }
        return new ArrayList<>(last.values());
    }
}
