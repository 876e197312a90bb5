package dev.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ValidationException;
import dev.weir.engine.plan.PhysicalPlan;
import dev.weir.engine.plan.Planner;
import dev.weir.engine.spec.JobSpecJson;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every sink connector and format declares which changes it can apply, and the planner holds each
 * to it: a streaming group aggregation (updates) is refused by every sink that can only append,
 * and accepted by sinks that apply changes (print, blackhole) or upserts by the query's key
 * (upsert-kafka, elasticsearch with a primary key). Planning only: nothing connects to a broker.
 */
class ChangelogSinksTest {
    private static final String COUNTS = """
            {"op": "aggregate", "groupBy": ["product"], "select": ["product", "COUNT(*) AS orders"],
             "input": {"op": "scan", "table": "orders"}}""";
    private static final String WINDOWED_COUNTS = """
            {"op": "windowAggregate", "window": {"type": "tumble", "size": "1 s", "on": "ts", "alias": "w"},
             "groupBy": ["w", "product"], "select": ["product", "COUNT(*) AS orders"],
             "input": {"op": "scan", "table": "orders"}}""";

    static Stream<Arguments> appendOnlySinks() {
        return Stream.of(
                Arguments.of("filesystem", "\"path\": \"/tmp/weir-changelog-test\", \"format\": \"json\""),
                Arguments.of("filesystem", "\"path\": \"/tmp/weir-changelog-test\", \"format\": \"csv\""),
                Arguments.of("filesystem", "\"path\": \"/tmp/weir-changelog-test\", \"format\": \"avro\""),
                Arguments.of("kafka", kafka("json")),
                Arguments.of("kafka", kafka("csv")),
                Arguments.of("kafka", kafka("avro")),
                Arguments.of("kafka", kafka("avro-confluent") + ", \"avro-confluent.url\": \"http://localhost:1\""),
                Arguments.of("pulsar", "\"service-url\": \"pulsar://localhost:1\", \"topics\": \"t\", \"format\": \"json\""),
                Arguments.of("elasticsearch", "\"hosts\": \"http://localhost:1\", \"index\": \"counts\""));
    }

