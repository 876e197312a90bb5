package dev.weir.engine.plan;

import static dev.weir.engine.table.Expressions.$;
import static dev.weir.engine.table.Expressions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ValidationException;
import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.schema.Schema;
import dev.weir.api.types.DataTypes;
import dev.weir.engine.expr.AggregateFunction;
import dev.weir.engine.expr.PlanException;
import dev.weir.engine.spec.SinkSpec;
import dev.weir.engine.table.CloseableIterator;
import dev.weir.engine.table.EnvironmentSettings;
import dev.weir.engine.table.Table;
import dev.weir.engine.table.TableEnvironment;
import dev.weir.engine.table.Tumble;
import dev.weir.engine.testing.TestSinkStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The planner's changelog derivation (as Flink's), and what each kind of sink is sent. */
class ChangelogTest {
    private static TableEnvironment streaming() {
        return TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    }

    private static Table words(TableEnvironment env, String... words) {
        return env.fromValues(DataTypes.ROW(DataTypes.FIELD("word", DataTypes.STRING())), (Object[]) words);
    }

    private static Table counts(Table words) {
        return words.groupBy($("word")).select($("word"), $("word").count().as("n"));
    }

    /** Counts of counts: the second aggregation retracts, so it emits all four kinds of change. */
    private static Table countsOfCounts(TableEnvironment env) {
        return counts(words(env, "a", "b", "a", "a")).groupBy($("n")).select($("n"), lit(1).count().as("words"));
    }

    private static TableDescriptor testSink(String store, String changelogMode, String... primaryKey) {
        Schema.Builder schema = Schema.newBuilder().column("word", primaryKey.length > 0 ? "STRING NOT NULL" : "STRING")
                .column("n", "BIGINT NOT NULL");
        if (primaryKey.length > 0) {
            schema.primaryKey(primaryKey);
        }
        return TableDescriptor.forConnector("test-sink").schema(schema.build()).option("name", store)
                .option("changelog-mode", changelogMode).build();
    }

