package dev.weir.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.api.types.DataTypes;
import dev.weir.engine.plan.PlanNode;
import dev.weir.engine.plan.Planner;
import dev.weir.engine.spec.JobSpecJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnnestOperatorTest {
    /** Collects what the operator emits, copying rows as the Row contract asks. */
    private static final class Collected implements Downstream {
        final List<Row> rows = new ArrayList<>();
        final List<Long> watermarks = new ArrayList<>();
        boolean ended;

        @Override
        public void accept(Row row) {
            rows.add(row.copy());
        }

        @Override
        public void watermark(long watermark) {
            watermarks.add(watermark);
        }

        @Override
        public void endInput() {
            ended = true;
        }
    }

    /** The unnest node of a planned flatAggregate (its function is not called while planning). */
    private static PlanNode.UnnestNode unnestNode() {
        String job = """
                {"version": 1,
                 "functions": {"top2": {"language": "python", "kind": "tableAggregate", "payload": "",
                                        "resultType": "ROW<v BIGINT, r INT>"}},
                 "pipelines": [{"sink": "collect", "query": {"op": "flatAggregate", "groupBy": ["k"],
                   "function": "top2", "arguments": ["v"], "aliases": ["value", "rank"],
                   "input": {"op": "values", "schema": {"columns": [{"name": "k", "type": "STRING"},
                     {"name": "v", "type": "BIGINT"}]}, "rows": []}}}]}
                """;
        PlanNode sinkInput = Planner.create().plan(JobSpecJson.parse(job)).sinks().get(0).inputs().get(0);
        return (PlanNode.UnnestNode) sinkInput;
    }

    @Test
    void eachElementBecomesARowAndRetractionsBecomeDeletes() {
        PlanNode.UnnestNode node = unnestNode();
        assertThat(node.outputType()).isEqualTo(DataTypes.ROW(DataTypes.FIELD("k", DataTypes.STRING()),
                DataTypes.FIELD("value", DataTypes.BIGINT()), DataTypes.FIELD("rank", DataTypes.INT())));
        Collected out = new Collected();
        UnnestOperator operator = new UnnestOperator(node, 0, 1, out);

        operator.accept(Row.ofKind(RowKind.INSERT, "a", List.of(Row.of(5L, 1))));
        operator.accept(Row.ofKind(RowKind.UPDATE_BEFORE, "a", List.of(Row.of(5L, 1))));
        operator.accept(Row.ofKind(RowKind.UPDATE_AFTER, "a", List.of(Row.of(7L, 1), Row.of(5L, 2))));
        operator.accept(Row.ofKind(RowKind.INSERT, "b", List.of()));
        operator.accept(Row.ofKind(RowKind.DELETE, "a", List.of(Row.of(7L, 1), Row.of(5L, 2))));
        operator.watermark(42);
        operator.endInput();

        assertThat(out.rows).containsExactly(
                Row.ofKind(RowKind.INSERT, "a", 5L, 1),
                Row.ofKind(RowKind.DELETE, "a", 5L, 1),
                Row.ofKind(RowKind.INSERT, "a", 7L, 1),
                Row.ofKind(RowKind.INSERT, "a", 5L, 2),
                Row.ofKind(RowKind.DELETE, "a", 7L, 1),
                Row.ofKind(RowKind.DELETE, "a", 5L, 2));
        assertThat(out.watermarks).containsExactly(42L);
        assertThat(out.ended).isTrue();
        assertThat(operator.numRecordsIn).isEqualTo(5);
        assertThat(operator.numRecordsOut).isEqualTo(6);
    }
}
