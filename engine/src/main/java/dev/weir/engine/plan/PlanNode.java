package dev.weir.engine.plan;

import dev.weir.api.data.ChangelogMode;
import dev.weir.api.data.RowKind;
import dev.weir.api.factory.TableContext;
import dev.weir.api.sink.Sink;
import dev.weir.api.source.Boundedness;
import dev.weir.api.source.Source;
import dev.weir.api.types.DataType;
import dev.weir.engine.expr.AggregationPlan;
import dev.weir.engine.expr.CompiledExpression;
import dev.weir.engine.expr.NamedExpression;
import dev.weir.engine.python.PythonCall;
import dev.weir.engine.python.PythonEnvironment;
import dev.weir.engine.spec.WindowSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A planned operator: what it computes, its output type and where its input comes from. The
 * runtime instantiates one operator per node and parallel subtask.
 */
public abstract sealed class PlanNode {
    private final String id;
    private final String name;
    private final DataType outputType;
    private final List<PlanNode> inputs;
    private final Changelog changelog;

    PlanNode(String id, String name, DataType outputType, List<PlanNode> inputs, Changelog changelog) {
        this.id = id;
        this.name = name;
        this.outputType = outputType;
        this.inputs = List.copyOf(inputs);
        this.changelog = changelog;
    }

    /** Stable across runs of the same job: names the operator's state in checkpoints. */
    public String id() {
        return id;
    }

    /** For plans, metrics and error messages, e.g. {@code Calc[select: a, b * 2 AS c]}. */
    public String name() {
        return name;
    }

    public DataType outputType() {
        return outputType;
    }

    public List<PlanNode> inputs() {
        return inputs;
    }

    /** The kinds of row this operator emits, and their unique key. */
    public Changelog changelog() {
        return changelog;
    }

    /** Group keys to hash-partition the input on (see {@link #keyed()}). */
    public List<CompiledExpression> partitionKeys() {
        return List.of();
    }