    @Test
    void updatesIntoAnAppendOnlySinkAreRefusedAtPlanningAndNothingIsWritten() {
        String store = "append-only-" + UUID.randomUUID();
        TestSinkStore rows = TestSinkStore.create(store);
        TableEnvironment env = streaming();
        assertThatThrownBy(() -> counts(words(env, "a", "b", "a")).executeInsert(testSink(store, "insert-only")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("(connector 'test-sink') can only append rows [I]")
                .hasMessageContaining("GroupAggregate[groupBy: `word`; select: `word`, COUNT(`word`) AS `n`] produces updates [I,UB,UA]")
                .hasMessageContaining("aggregate in a window");
        assertThat(rows.written()).isEmpty();
    }

    @Test
    void anUpsertSinkGetsEveryChangeButUpdateBeforeWhenItsKeyIsTheQuerysKey() throws Exception {
        String store = "upsert-" + UUID.randomUUID();
        TestSinkStore rows = TestSinkStore.create(store);
        counts(words(streaming(), "a", "b", "a")).executeInsert(testSink(store, "upsert", "word")).await();
        assertThat(rows.written()).containsExactly(Row.of("a", 1L), Row.of("b", 1L),
                Row.ofKind(RowKind.UPDATE_AFTER, "a", 2L));

        assertThatThrownBy(() -> counts(words(streaming(), "a")).executeInsert(testSink(store, "upsert", "n")))
                .hasMessageContaining("applies updates by its primary key (n)")
                .hasMessageContaining("with the unique key (word)");
        assertThatThrownBy(() -> counts(words(streaming(), "a")).executeInsert(testSink(store, "upsert")))
                .hasMessageContaining("applies updates by its primary key but declares none");
    }

    @Test
    void collectAndPrintShowEveryKindOfChange() {
        assertThat(collectRows(countsOfCounts(streaming()))).containsExactly(
                Row.of(1L, 1L),
                Row.ofKind(RowKind.UPDATE_BEFORE, 1L, 1L), Row.ofKind(RowKind.UPDATE_AFTER, 1L, 2L),
                Row.ofKind(RowKind.UPDATE_BEFORE, 1L, 2L), Row.ofKind(RowKind.UPDATE_AFTER, 1L, 1L),
                Row.of(2L, 1L),
                Row.ofKind(RowKind.DELETE, 2L, 1L),
                Row.of(3L, 1L));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TableEnvironment env = streaming().withPrintStream(new PrintStream(bytes, true));
        countsOfCounts(env).execute().print();
        List<String> ops = bytes.toString().lines().filter(l -> l.matches("\\|\\s+[-+][IUD] \\|.*"))
                .map(l -> l.split("\\|")[1].trim()).toList();
        assertThat(ops).containsExactly("+I", "-U", "+U", "-U", "+U", "+I", "-D", "+I");
    }

    @Test
    void upsertsFromASourceAreNormalizedIntoAFullChangelogAsFlinkDoes() {
        String data = "upserts-" + UUID.randomUUID();
        dev.weir.engine.testing.TestData.register(data, List.of(List.of(Row.of("a", 1L), Row.of("b", 5L), Row.of("a", 1L),
                Row.of("a", 7L), Row.ofKind(RowKind.DELETE, "b", null), Row.ofKind(RowKind.DELETE, "zz", null))));
        TableEnvironment env = streaming();
        env.createTemporaryTable("latest", TableDescriptor.forConnector("test-source")
                .schema(Schema.newBuilder().column("word", "STRING NOT NULL").column("n", "BIGINT").primaryKey("word").build())
                .option("data", data).option("upsert", "true").build());
        Table latest = env.from("latest");
        assertThat(latest.explain()).contains("ChangelogNormalize[key: `word`]", "changelog [I,UB,UA,D], unique key (word)");
        assertThat(collectRows(latest)).containsExactly(Row.of("a", 1L), Row.of("b", 5L),
                Row.ofKind(RowKind.UPDATE_BEFORE, "a", 1L), Row.ofKind(RowKind.UPDATE_AFTER, "a", 7L),
                Row.ofKind(RowKind.DELETE, "b", 5L));
        // a filter and an aggregation see the row each upsert replaces: the total is the last values' sum
        List<Row> totals = collectRows(latest.filter("n > 2").select("SUM(n) AS total"));
        assertThat(totals.get(totals.size() - 1)).isEqualTo(Row.ofKind(RowKind.UPDATE_AFTER, 7L));

        TableEnvironment batch = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        batch.createTemporaryTable("latest", TableDescriptor.forConnector("test-source")
                .schema(Schema.newBuilder().column("word", "STRING NOT NULL").column("n", "BIGINT").primaryKey("word").build())
                .option("data", data).option("upsert", "true").build());
        assertThat(collectRows(batch.from("latest"))).containsExactly(Row.of("a", 7L));
    }

    private static List<Row> collectRows(Table table) {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = table.execute().collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void explainShowsEachOperatorsChangelog() {
        String explain = countsOfCounts(streaming()).explain();
        assertThat(explain)
                .contains("Values[4 rows]", "changelog [I]")
                .contains("changelog [I,UB,UA], unique key (word)")
                .contains("changelog [I,UB,UA,D], unique key (n)")
                .contains("accepts [I,UB,UA,D]");
    }

    @Test
    void aWindowAggregationRefusesAnUpdatingInputAsFlinkDoes() {
        TableEnvironment env = streaming();
        Table events = env.fromValues(DataTypes.ROW(DataTypes.FIELD("word", DataTypes.STRING()),
                DataTypes.FIELD("ts", DataTypes.TIMESTAMP(3))), Row.of("a", java.time.LocalDateTime.of(2026, 1, 1, 0, 0)));
        Table latest = events.groupBy($("word")).select($("word"), $("ts").max().as("ts"));
        assertThatThrownBy(() -> latest.window(Tumble.over("1 s").on("ts").as("w"))
                .groupBy($("w")).select($("word").count()).explain())
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("cannot consume the updates [I,UB,UA] produced by GroupAggregate[");
    }

    @Test
    void minAndMaxKeepOneValuePerGroupOverAnInsertOnlyInput() throws IOException {
        TableEnvironment env = streaming();
        AggregateFunction<?> overInserts = maxFunction(words(env, "x").groupBy($("word"))
                .select($("word"), $("word").max().as("m")));
        AggregateFunction<?> overChanges = maxFunction(counts(words(env, "x")).groupBy($("word"))
                .select($("word"), $("n").max().as("m")));

        assertThat(stateBytesAfterDistinctValues(overInserts, 10_000)).isLessThan(500);
        assertThat(stateBytesAfterDistinctValues(overChanges, 10_000)).isGreaterThan(50_000);
    }

    private static AggregateFunction<?> maxFunction(Table query) {
        PhysicalPlan plan = Planner.create().plan(query.toJobSpec(new SinkSpec.Print()));
        List<PlanNode.GroupAggregateNode> aggregates = plan.chains().stream().flatMap(c -> c.operators().stream())
                .filter(PlanNode.GroupAggregateNode.class::isInstance).map(PlanNode.GroupAggregateNode.class::cast).toList();
        return aggregates.get(aggregates.size() - 1).aggregation().aggregates().get(0).function();
    }

    /** The size of the accumulator's checkpointed state after adding {@code count} distinct values. */
    @SuppressWarnings("unchecked")
    private static <A extends Serializable> int stateBytesAfterDistinctValues(AggregateFunction<A> function, int count)
            throws IOException {
        A accumulator = function.createAccumulator();
        for (int i = 0; i < count; i++) {
            Object value = function.resultType().root() == dev.weir.api.types.TypeRoot.BIGINT ? (Object) (long) i : "value-" + i;
            accumulator = function.accumulate(accumulator, new Object[]{value});
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(accumulator);
        }
        return bytes.size();
    }
}
