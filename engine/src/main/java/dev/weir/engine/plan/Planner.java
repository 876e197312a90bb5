package dev.weir.engine.plan;

import dev.weir.api.ValidationException;
import dev.weir.api.data.ChangelogMode;
import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.factory.FactoryDiscovery;
import dev.weir.api.factory.Suggestions;
import dev.weir.api.factory.TableContext;
import dev.weir.api.factory.TableFactories;
import dev.weir.api.schema.Column;
import dev.weir.api.schema.Schema;
import dev.weir.api.sink.Sink;
import dev.weir.api.source.BadRecordOptions;
import dev.weir.api.source.Boundedness;
import dev.weir.api.source.Source;
import dev.weir.api.config.Configuration;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import dev.weir.api.types.TypeRoot;
import dev.weir.engine.builtin.CollectSink;
import dev.weir.engine.builtin.PrintSink;
import dev.weir.engine.builtin.ValuesSource;
import dev.weir.engine.expr.AggregateCall;
import dev.weir.engine.expr.AggregationPlan;
import dev.weir.engine.expr.CompiledExpression;
import dev.weir.engine.expr.ExpressionCompiler;
import dev.weir.engine.expr.NamedExpression;
import dev.weir.engine.expr.PlanException;
import dev.weir.engine.expr.UserCallPlan;
import dev.weir.engine.python.PythonAggregateFunction;
import dev.weir.engine.python.PythonCall;
import dev.weir.engine.python.PythonEnvironment;
import dev.weir.engine.python.PythonFunctions;
import dev.weir.engine.spec.FunctionSpec;
import dev.weir.engine.spec.JobSpec;
import dev.weir.engine.spec.QueryNode;
import dev.weir.engine.spec.SinkSpec;
import dev.weir.engine.spec.WindowSpec;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a {@link JobSpec} into a {@link PhysicalPlan}. Everything is checked here, before anything
 * runs: configuration, tables (through their factories), expressions (through the compiler) and
 * that each query's columns fit its sink. Errors name the table or expression.
 */
public final class Planner {
    private static final Pattern RENAME = Pattern.compile("\\s*(`(?:[^`]|``)+`|[^\\s`]+)\\s+(?i:AS)\\s+(`(?:[^`]|``)+`|[^\\s`]+)\\s*");
    private static final int COLLECT_CAPACITY = 1024;

    private final ExpressionCompiler compiler;
    private final FactoryDiscovery discovery;
    private final ClassLoader classLoader;
    private final PrintStream printStream;

    public Planner(ExpressionCompiler compiler, FactoryDiscovery discovery, ClassLoader classLoader, PrintStream printStream) {
        this.compiler = compiler;
        this.discovery = discovery;
        this.classLoader = classLoader;
        this.printStream = printStream;
    }