    /**
     * True when the input must be hash-partitioned on {@link #partitionKeys()}; with no keys (a global
     * aggregation) every row goes to one subtask.
     */
    public boolean keyed() {
        return false;
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * A table scan: the connector's rows (physical then metadata columns) are laid out in schema
     * order with computed columns evaluated; the watermark expression, when declared, gives event time.
     */
    public static final class SourceNode extends PlanNode {
        private final TaskCopies<Source<?, ?>> source;
        private final TableContext context;
        private final int[] sourceIndexes;
        private final CompiledExpression[] computedColumns;
        private final CompiledExpression watermark;
        private final BadRecords badRecords;

        SourceNode(String id, String name, DataType outputType, Source<?, ?> source, TableContext context,
                   int[] sourceIndexes, CompiledExpression[] computedColumns, CompiledExpression watermark,
                   BadRecords badRecords, Changelog changelog) {
            super(id, name, outputType, List.of(), changelog);
            this.source = new TaskCopies<>(source, "The source of " + name);
            this.context = context;
            this.sourceIndexes = sourceIndexes;
            this.computedColumns = computedColumns;
            this.watermark = watermark;
            this.badRecords = badRecords;
        }

        /** What happens to records the connector cannot decode. */
        public BadRecords badRecords() {
            return badRecords;
        }

        /** "bounded" or "unbounded", for plans. */
        public String boundedness() {
            return source.original().boundedness() == Boundedness.BOUNDED ? "bounded" : "unbounded";
        }

        /** A new copy of the source: one for the enumerator and one per reader. */
        public Source<?, ?> newSource() {
            return source.copy();
        }

        public TableContext context() {
            return context;
        }

        /**
         * For each output column, the index in the produced row, or -1 for a computed column; null
         * when the produced row already is the output row.
         */
        public int[] sourceIndexes() {
            return sourceIndexes;
        }

        /** Per output column, the computed expression (null for columns copied from the source). */
        public CompiledExpression[] computedColumns() {
            return computedColumns;
        }

        /** The watermark expression over the output row, or null without event time. */
        public CompiledExpression watermark() {
            return watermark;
        }
    }

    /** A filter or a projection: stateless, chained with its input. */
    public static final class CalcNode extends PlanNode {
        private final CompiledExpression condition;
        private final List<CompiledExpression> projection;

        CalcNode(String id, String name, DataType outputType, PlanNode input, CompiledExpression condition,
                 List<CompiledExpression> projection) {
            super(id, name, outputType, List.of(input), input.changelog().project(projection));
            this.condition = condition;
            this.projection = projection == null ? null : List.copyOf(projection);
        }

        /** Rows where this is not TRUE are dropped; null keeps every row. */
        public CompiledExpression condition() {
            return condition;
        }

        /** The output columns; null passes the input row through. */
        public List<CompiledExpression> projection() {
            return projection;
        }
    }

    /**
     * Python function calls, evaluated in batches by a Python worker per subtask (as Flink's
     * PythonCalc and PythonCorrelate). Scalar calls append one column each to the input row; a
     * table call ({@code table}) appends its result's columns, once per result row, and with
     * {@code leftOuter} keeps input rows without results (NULLs appended).
     */
    public static final class PythonCalcNode extends PlanNode {
        private final List<PythonCall> calls;
        private final boolean table;
        private final boolean leftOuter;
        private final PythonEnvironment environment;

        PythonCalcNode(String id, String name, DataType outputType, PlanNode input, List<PythonCall> calls, boolean table,
                       boolean leftOuter, PythonEnvironment environment) {
            super(id, name, outputType, List.of(input), table ? input.changelog().withoutKey() : input.changelog());
            this.calls = List.copyOf(calls);
            this.table = table;
            this.leftOuter = leftOuter;
            this.environment = environment;
        }

        public List<PythonCall> calls() {
            return calls;
        }

        public boolean table() {
            return table;
        }

        public boolean leftOuter() {
            return leftOuter;
        }

        public PythonEnvironment environment() {
            return environment;
        }
    }

    /** Merges its inputs; has no operator of its own (consumers read all inputs' channels). */
    public static final class UnionNode extends PlanNode {
        UnionNode(String id, DataType outputType, List<PlanNode> inputs) {
            super(id, "Union", outputType, inputs, Changelog.union(inputs.stream().map(PlanNode::changelog).toList()));
        }
    }

    /** A non-windowed group aggregation over hash-partitioned input. */
    public static final class GroupAggregateNode extends PlanNode {
        /** A streaming aggregation of an insert-only input never deletes a group. */
        private static final ChangelogMode UPDATES = ChangelogMode.of(RowKind.INSERT, RowKind.UPDATE_BEFORE, RowKind.UPDATE_AFTER);

        private final AggregationPlan aggregation;
        private final boolean resultForEmptyInput;
        private final Optional<JobConfig.MiniBatch> miniBatch;

        GroupAggregateNode(String id, String name, PlanNode input, AggregationPlan aggregation, boolean resultForEmptyInput,
                           Optional<JobConfig.MiniBatch> miniBatch, boolean streaming) {
            super(id, name + miniBatch.map(m -> " (mini-batch " + m.size() + " rows / " + m.allowLatency().toMillis() + " ms)")
                    .orElse(""), aggregation.outputType(), List.of(input), streaming
                    ? Changelog.updating(input.changelog().isInsertOnly() ? UPDATES : ChangelogMode.all(),
                            groupKeyColumns(aggregation), name)
                    : Changelog.INSERT_ONLY);
            this.aggregation = aggregation;
            this.resultForEmptyInput = resultForEmptyInput;
            this.miniBatch = miniBatch;
        }

        /** Set in streaming mode with {@code table.exec.mini-batch.enabled}: see {@link JobConfig.MiniBatch}. */
        public Optional<JobConfig.MiniBatch> miniBatch() {
            return miniBatch;
        }

        public AggregationPlan aggregation() {
            return aggregation;
        }

        /**
         * True when a global aggregation (no keys) over no rows still gives one row in batch mode, as
         * SQL's {@code COUNT(*)} gives 0; a table aggregation emits no rows then.
         */
        public boolean resultForEmptyInput() {
            return resultForEmptyInput;
        }

        @Override
        public List<CompiledExpression> partitionKeys() {
            return aggregation.keys();
        }

        @Override
        public boolean keyed() {
            return true;
        }

        /** Where the group keys are in the output, when each is selected as it is; null otherwise. */
        private static List<Integer> groupKeyColumns(AggregationPlan aggregation) {
            List<Integer> columns = new ArrayList<>();
            List<NamedExpression> projection = aggregation.projection();
            for (int key = 0; key < aggregation.keys().size(); key++) {
                int at = -1;
                for (int i = 0; i < projection.size() && at < 0; i++) {
                    if (projection.get(i).expression().inputColumn() == key) {
                        at = i;
                    }
                }
                if (at < 0) {
                    return null;
                }
                columns.add(at);
            }
            return columns;
        }
    }

    /**
     * Turns a source's upserts into a full changelog by its primary key, keeping each key's last row
     * (Flink's ChangelogNormalize): filters and aggregations downstream then see every change with
     * the row it replaces. In batch mode, each key's last row once, at the end.
     */
    public static final class ChangelogNormalizeNode extends PlanNode {
        private final List<CompiledExpression> primaryKey;

        ChangelogNormalizeNode(String id, PlanNode input, List<CompiledExpression> primaryKey, boolean streaming) {
            super(id, "ChangelogNormalize[key: " + primaryKey.stream().map(CompiledExpression::sql)
                            .collect(java.util.stream.Collectors.joining(", ")) + "]", input.outputType(), List.of(input),
                    streaming ? Changelog.updating(ChangelogMode.all(), input.changelog().uniqueKey(),
                            input.changelog().updatedBy()) : Changelog.INSERT_ONLY);
            this.primaryKey = List.copyOf(primaryKey);
        }

        @Override
        public List<CompiledExpression> partitionKeys() {
            return primaryKey;
        }

        @Override
        public boolean keyed() {
            return true;
        }
    }

    /**
     * Expands the last input column, an ARRAY of ROWs (a table aggregation's rows of one group), into
     * one output row per element: the other columns followed by the element's fields. An insert or
     * update-after becomes an insert per element, an update-before or delete a delete per element,
     * so a group's previous rows are retracted before its new ones arrive (as in Flink's table
     * aggregations, whose rows have no key to update).
     */
    public static final class UnnestNode extends PlanNode {
        UnnestNode(String id, String name, DataType outputType, PlanNode input) {
            super(id, name, outputType, List.of(input), input.changelog().isInsertOnly() ? Changelog.INSERT_ONLY
                    : Changelog.updating(ChangelogMode.of(RowKind.INSERT, RowKind.DELETE), null, input.changelog().updatedBy()));
        }
    }

    /** An event-time window aggregation; late rows are dropped or written to {@code lateSink}. */
    public static final class WindowAggregateNode extends PlanNode {
        private final WindowSpec window;
        private final int rowtimeIndex;
        private final AggregationPlan aggregation;
        private final SinkNode lateSink;

        WindowAggregateNode(String id, String name, PlanNode input, WindowSpec window, int rowtimeIndex,
                            AggregationPlan aggregation, SinkNode lateSink) {
            super(id, name, aggregation.outputType(), List.of(input), Changelog.INSERT_ONLY);
            this.window = window;
            this.rowtimeIndex = rowtimeIndex;
            this.aggregation = aggregation;
            this.lateSink = lateSink;
        }

        public WindowSpec window() {
            return window;
        }

        public int rowtimeIndex() {
            return rowtimeIndex;
        }

        /** The rowtime column's type: window start/end/rowtime are produced in its representation. */
        public DataType rowtimeType() {
            return inputs().get(0).outputType().fieldType(rowtimeIndex);
        }

        public AggregationPlan aggregation() {
            return aggregation;
        }

        /** Where late rows go, or null to drop them. */
        public SinkNode lateSink() {
            return lateSink;
        }

        @Override
        public List<CompiledExpression> partitionKeys() {
            return aggregation.keys();
        }

        @Override
        public boolean keyed() {
            return true;
        }
    }

    /** Writes to a sink; the query's rows already match the sink's consumed columns. */
    public static final class SinkNode extends PlanNode {
        private final TaskCopies<Sink> sink;
        private final ChangelogMode accepted;

        SinkNode(String id, String name, PlanNode input, Sink sink, ChangelogMode accepted) {
            super(id, name, input == null ? null : input.outputType(), input == null ? List.of() : List.of(input),
                    input == null ? Changelog.INSERT_ONLY : input.changelog());
            this.sink = new TaskCopies<>(sink, "The sink " + name);
            this.accepted = accepted;
        }

        /** The kinds of row the sink applies; the planner checked that its input fits. */
        public ChangelogMode accepted() {
            return accepted;
        }

        /** True for an upsert sink: update-before rows are not sent to it, the update-after replaces by key. */
        public boolean dropsUpdateBefore() {
            return !accepted.contains(RowKind.UPDATE_BEFORE);
        }

        /** A new copy of the sink: one per writer and one for the committer. */
        public Sink newSink() {
            return sink.copy();
        }

        /** True when the sink commits in two phases (its committer runs after checkpoints and at the end). */
        public boolean isCommitting() {
            return sink.original() instanceof dev.weir.api.sink.SupportsCommitter<?>;
        }
    }
}