    private static String kafka(String format) {
        return "\"topic\": \"t\", \"properties.bootstrap.servers\": \"localhost:1\", \"format\": \"" + format + "\"";
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("appendOnlySinks")
    void anAppendOnlySinkRefusesUpdatesNamingTheOperatorAndTheWaysOut(String connector, String options) {
        assertThatThrownBy(() -> plan(COUNTS, sink(connector, options, null)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Sink 'out' (connector '" + connector + "') can only append rows [I]")
                .hasMessageContaining("GroupAggregate[groupBy: product; select: product, COUNT(*) AS orders] produces updates [I,UB,UA]")
                .hasMessageContaining("aggregate in a window")
                .hasMessageContaining("'upsert-kafka'")
                .hasMessageContaining("changelog format");
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("appendOnlySinks")
    void anAppendOnlySinkTakesAWindowAggregation(String connector, String options) {
        PhysicalPlan plan = plan(WINDOWED_COUNTS, sink(connector, options, null));
        assertThat(plan.explain()).contains("WindowAggregate[", "changelog [I]", "Sink[out]", "accepts [I]");
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("appendOnlySinks")
    void anAppendOnlySinkTakesAGroupAggregationInBatchMode(String connector, String options) {
        PhysicalPlan plan = plan(COUNTS, sink(connector, options, null), "batch");
        assertThat(plan.explain()).contains("GroupAggregate[", "changelog [I]");
    }

    @Test
    void printAndBlackholeTakeEveryChange() {
        for (String connector : new String[]{"print", "blackhole"}) {
            assertThat(plan(COUNTS, sink(connector, "", null)).explain())
                    .contains("changelog [I,UB,UA], unique key (product)", "accepts [I,UB,UA,D]");
        }
    }

    @Test
    void upsertSinksTakeUpdatesByTheQuerysKey() {
        String upsertKafka = "\"topic\": \"t\", \"properties.bootstrap.servers\": \"localhost:1\", \"key.format\": \"json\", "
                + "\"value.format\": \"json\"";
        String elasticsearch = "\"hosts\": \"http://localhost:1\", \"index\": \"counts\"";
        assertThat(plan(COUNTS, sink("upsert-kafka", upsertKafka, "product")).explain())
                .contains("accepts [I,UA,D], by primary key");
        assertThat(plan(COUNTS, sink("elasticsearch", elasticsearch, "product")).explain())
                .contains("accepts [I,UA,D], by primary key");
        assertThatThrownBy(() -> plan(COUNTS, sink("upsert-kafka", upsertKafka, "orders")))
                .hasMessageContaining("Sink 'out' (connector 'upsert-kafka') applies updates by its primary key (orders)")
                .hasMessageContaining("with the unique key (product)")
                .hasMessageContaining("Declare the sink's PRIMARY KEY as the query's unique key");
    }

    @Test
    void upsertsFromASourceAreNormalizedThenGoWhereTheyCanBeApplied() {
        String upsertKafka = "\"topic\": \"t\", \"properties.bootstrap.servers\": \"localhost:1\", \"key.format\": \"json\", "
                + "\"value.format\": \"json\"";
        String source = """
                {"connector": "upsert-kafka", "schema": {"columns": [{"name": "product", "type": "STRING NOT NULL"},
                  {"name": "orders", "type": "BIGINT"}], "primaryKey": ["product"]}, "options": {%s}}""".formatted(upsertKafka);
        String scan = "{\"op\": \"scan\", \"table\": \"latest\"}";
        assertThat(planFromUpserts(source, scan, sink("upsert-kafka", upsertKafka, "product")).explain())
                .contains("Source[latest]", "changelog [I,UA,D], unique key (product)", "ChangelogNormalize[key: `product`]",
                        "changelog [I,UB,UA,D], unique key (product)", "accepts [I,UA,D], by primary key");
        assertThatThrownBy(() -> planFromUpserts(source, scan, sink("filesystem", "\"path\": \"/tmp/x\", \"format\": \"json\"", null)))
                .hasMessageContaining("Source[latest] produces updates [I,UB,UA,D]");
        assertThat(planFromUpserts(source, "{\"op\": \"filter\", \"condition\": \"orders > 1\", \"input\": " + scan + "}",
                sink("upsert-kafka", upsertKafka, "product")).explain()).contains("Filter[orders > 1]");
    }

    private static PhysicalPlan planFromUpserts(String source, String query, String sinkTable) {
        String spec = """
                {"version": 1, "tables": {"latest": %s, "out": %s},
                 "pipelines": [{"sink": {"table": "out"}, "query": %s}]}""".formatted(source, sinkTable, query);
        return Planner.create().plan(JobSpecJson.parse(spec));
    }

    private static PhysicalPlan plan(String query, String sinkTable) {
        return plan(query, sinkTable, "streaming");
    }

    private static PhysicalPlan plan(String query, String sinkTable, String mode) {
        String spec = """
                {"version": 1, "config": {"execution.runtime-mode": "%s"},
                 "tables": {
                   "orders": {"connector": "datagen",
                     "schema": {"columns": [{"name": "id", "type": "BIGINT NOT NULL"}, {"name": "product", "type": "STRING"},
                                            {"name": "ts", "expression": "TO_TIMESTAMP_LTZ(id, 3)"}],
                                "watermark": {"column": "ts", "expression": "ts"}},
                     "options": {"number-of-rows": "10"}},
                   "out": %s},
                 "pipelines": [{"sink": {"table": "out"}, "query": %s}]}""".formatted(mode, sinkTable, query);
        return Planner.create().plan(JobSpecJson.parse(spec));
    }

    private static String sink(String connector, String options, String primaryKey) {
        return """
                {"connector": "%s", "schema": {"columns": [{"name": "product", "type": "STRING%s"},
                                                           {"name": "orders", "type": "BIGINT%s"}]%s},
                 "options": {%s}}""".formatted(connector,
                "product".equals(primaryKey) ? " NOT NULL" : "", "orders".equals(primaryKey) ? " NOT NULL" : "",
                primaryKey == null ? "" : ", \"primaryKey\": [\"" + primaryKey + "\"]", options);
    }
}
