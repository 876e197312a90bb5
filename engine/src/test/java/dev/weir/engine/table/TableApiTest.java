package dev.weir.engine.table;

import static dev.weir.engine.table.Expressions.$;
import static dev.weir.engine.table.Expressions.call;
import static dev.weir.engine.table.Expressions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.api.types.DataTypes;
import dev.weir.engine.runtime.SourceCounts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableApiTest {
    private static final List<Row> PEOPLE = List.of(Row.of(1L, "alice", 30), Row.of(2L, "bob", 17), Row.of(3L, "carol", 45));

    private static List<Row> collect(Table table) {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = table.execute().collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    private static Table people(TableEnvironment env) {
        return env.fromElements(PEOPLE, DataTypes.ROW(DataTypes.FIELD("id", DataTypes.BIGINT()),
                DataTypes.FIELD("name", DataTypes.STRING()), DataTypes.FIELD("age", DataTypes.INT())));
    }

    @Test
    void selectFilterAndExpressions() {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        Table result = people(env)
                .filter($("age").isGreaterOrEqual(18))
                .select($("id"), $("name").upperCase().as("upper_name"), $("age").plus(1).as("next_age"));
        assertThat(result.getRowType().fieldNames()).containsExactly("id", "upper_name", "next_age");
        assertThat(collect(result)).containsExactly(Row.of(1L, "ALICE", 31), Row.of(3L, "CAROL", 46));
    }

    @Test
    void theResultCountsWhatEachSourceRead() {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        TableResult result = people(env).filter("age >= 18").execute();
        try (CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(row -> { });
        }

        assertThat(result.getSourceCounts()).containsExactly(new SourceCounts("Values[3 rows]", 3, 3, 0, 0));
    }

    @Test
    void aFilterOverAProjectionSeesTheProjectedValues() {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        // 'age' is recomputed by the select: the filter must not read the source's 'age'
        Table shadowed = people(env).select("name", "age * 2 AS age").filter("age > 40");
        assertThat(collect(shadowed)).containsExactly(Row.of("alice", 60), Row.of("carol", 90));
        // 'id' passes through: the filter runs before the projection, with the same result
        Table passed = people(env).select("id", "UPPER(name) AS name").filter("id <> 2");
        assertThat(passed.explain()).contains("Filter[id <> 2] + Select[id, UPPER(name) AS name]");
        assertThat(collect(passed)).containsExactly(Row.of(1L, "ALICE"), Row.of(3L, "CAROL"));
    }

    @Test
    void addDropRenameAndUnion() {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        Table t = people(env)
                .addColumns(call("concat", $("name"), lit("!")).as("shout"))
                .dropColumns($("age"))
                .renameColumns($("name").as("who"));
        assertThat(t.getRowType().fieldNames()).containsExactly("id", "who", "shout");
        Table both = t.unionAll(t.filter("id = 2"));
        assertThat(collect(both)).containsExactlyInAnyOrder(Row.of(1L, "alice", "alice!"), Row.of(2L, "bob", "bob!"),
                Row.of(3L, "carol", "carol!"), Row.of(2L, "bob", "bob!"));
    }

    @Test
    void groupAggregationEmitsAChangelogInStreamingMode() {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        Table words = env.fromValues(DataTypes.ROW(DataTypes.FIELD("word", DataTypes.STRING())), "a", "b", "a");
        List<Row> rows = collect(words.groupBy($("word")).select($("word"), $("word").count().as("n")));
        assertThat(rows).containsExactly(Row.of("a", 1L), Row.of("b", 1L),
                Row.ofKind(RowKind.UPDATE_BEFORE, "a", 1L), Row.ofKind(RowKind.UPDATE_AFTER, "a", 2L));
    }

    @Test
    void aMiniBatchEmitsOneChangePerChangedGroupInsteadOfOnePerRow() {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        env.getConfig().set("table.exec.mini-batch.enabled", "true").set("table.exec.mini-batch.allow-latency", "1 min")
                .set("table.exec.mini-batch.size", "1000");
        Table words = env.fromValues(DataTypes.ROW(DataTypes.FIELD("word", DataTypes.STRING())), "a", "b", "a", "a", "b");
        Table counts = words.groupBy($("word")).select($("word"), $("word").count().as("n"));
        assertThat(counts.explain()).contains("(mini-batch 1000 rows / 60000 ms)");
        assertThat(collect(counts)).containsExactlyInAnyOrder(Row.of("a", 3L), Row.of("b", 2L));
    }

    @Test
    void aMiniBatchNeedsItsLatencyAndSize() {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        env.getConfig().set("table.exec.mini-batch.enabled", "true").set("table.exec.mini-batch.size", "1000");
        assertThatThrownBy(() -> collect(env.fromValues(DataTypes.ROW(DataTypes.FIELD("word", DataTypes.STRING())), "a")
                .groupBy($("word")).select($("word"), $("word").count().as("n"))))
                .hasMessageContaining("'table.exec.mini-batch.enabled' is true: set 'table.exec.mini-batch.allow-latency'");
    }

    @Test
    void groupAggregationEmitsFinalRowsInBatchMode() {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        Table words = env.fromValues(DataTypes.ROW(DataTypes.FIELD("word", DataTypes.STRING())), "a", "b", "a");
        List<Row> rows = collect(words.groupBy("word").select("word", "COUNT(*) AS n", "COUNT(DISTINCT word) AS d"));
        assertThat(rows).containsExactlyInAnyOrder(Row.of("a", 2L, 1L), Row.of("b", 1L, 1L));
    }

    @Test
    void aUnionFeedsAHashPartitionedAggregation() {
        for (int parallelism : new int[]{1, 2, 3}) {
            TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inBatchMode());
            env.getConfig().set("parallelism.default", String.valueOf(parallelism));
            Table left = env.fromElements(List.of("a", "b", "a", "c"), "word");
            Table right = env.fromElements(List.of("c", "a"), "word");
            Table counts = left.unionAll(right).groupBy("word").select("word", "COUNT(*) AS n");
            assertThat(counts.explain()).contains("<- hash(", "from chain 1", "from chain 2");
            assertThat(collect(counts)).as("parallelism %d", parallelism)
                    .containsExactlyInAnyOrder(Row.of("a", 3L), Row.of("b", 1L), Row.of("c", 2L));
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void printStreamsAnUnboundedResultUntilTheJobIsCancelled() throws Exception {
        String data = "print-" + java.util.UUID.randomUUID();
        dev.weir.engine.testing.TestData.register(data, List.of(List.of(Row.of("alice"), Row.of("bob"))));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode())
                .withPrintStream(new PrintStream(bytes, true));
        env.createTemporaryTable("names", dev.weir.api.descriptor.TableDescriptor.forConnector("test-source")
                .schema(dev.weir.api.schema.Schema.newBuilder().column("name", DataTypes.STRING()).build())
                .option("data", data).option("bounded", "false").build());
        TableResult result = env.from("names").select($("name").upperCase().as("upper")).execute();
        Thread printer = new Thread(result::print);
        printer.start();
        while (!bytes.toString().contains("BOB")) {
            Thread.sleep(5);
        }
        result.getJobExecution().cancel();
        printer.join();
        assertThat(bytes.toString()).isEqualTo("""
                +----------------------+----------------------+
                |                   op |                upper |
                +----------------------+----------------------+
                |                   +I |                ALICE |
                |                   +I |                  BOB |
                """);
    }

    @Test
    void printShowsAFlinkStyleTable() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inBatchMode())
                .withPrintStream(new PrintStream(bytes, true));
        people(env).select("name", "age").execute().print();
        assertThat(bytes.toString()).isEqualTo("""
                +-------+-----+
                |  name | age |
                +-------+-----+
                | alice |  30 |
                |   bob |  17 |
                | carol |  45 |
                +-------+-----+
                3 rows in set
                """);
    }
}