    /** With the built-in compiler, the context class loader's factories, and print sinks writing to stdout. */
    public static Planner create() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return new Planner(ExpressionCompiler.create(), FactoryDiscovery.load(cl), cl, System.out);
    }

    public PhysicalPlan plan(JobSpec spec) {
        if (spec.version() != JobSpec.CURRENT_VERSION) {
            throw new ValidationException("Job spec version " + spec.version() + " is not supported; expected "
                    + JobSpec.CURRENT_VERSION + ".");
        }
        JobConfig config = JobConfig.from(spec.config());
        PythonFunctions python = PythonFunctions.of(spec.functions(), PythonEnvironment.from(spec.config(), printStream));
        Translation t = new Translation(spec.tables(), config, python);
        List<PlanNode.SinkNode> sinks = new ArrayList<>();
        BlockingQueue<Row> collectQueue = null;
        for (int p = 0; p < spec.pipelines().size(); p++) {
            JobSpec.Pipeline pipeline = spec.pipelines().get(p);
            t.pipeline = p;
            PlanNode query = t.translate(pipeline.query());
            if (pipeline.sink() instanceof SinkSpec.Collect) {
                if (collectQueue != null) {
                    throw new ValidationException("A job can have only one collect sink; pipeline " + p + " is a second one.");
                }
                collectQueue = new ArrayBlockingQueue<>(COLLECT_CAPACITY);
            }
            sinks.add(t.sink(pipeline.sink(), query, collectQueue));
        }
        return new PhysicalPlan(config, sinks, t.sideSinks, collectQueue, t.allBounded);
    }

    /** The columns a query produces; validates it as {@link #plan} would. Used by the Table API. */
    public DataType resolveType(Map<String, TableDescriptor> tables, Map<String, String> config, QueryNode query) {
        return resolveType(tables, config, Map.of(), query);
    }

    /** As above, for a query calling the job's user-defined functions. */
    public DataType resolveType(Map<String, TableDescriptor> tables, Map<String, String> config,
                                Map<String, FunctionSpec> functions, QueryNode query) {
        PythonFunctions python = PythonFunctions.of(functions, PythonEnvironment.from(config, printStream));
        return new Translation(tables, JobConfig.from(config), python).translate(query).outputType();
    }

    private final class Translation {
        private final Map<String, TableDescriptor> tables;
        private final JobConfig config;
        private final PythonFunctions python;
        /** Sinks fed from inside other operators' chains: late rows and dead letters. */
        private final List<PlanNode.SinkNode> sideSinks = new ArrayList<>();
        private int pipeline;
        private int counter;
        private boolean allBounded = true;

        Translation(Map<String, TableDescriptor> tables, JobConfig config, PythonFunctions python) {
            this.tables = tables;
            this.config = config;
            this.python = python;
        }

        private String nextId(String kind) {
            return pipeline + "." + (counter++) + "-" + kind;
        }

        PlanNode translate(QueryNode q) {
            if (q instanceof QueryNode.Scan s) {
                return scan(s);
            } else if (q instanceof QueryNode.Values v) {
                return values(v);
            } else if (q instanceof QueryNode.Select s) {
                return select(s);
            } else if (q instanceof QueryNode.Filter f) {
                PlanNode input = translate(f.input());
                if (!python.isEmpty()) {
                    PlanNode withPython = filterWithPython(input, f.condition());
                    if (withPython != null) {
                        return withPython;
                    }
                }
                CompiledExpression condition = compiler.compile(f.condition(), input.outputType());
                if (condition.type().root() != TypeRoot.BOOLEAN) {
                    throw new PlanException("Filter condition '" + f.condition() + "' is " + condition.type()
                            + ", not BOOLEAN.");
                }
                PlanNode pushed = filterBeforeProjection(input, f.condition());
                if (pushed != null) {
                    return pushed;
                }
                return new PlanNode.CalcNode(nextId("filter"), "Filter[" + f.condition() + "]", input.outputType(),
                        input, condition, null);
            } else if (q instanceof QueryNode.AddColumns a) {
                return addColumns(a);
            } else if (q instanceof QueryNode.DropColumns d) {
                return dropColumns(d);
            } else if (q instanceof QueryNode.RenameColumns r) {
                return renameColumns(r);
            } else if (q instanceof QueryNode.Aggregate a) {
                PlanNode input = translate(a.input());
                AggregationPlan plan = compiler.compileAggregation(a.groupBy(), a.select(), input.outputType(), DataTypes.ROW(),
                        python);
                return groupAggregate(input, plan, "aggregate", "GroupAggregate[groupBy: " + String.join(", ", a.groupBy())
                        + "; select: " + String.join(", ", a.select()) + "]");
            } else if (q instanceof QueryNode.FlatAggregate f) {
                return flatAggregate(f);
            } else if (q instanceof QueryNode.WindowAggregate w) {
                return windowAggregate(w);
            } else if (q instanceof QueryNode.UnionAll u) {
                return union(u);
            } else if (q instanceof QueryNode.Map m) {
                return map(m);
            } else if (q instanceof QueryNode.Correlate c) {
                return correlate(c);
            }
            throw new IllegalArgumentException("Unknown query node " + q);
        }

        private PlanNode scan(QueryNode.Scan s) {
            String name;
            TableDescriptor descriptor;
            if (s.descriptor() != null) {
                descriptor = s.descriptor();
                name = s.table() != null ? s.table() : "inline " + descriptor.connector() + " table";
            } else {
                name = s.table();
                descriptor = tables.get(name);
                if (descriptor == null) {
                    throw unknownTable(name);
                }
            }
            Schema schema = descriptor.schema().orElseThrow(() -> new ValidationException("Table '" + name
                    + "' has no schema: declare its columns."));
            TableContext context = new TableContext(name, schema, descriptor.configuration(), descriptor.partitionKeys(),
                    classLoader, config.streaming());
            Source<?, ?> source = TableFactories.createSource(discovery, context);
            if (source.boundedness() != Boundedness.BOUNDED) {
                allBounded = false;
                if (!config.streaming()) {
                    throw new ValidationException("Table '" + name + "' is an unbounded source, which batch mode cannot read: "
                            + "bound it (e.g. the connector's scan bounds) or set '" + JobConfig.RUNTIME_MODE + "' = 'streaming'.");
                }
            }
            DataType produced = context.producedRowType();
            List<Column> columns = schema.columns();
            int[] indexes = new int[columns.size()];
            CompiledExpression[] computed = new CompiledExpression[columns.size()];
            List<DataTypes.Field> fields = new ArrayList<>();
            boolean identity = columns.size() == produced.fieldCount();
            for (int i = 0; i < columns.size(); i++) {
                Column c = columns.get(i);
                if (c instanceof Column.Computed e) {
                    try {
                        computed[i] = compiler.compile(e.expression(), produced);
                    } catch (PlanException ex) {
                        throw new PlanException("Table '" + name + "', computed column '" + c.name() + "': " + ex.getMessage());
                    }
                    indexes[i] = -1;
                    fields.add(DataTypes.FIELD(c.name(), computed[i].type()));
                    identity = false;
                } else {
                    indexes[i] = produced.fieldIndex(c.name());
                    identity &= indexes[i] == i;
                    fields.add(DataTypes.FIELD(c.name(), c.declaredType().orElseThrow()));
                }
            }
            DataType outputType = DataTypes.ROW(fields);
            CompiledExpression watermark = null;
            if (schema.watermark().isPresent()) {
                var spec = schema.watermark().get();
                int rowtime = outputType.fieldIndex(spec.rowtimeColumn());
                requireTimestamp(outputType.fieldType(rowtime), "Table '" + name + "': watermark column '" + spec.rowtimeColumn() + "'");
                try {
                    watermark = compiler.compile(spec.expression(), outputType);
                } catch (PlanException ex) {
                    throw new PlanException("Table '" + name + "', watermark '" + spec.expression() + "': " + ex.getMessage());
                }
                requireTimestamp(watermark.type(), "Table '" + name + "': watermark expression '" + spec.expression() + "'");
            }
            String id = nextId("source");
            String nodeName = "Source[" + name + "]";
            PlanNode scan = new PlanNode.SourceNode(id, nodeName, outputType, source, context,
                    identity ? null : indexes, computed, watermark, badRecords(name, descriptor.configuration(), id),
                    sourceChangelog(name, nodeName, context, outputType));
            if (!scan.changelog().isUpsert()) {
                return scan;
            }
            List<CompiledExpression> primaryKey = scan.changelog().uniqueKey().stream()
                    .map(i -> (CompiledExpression) new ColumnReference(i, outputType.fieldNames().get(i), outputType.fieldType(i)))
                    .toList();
            return new PlanNode.ChangelogNormalizeNode(nextId("changelog-normalize"), scan, primaryKey, config.streaming());
        }

        /** An updating source's rows are applied by the table's primary key. */
        private Changelog sourceChangelog(String table, String nodeName, TableContext context, DataType outputType) {
            var mode = TableFactories.sourceChangelogMode(discovery, context);
            if (mode.isInsertOnly()) {
                return Changelog.INSERT_ONLY;
            }
            List<String> primaryKey = context.schema().primaryKey();
            if (primaryKey.isEmpty()) {
                throw new ValidationException("Table '" + table + "' produces changes " + mode + " that apply by key: "
                        + "declare its PRIMARY KEY.");
            }
            return Changelog.updating(mode, primaryKey.stream().map(outputType::fieldIndex).toList(), nodeName);
        }

        /** The table's {@code scan.bad-records.*} options, with the dead-letter table's sink planned. */
        private BadRecords badRecords(String name, Configuration options, String sourceId) {
            String policy = options.get(BadRecordOptions.POLICY);
            String deadLetterTable = options.get(BadRecordOptions.DEAD_LETTER_TABLE);
            String where = "Table '" + name + "': ";
            if (!policy.equals(BadRecordOptions.DEAD_LETTER)) {
                if (deadLetterTable != null) {
                    throw new ValidationException(where + "'" + BadRecordOptions.DEAD_LETTER_TABLE.key() + "' is set but '"
                            + BadRecordOptions.POLICY.key() + "' is '" + policy + "': set it to 'dead-letter' or remove the table.");
                }
                return policy.equals(BadRecordOptions.FAIL) ? BadRecords.FAIL : new BadRecords(policy, null);
            }
            if (deadLetterTable == null) {
                throw new ValidationException(where + "'" + BadRecordOptions.POLICY.key() + "' = 'dead-letter' needs '"
                        + BadRecordOptions.DEAD_LETTER_TABLE.key() + "': the name of the job's table that receives bad records.");
            }
            if (deadLetterTable.equals(name)) {
                throw new ValidationException(where + "it cannot be its own dead-letter table.");
            }
            PlanNode.SinkNode sink = sinkForTable(deadLetterTable, tables.get(deadLetterTable), BadRecords.DEAD_LETTER_TYPE,
                    null, sourceId + "-dead-letter");
            sideSinks.add(sink);
            return new BadRecords(policy, sink);
        }

        /**
         * A filter over a projection that reads only columns the projection passes through unchanged
         * is evaluated before the projection, in the same operator, so dropped rows are never
         * projected (as Flink's calc merging does). Null when that does not apply.
         */
        private PlanNode filterBeforeProjection(PlanNode input, String conditionSql) {
            if (!(input instanceof PlanNode.CalcNode calc) || calc.condition() != null || calc.projection() == null) {
                return null;
            }
            DataType calcInput = calc.inputs().get(0).outputType();
            List<DataTypes.Field> passedThrough = new ArrayList<>();
            for (int i = 0; i < calc.projection().size(); i++) {
                String name = calc.outputType().fieldNames().get(i);
                CompiledExpression e = calc.projection().get(i);
                int source = calcInput.fieldIndex(name);
                if (source >= 0 && unquote(e.sql().trim()).equals(name) && e.type().equals(calcInput.fieldType(source))) {
                    passedThrough.add(DataTypes.FIELD(name, e.type()));
                }
            }
            try {
                compiler.compile(conditionSql, DataTypes.ROW(passedThrough));
            } catch (RuntimeException e) {
                return null;
            }
            CompiledExpression condition = compiler.compile(conditionSql, calcInput);
            return new PlanNode.CalcNode(calc.id(), "Filter[" + conditionSql + "] + " + calc.name(), calc.outputType(),
                    calc.inputs().get(0), condition, calc.projection());
        }

        private PlanNode values(QueryNode.Values v) {
            List<Row> rows = v.rows().stream().map(r -> Row.of(r.toArray())).toList();
            Schema schema = Schema.of(v.rowType());
            TableContext context = new TableContext("values", schema, Configuration.empty(), List.of(), classLoader, config.streaming());
            return new PlanNode.SourceNode(nextId("values"), "Values[" + rows.size() + " rows]", v.rowType(),
                    new ValuesSource(rows), context, null, new CompiledExpression[v.rowType().fieldCount()], null,
                    BadRecords.FAIL, Changelog.INSERT_ONLY);
        }

        private PlanNode select(QueryNode.Select s) {
            PlanNode input = translate(s.input());
            List<String> items = expandStar(s.expressions(), input.outputType());
            if (items.stream().anyMatch(item -> compiler.containsAggregate(item, python))) {
                AggregationPlan plan = compiler.compileAggregation(List.of(), items, input.outputType(), DataTypes.ROW(), python);
                return groupAggregate(input, plan, "select", "GroupAggregate[select: " + String.join(", ", items) + "]");
            }
            if (!python.isEmpty()) {
                UserCallPlan calls = compiler.planUserCalls(items, true, 0, input.outputType(), python);
                if (calls.hasCalls()) {
                    return projection(pythonStages(input, calls), calls.items(), "Select[" + String.join(", ", items) + "]", "select");
                }
            }
            List<NamedExpression> named = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                named.add(compiler.compileNamed(items.get(i), input.outputType(), i));
            }
            return projection(input, named, "Select[" + String.join(", ", items) + "]", "select");
        }

        private PlanNode addColumns(QueryNode.AddColumns a) {
            PlanNode input = translate(a.input());
            DataType type = input.outputType();
            List<NamedExpression> named = new ArrayList<>(passThrough(type, Set.of()));
            UserCallPlan calls = python.isEmpty() ? null
                    : compiler.planUserCalls(a.expressions(), true, type.fieldCount(), type, python);
            if (calls != null && calls.hasCalls()) {
                input = pythonStages(input, calls);
            }
            for (int i = 0; i < a.expressions().size(); i++) {
                NamedExpression e = calls != null && calls.hasCalls() ? calls.items().get(i)
                        : compiler.compileNamed(a.expressions().get(i), type, type.fieldCount() + i);
                if (type.fieldIndex(e.name()) >= 0) {
                    throw new PlanException("addColumns('" + a.expressions().get(i) + "'): column '" + e.name()
                            + "' already exists; name it differently with AS, or drop the old column first.");
                }
                named.add(e);
            }
            return projection(input, named, "AddColumns[" + String.join(", ", a.expressions()) + "]", "add-columns");
        }

        private PlanNode dropColumns(QueryNode.DropColumns d) {
            PlanNode input = translate(d.input());
            Set<String> dropped = new HashSet<>();
            for (String column : d.columns()) {
                String name = unquote(column.trim());
                requireColumn(input.outputType(), name, "dropColumns('" + column + "')");
                dropped.add(name);
            }
            return projection(input, passThrough(input.outputType(), dropped),
                    "DropColumns[" + String.join(", ", d.columns()) + "]", "drop-columns");
        }

        private PlanNode renameColumns(QueryNode.RenameColumns r) {
            PlanNode input = translate(r.input());
            DataType type = input.outputType();
            List<NamedExpression> named = new ArrayList<>(passThrough(type, Set.of()));
            for (String rename : r.renames()) {
                Matcher m = RENAME.matcher(rename);
                if (!m.matches()) {
                    throw new PlanException("renameColumns('" + rename + "'): expected 'old AS new'.");
                }
                String from = unquote(m.group(1));
                int index = requireColumn(type, from, "renameColumns('" + rename + "')");
                named.set(index, new NamedExpression(unquote(m.group(2)), named.get(index).expression()));
            }
            return projection(input, named, "RenameColumns[" + String.join(", ", r.renames()) + "]", "rename-columns");
        }

        private PlanNode windowAggregate(QueryNode.WindowAggregate w) {
            PlanNode input = translate(w.input());
            WindowSpec window = w.window();
            DataType type = input.outputType();
            String where = "window " + window;
            int rowtime = requireColumn(type, unquote(window.timeColumn()), where);
            DataType rowtimeType = type.fieldType(rowtime);
            requireTimestamp(rowtimeType, where + ": time column '" + window.timeColumn() + "'");
            if (!input.changelog().isInsertOnly()) {
                throw new PlanException(where + " cannot consume the updates " + input.changelog().mode() + " produced by "
                        + input.changelog().updatedBy() + ": a window aggregation emits each window once, so its input "
                        + "must be insert-only (as in Flink). Aggregate the source's rows in the window directly.");
            }
            if (config.streaming() && !hasWatermark(input)) {
                throw new PlanException(where + ": column '" + window.timeColumn() + "' is not an event-time attribute: "
                        + "declare a watermark for it in the source table's schema.");
            }
            List<String> groupBy = new ArrayList<>();
            boolean aliasGrouped = false;
            for (String g : w.groupBy()) {
                if (unquote(g.trim()).equalsIgnoreCase(window.alias())) {
                    aliasGrouped = true;
                } else {
                    groupBy.add(g);
                }
            }
            if (!aliasGrouped) {
                throw new PlanException(where + ": groupBy(" + String.join(", ", w.groupBy()) + ") must include the window alias '"
                        + window.alias() + "'.");
            }
            DataType bound = rowtimeType.root() == TypeRoot.TIMESTAMP_LTZ ? DataTypes.TIMESTAMP_LTZ(3).notNull()
                    : DataTypes.TIMESTAMP(3).notNull();
            DataType extras = DataTypes.ROW(DataTypes.FIELD(window.alias() + ".start", bound),
                    DataTypes.FIELD(window.alias() + ".end", bound), DataTypes.FIELD(window.alias() + ".rowtime", bound));
            AggregationPlan plan = compiler.compileAggregation(groupBy, w.select(), type, extras, python).forInsertOnlyInput();
            PlanNode.SinkNode lateSink = null;
            String id = nextId("window-aggregate");
            if (config.lateRows() == JobConfig.LateRows.SIDE_OUTPUT) {
                // typed by the window's input before Python stages: late rows go out without their columns
                String table = config.lateRowsSink().orElseThrow();
                lateSink = sinkForTable(table, tables.get(table), input, id + "-late");
                sideSinks.add(lateSink);
            }
            return new PlanNode.WindowAggregateNode(id, "WindowAggregate[" + window + "; groupBy: "
                    + String.join(", ", w.groupBy()) + "; select: " + String.join(", ", w.select()) + "]",
                    pythonStages(input, plan.inputCalls()), window, rowtime, plan, lateSink);
        }

        /**
         * One {@link PlanNode.PythonCalcNode} per stage of user calls (nested calls need an earlier
         * stage's results); each appends its calls' results to the row.
         */
        private PlanNode pythonStages(PlanNode input, UserCallPlan plan) {
            PlanNode current = input;
            for (int s = 0; s < plan.stages().size(); s++) {
                List<PythonCall> calls = new ArrayList<>();
                int column = 0;
                for (UserCallPlan.Call c : plan.stages().get(s)) {
                    PythonFunctions.Function f = python.function(c.name(), "scalar", "'" + c.sql() + "'");
                    List<DataType> types = c.arguments().stream().map(CompiledExpression::type).toList();
                    List<Integer> columns = new ArrayList<>();
                    for (int i = 0; i < types.size(); i++) {
                        columns.add(column++);
                    }
                    calls.add(new PythonCall(f.name(), c.arguments(), c.resultType(),
                            PythonFunctions.callJson(f, columns, types, null).toString()));
                }
                String label = plan.stages().get(s).stream().map(UserCallPlan.Call::sql).collect(Collectors.joining(", "));
                current = new PlanNode.PythonCalcNode(nextId("python-calc"), "PythonCalc[" + label + "]",
                        plan.stageTypes().get(s), current, calls, false, false, python.environment());
            }
            return current;
        }

        /** A condition calling Python functions: they run first, then the filter drops their columns. Null without calls. */
        private PlanNode filterWithPython(PlanNode input, String condition) {
            UserCallPlan calls = compiler.planUserCalls(List.of(condition), false, 0, input.outputType(), python);
            if (!calls.hasCalls()) {
                return null;
            }
            CompiledExpression compiled = calls.items().get(0).expression();
            if (compiled.type().root() != TypeRoot.BOOLEAN) {
                throw new PlanException("Filter condition '" + condition + "' is " + compiled.type() + ", not BOOLEAN.");
            }
            PlanNode stages = pythonStages(input, calls);
            List<CompiledExpression> keep = passThrough(input.outputType(), Set.of()).stream()
                    .map(NamedExpression::expression).toList();
            return new PlanNode.CalcNode(nextId("filter"), "Filter[" + condition + "]", input.outputType(), stages,
                    compiled, keep);
        }

        /** A group aggregation, after the Python stages of its keys' and arguments' calls. */
        private PlanNode groupAggregate(PlanNode input, AggregationPlan plan, String where, String name) {
            requireRetractableAggregates(plan, where);
            return new PlanNode.GroupAggregateNode(nextId("group-aggregate"), name, pythonStages(input, plan.inputCalls()),
                    input.changelog().isInsertOnly() ? plan.forInsertOnlyInput() : plan, true, miniBatch(), config.streaming());
        }

        /**
         * A table aggregation: a group aggregation whose one aggregate is the table aggregate
         * function, valued as the ARRAY of rows its {@code emit_value} yields, then an
         * {@link PlanNode.UnnestNode} giving each group's keys once per row (so a changed group
         * retracts its previous rows and inserts the new ones). Python calls in keys and arguments
         * run before it, as for aggregates.
         */
        private PlanNode flatAggregate(QueryNode.FlatAggregate q) {
            PlanNode input = translate(q.input());
            DataType type = input.outputType();
            String where = "flatAggregate(" + q.function() + ")";
            PythonFunctions.Function f = python.function(q.function(), PythonFunctions.TABLE_AGGREGATE, where);
            List<String> resultNames = q.aliases().isEmpty() ? f.resultType().fieldNames() : q.aliases();
            if (resultNames.size() != f.resultType().fieldCount()) {
                throw new PlanException(where + ": " + resultNames.size() + " aliases for the " + f.resultType().fieldCount()
                        + " columns of table aggregate function " + f.name() + " " + f.resultType() + ".");
            }
            List<String> expressions = new ArrayList<>(q.groupBy());
            if (q.arguments() != null) {
                expressions.addAll(q.arguments());
            }
            UserCallPlan compiled = compiler.planUserCalls(expressions, false, 0, type, python);
            List<NamedExpression> keys = compiled.items().subList(0, q.groupBy().size());
            List<CompiledExpression> arguments = new ArrayList<>();
            List<String> rowFieldNames = null;
            if (q.arguments() == null) {
                rowFieldNames = type.fieldNames();
                passThrough(type, Set.of()).forEach(column -> arguments.add(column.expression()));
            } else {
                compiled.items().subList(q.groupBy().size(), expressions.size()).forEach(a -> arguments.add(a.expression()));
            }
            String call = q.function() + "(" + (q.arguments() == null ? "*" : String.join(", ", q.arguments())) + ")";
            PythonAggregateFunction function = python.tableAggregate(f,
                    arguments.stream().map(CompiledExpression::type).toList(), rowFieldNames, call);

            List<DataTypes.Field> output = new ArrayList<>();
            keys.forEach(key -> output.add(DataTypes.FIELD(key.name(), key.expression().type())));
            List<DataTypes.Field> grouped = new ArrayList<>(output);
            grouped.add(DataTypes.FIELD("$rows", function.resultType()));
            for (int i = 0; i < resultNames.size(); i++) {
                output.add(DataTypes.FIELD(resultNames.get(i), f.resultType().fieldType(i)));
            }
            Set<String> names = new HashSet<>();
            for (DataTypes.Field field : output) {
                if (!names.add(field.name())) {
                    throw new PlanException(where + ": column '" + field.name() + "' appears twice in the result (the group "
                            + "keys, then the columns of " + f.name() + "); rename the function's columns with alias(...).");
                }
            }
            DataType groupedType = DataTypes.ROW(grouped).notNull();
            AggregationPlan plan = new AggregationPlan(keys.stream().map(NamedExpression::expression).toList(),
                    List.of(new AggregateCall(call, function, arguments, false)), passThrough(groupedType, Set.of()),
                    groupedType, groupedType, compiled);
            String groups = q.groupBy().isEmpty() ? "" : "groupBy: " + String.join(", ", q.groupBy()) + "; ";
            String name = "GroupTableAggregate[" + groups + call + "]";
            PlanNode aggregated = new PlanNode.GroupAggregateNode(nextId("group-table-aggregate"), name,
                    pythonStages(input, plan.inputCalls()), plan, false, miniBatch(), config.streaming());
            return new PlanNode.UnnestNode(nextId("flat-aggregate"), "FlatAggregate[" + f.name() + "]",
                    DataTypes.ROW(output), aggregated);
        }

        private Optional<JobConfig.MiniBatch> miniBatch() {
            return config.streaming() ? config.miniBatch() : Optional.empty();
        }

        /** Vectorized aggregates see whole groups; a streaming changelog would re-send a group per row. */
        private void requireRetractableAggregates(AggregationPlan plan, String where) {
            boolean vectorized = plan.aggregates().stream()
                    .anyMatch(a -> a.function() instanceof PythonAggregateFunction p && p.vectorized());
            if (vectorized && config.streaming()) {
                throw new PlanException(where + ": vectorized (numpy/pandas) aggregate functions run in window "
                        + "aggregations, or in group aggregations in batch mode, as in PyFlink; use a general "
                        + "AggregateFunction for a streaming group aggregation.");
            }
        }

        /** The arguments of map/flatMap/joinLateral: the given expressions, or the whole row as one Row. */
        private PythonCall rowFunctionCall(PythonFunctions.Function f, List<String> argumentSql, DataType inputType,
                                           String where) {
            List<CompiledExpression> arguments = new ArrayList<>();
            List<String> rowFieldNames = null;
            if (argumentSql == null) {
                rowFieldNames = inputType.fieldNames();
                for (int i = 0; i < inputType.fieldCount(); i++) {
                    arguments.add(new ColumnReference(i, inputType.fieldNames().get(i), inputType.fieldType(i)));
                }
            } else {
                for (String argument : argumentSql) {
                    arguments.add(compiler.compile(argument, inputType));
                }
            }
            List<DataType> types = arguments.stream().map(CompiledExpression::type).toList();
            if (rowFieldNames == null) {
                python.checkArguments(f, types, where);
            }
            List<Integer> columns = new ArrayList<>();
            for (int i = 0; i < types.size(); i++) {
                columns.add(i);
            }
            return new PythonCall(f.name(), arguments, f.resultType(),
                    PythonFunctions.callJson(f, columns, types, rowFieldNames).toString());
        }

        private PlanNode map(QueryNode.Map m) {
            PlanNode input = translate(m.input());
            DataType type = input.outputType();
            String where = "map(" + m.function() + ")";
            PythonFunctions.Function f = python.function(m.function(), "scalar", where);
            PythonCall call = rowFunctionCall(f, m.arguments(), type, where);
            String resultColumn = "$map";
            List<DataTypes.Field> fields = new ArrayList<>(type.fields());
            fields.add(DataTypes.FIELD(resultColumn, f.resultType()));
            DataType stageType = DataTypes.ROW(fields);
            PlanNode stage = new PlanNode.PythonCalcNode(nextId("python-calc"), "PythonCalc[" + where + "]", stageType, input,
                    List.of(call), false, false, python.environment());
            int result = type.fieldCount();
            List<NamedExpression> named = new ArrayList<>();
            if (f.resultType().root() == TypeRoot.ROW) {
                for (int i = 0; i < f.resultType().fieldCount(); i++) {
                    named.add(new NamedExpression(f.resultType().fieldNames().get(i),
                            new RowFieldReference(result, i, f.resultType().fieldType(i).nullable(), resultColumn)));
                }
            } else {
                named.add(new NamedExpression("_c0", new ColumnReference(result, "_c0", f.resultType())));
            }
            return projection(stage, named, "Map[" + m.function() + "]", "map");
        }

        private PlanNode correlate(QueryNode.Correlate c) {
            PlanNode input = translate(c.input());
            DataType type = input.outputType();
            String where = (c.keepInput() ? "joinLateral(" : "flatMap(") + c.function() + ")";
            PythonFunctions.Function f = python.function(c.function(), "table", where);
            PythonCall call = rowFunctionCall(f, c.arguments(), type, where);
            List<String> names = c.aliases().isEmpty() ? f.resultType().fieldNames() : c.aliases();
            if (names.size() != f.resultType().fieldCount()) {
                throw new PlanException(where + ": " + names.size() + " aliases for the " + f.resultType().fieldCount()
                        + " columns of table function " + f.name() + " " + f.resultType() + ".");
            }
            List<DataTypes.Field> fields = new ArrayList<>(type.fields());
            for (int i = 0; i < names.size(); i++) {
                if (c.keepInput() && type.fieldIndex(names.get(i)) >= 0) {
                    throw new PlanException(where + ": column '" + names.get(i) + "' of the table function is also an input "
                            + "column; rename it with alias(...).");
                }
                DataType fieldType = f.resultType().fieldType(i);
                fields.add(DataTypes.FIELD((c.keepInput() ? "" : "$") + names.get(i),
                        c.leftOuter() ? fieldType.nullable() : fieldType));
            }
            PlanNode node = new PlanNode.PythonCalcNode(nextId("python-correlate"), "PythonCorrelate[" + where + "]",
                    DataTypes.ROW(fields), input, List.of(call), true, c.leftOuter(), python.environment());
            if (c.keepInput()) {
                return node;
            }
            List<NamedExpression> named = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                int index = type.fieldCount() + i;
                named.add(new NamedExpression(names.get(i), new ColumnReference(index, names.get(i), fields.get(index).type())));
            }
            return projection(node, named, "FlatMap[" + c.function() + "]", "flat-map");
        }

        private PlanNode union(QueryNode.UnionAll u) {
            List<PlanNode> inputs = new ArrayList<>();
            for (QueryNode q : u.inputs()) {
                inputs.add(translate(q));
            }
            DataType first = inputs.get(0).outputType();
            for (int i = 1; i < inputs.size(); i++) {
                DataType other = inputs.get(i).outputType();
                boolean same = other.fieldCount() == first.fieldCount();
                for (int c = 0; same && c < first.fieldCount(); c++) {
                    same = compatible(other.fieldType(c), first.fieldType(c));
                }
                if (!same) {
                    throw new PlanException("unionAll: input " + (i + 1) + " has columns " + describe(other)
                            + " but the first input has " + describe(first) + "; they must match in number and type.");
                }
            }
            return new PlanNode.UnionNode(nextId("union"), first, inputs);
        }

        PlanNode.SinkNode sink(SinkSpec spec, PlanNode query, BlockingQueue<Row> collectQueue) {
            if (spec instanceof SinkSpec.Collect) {
                return new PlanNode.SinkNode(nextId("collect"), "Sink[collect]", query, new CollectSink(collectQueue),
                        ChangelogMode.all());
            } else if (spec instanceof SinkSpec.Print) {
                return new PlanNode.SinkNode(nextId("print"), "Sink[print]", query, new PrintSink(printStream),
                        ChangelogMode.all());
            } else if (spec instanceof SinkSpec.ToTable t) {
                return sinkForTable(t.table(), tables.get(t.table()), query, nextId("sink"));
            }
            TableDescriptor d = ((SinkSpec.ToDescriptor) spec).descriptor();
            return sinkForTable("inline " + d.connector() + " sink", d, query, nextId("sink"));
        }

        private PlanNode.SinkNode sinkForTable(String name, TableDescriptor descriptor, PlanNode query, String id) {
            return sinkForTable(name, descriptor, query.outputType(), query, id);
        }

        /** @param query the sink's input in the plan; null for a sink fed from inside another operator */
        private PlanNode.SinkNode sinkForTable(String name, TableDescriptor descriptor, DataType rows, PlanNode query, String id) {
            if (descriptor == null) {
                throw unknownTable(name);
            }
            Schema schema = descriptor.schema().orElseGet(() -> Schema.of(rows));
            TableContext context = new TableContext(name, schema, descriptor.configuration(), descriptor.partitionKeys(),
                    classLoader, config.streaming());
            Sink sink = TableFactories.createSink(discovery, context);
            List<DataTypes.Field> consumed = new ArrayList<>(context.physicalRowType().fields());
            schema.metadataColumns().stream().filter(m -> !m.virtual())
                    .forEach(m -> consumed.add(DataTypes.FIELD(m.name(), m.type())));
            checkSinkFits(name, rows, DataTypes.ROW(consumed));
            ChangelogMode accepted = TableFactories.sinkChangelogMode(discovery, context);
            if (query != null) {
                checkSinkChangelog(name, descriptor.connector(), query, accepted, schema.primaryKey(), DataTypes.ROW(consumed));
            }
            return new PlanNode.SinkNode(id, "Sink[" + name + "]", query, sink, accepted);
        }

        private ValidationException unknownTable(String name) {
            return new ValidationException("Table '" + name + "' is not declared in this job." + Suggestions.didYouMean(name, tables.keySet())
                    + " Declared tables: " + (tables.isEmpty() ? "none" : String.join(", ", new TreeSet<>(tables.keySet()))) + ".");
        }

        private PlanNode projection(PlanNode input, List<NamedExpression> named, String name, String kind) {
            Set<String> seen = new LinkedHashSet<>();
            List<DataTypes.Field> fields = new ArrayList<>();
            for (NamedExpression e : named) {
                if (!seen.add(e.name())) {
                    throw new PlanException(name + ": column '" + e.name() + "' appears twice in the result; rename one with AS.");
                }
                fields.add(DataTypes.FIELD(e.name(), e.expression().type()));
            }
            return new PlanNode.CalcNode(nextId(kind), name, DataTypes.ROW(fields), input, null,
                    named.stream().map(NamedExpression::expression).toList());
        }
    }

    private static boolean hasWatermark(PlanNode node) {
        if (node instanceof PlanNode.SourceNode s) {
            return s.watermark() != null;
        }
        return node.inputs().stream().anyMatch(Planner::hasWatermark);
    }

    private static List<NamedExpression> passThrough(DataType type, Set<String> except) {
        List<NamedExpression> out = new ArrayList<>();
        for (int i = 0; i < type.fieldCount(); i++) {
            String name = type.fieldNames().get(i);
            if (!except.contains(name)) {
                out.add(new NamedExpression(name, new ColumnReference(i, name, type.fieldType(i))));
            }
        }
        return out;
    }

    private static List<String> expandStar(List<String> items, DataType type) {
        List<String> out = new ArrayList<>();
        for (String item : items) {
            if (item.trim().equals("*")) {
                type.fieldNames().forEach(n -> out.add("`" + n.replace("`", "``") + "`"));
            } else {
                out.add(item);
            }
        }
        return out;
    }

    private static int requireColumn(DataType type, String name, String where) {
        int index = type.fieldIndex(name);
        if (index < 0) {
            throw new PlanException(where + ": unknown column '" + name + "'." + Suggestions.didYouMean(name, type.fieldNames())
                    + " Available columns: " + String.join(", ", type.fieldNames()) + ".");
        }
        return index;
    }

    private static void requireTimestamp(DataType type, String what) {
        if (type.root() != TypeRoot.TIMESTAMP && type.root() != TypeRoot.TIMESTAMP_LTZ) {
            throw new PlanException(what + " is " + type + ", but event time must be TIMESTAMP or TIMESTAMP_LTZ.");
        }
    }

    private static String unquote(String name) {
        return name.length() > 1 && name.startsWith("`") && name.endsWith("`")
                ? name.substring(1, name.length() - 1).replace("``", "`") : name;
    }

    /** Same type, ignoring nullability and the length or precision of strings and timestamps. */
    static boolean compatible(DataType from, DataType to) {
        if (from.equalsIgnoringNullability(to)) {
            return true;
        }
        return from.root() == to.root() && switch (from.root()) {
            case VARCHAR, TIMESTAMP, TIMESTAMP_LTZ, TIME -> true;
            default -> false;
        };
    }

    /**
     * The query's columns go to the sink by position, as in Flink; the types must agree, and the same
     * names in another order are almost always a mistake, so that is an error too.
     */
    static void checkSinkFits(String sink, DataType query, DataType consumed) {
        if (query.fieldCount() != consumed.fieldCount()) {
            throw new PlanException("Query has " + query.fieldCount() + " columns " + describe(query) + " but sink '" + sink
                    + "' expects " + consumed.fieldCount() + " " + describe(consumed) + ".");
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < query.fieldCount(); i++) {
            DataType from = query.fieldType(i);
            DataType to = consumed.fieldType(i);
            if (!compatible(from, to)) {
                problems.add("Column " + (i + 1) + ": query column '" + query.fieldNames().get(i) + "' is " + from
                        + " but sink '" + sink + "' column '" + consumed.fieldNames().get(i) + "' is " + to
                        + "; CAST(" + query.fieldNames().get(i) + " AS " + to.nullable() + ") in the select fixes that.");
            }
        }
        List<String> queryNames = query.fieldNames();
        List<String> sinkNames = consumed.fieldNames();
        if (!queryNames.equals(sinkNames) && new HashSet<>(queryNames).equals(new HashSet<>(sinkNames))) {
            problems.add("Sink '" + sink + "' takes columns by position, (" + String.join(", ", sinkNames)
                    + "), but the query produces the same names in another order, (" + String.join(", ", queryNames)
                    + "): reorder the select.");
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    /**
     * Updates reach only a sink that can apply them: a sink that takes every kind of row, or an
     * upsert sink whose primary key is the query's unique key (so each update replaces one row).
     */
    static void checkSinkChangelog(String sink, String connector, PlanNode query, ChangelogMode accepted,
                                   List<String> primaryKey, DataType consumed) {
        Changelog changelog = query.changelog();
        if (changelog.isInsertOnly() || accepted.containsAll(changelog.mode())) {
            return;
        }
        String produced = "Sink '" + sink + "' (connector '" + connector + "') ";
        String source = changelog.updatedBy() + " produces updates " + changelog.mode();
        List<String> queryKey = changelog.uniqueKey() == null ? null
                : changelog.uniqueKey().stream().map(i -> consumed.fieldNames().get(i)).toList();
        if (accepted.containsAll(changelog.mode().without(RowKind.UPDATE_BEFORE))) {
            if (queryKey != null && !primaryKey.isEmpty() && new HashSet<>(primaryKey).equals(new HashSet<>(queryKey))) {
                return;
            }
            String keyText = queryKey == null ? "no columns that identify a row"
                    : queryKey.isEmpty() ? "a single row (no key)" : "the unique key (" + String.join(", ", queryKey) + ")";
            throw new ValidationException(produced + "applies updates by its primary key "
                    + (primaryKey.isEmpty() ? "but declares none" : "(" + String.join(", ", primaryKey) + ")")
                    + ", and " + source + " with " + keyText + ". Declare the sink's PRIMARY KEY as the query's unique "
                    + "key (for a group aggregation: its GROUP BY columns, selected as they are).");
        }
        throw new ValidationException(produced + "can only append rows " + accepted + ", but " + source
                + ", which it would write as if they were new rows. Instead: aggregate in a window (each window's "
                + "result is final, insert-only), or write to a sink that applies updates by a PRIMARY KEY (such as "
                + "'upsert-kafka', or 'elasticsearch' with a primary key), or use a changelog format where the "
                + "connector offers one.");
    }

    private static String describe(DataType row) {
        return row.fields().stream().map(f -> f.name() + " " + f.type()).collect(Collectors.joining(", ", "(", ")"));
    }
}
