package dev.weir.engine.table;

import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.schema.Schema;
import dev.weir.api.types.DataType;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.engine.spec.JobSpec;
import dev.weir.engine.spec.QueryNode;
import dev.weir.engine.spec.SinkSpec;
import java.util.Arrays;
import java.util.List;

/**
 * A relational query, shaped like Flink's Table. Each call is validated at once (unknown columns,
 * types) and returns a new Table; nothing runs until {@link #execute()} or {@link #executeInsert}.
 * Methods take {@link Expression}s or SQL text.
 */
public final class Table {
    private final TableEnvironment env;
    private final QueryNode query;
    private final DataType rowType;

    Table(TableEnvironment env, QueryNode query) {
        this.env = env;
        this.query = query;
        this.rowType = env.resolve(query);
    }

    public QueryNode queryNode() {
        return query;
    }

    public DataType getRowType() {
        return rowType;
    }

    public Schema getResolvedSchema() {
        return Schema.of(rowType);
    }

    public Table select(Expression... fields) {
        return select(sql(fields));
    }

    public Table select(String... fields) {
        return new Table(env, new QueryNode.Select(query, List.of(fields)));
    }

    public Table filter(Expression condition) {
        return filter(condition.toSql());
    }

    public Table filter(String condition) {
        return new Table(env, new QueryNode.Filter(query, condition));
    }

    public Table where(Expression condition) {
        return filter(condition);
    }

    public Table where(String condition) {
        return filter(condition);
    }

    public Table addColumns(Expression... fields) {
        return addColumns(sql(fields));
    }

    public Table addColumns(String... fields) {
        return new Table(env, new QueryNode.AddColumns(query, List.of(fields)));
    }

    public Table dropColumns(Expression... fields) {
        return dropColumns(sql(fields));
    }

    public Table dropColumns(String... fields) {
        return new Table(env, new QueryNode.DropColumns(query, List.of(fields)));
    }

    /** Each item renames: {@code $("a").as("b")} or {@code "a AS b"}. */
    public Table renameColumns(Expression... fields) {
        return renameColumns(sql(fields));
    }

    public Table renameColumns(String... fields) {
        return new Table(env, new QueryNode.RenameColumns(query, List.of(fields)));
    }

    public GroupedTable groupBy(Expression... keys) {
        return groupBy(sql(keys));
    }

    public GroupedTable groupBy(String... keys) {
        return new GroupedTable(this, List.of(keys));
    }

    public GroupWindowedTable window(GroupWindow window) {
        return new GroupWindowedTable(this, window);
    }

    public Table unionAll(Table other) {
        return new Table(env, new QueryNode.UnionAll(List.of(query, other.query)));
    }

    /** Writes into a registered table; returns at once (await the result to wait for a bounded job). */
    public TableResult executeInsert(String tableName) {
        return run(new SinkSpec.ToTable(tableName));
    }

    public TableResult executeInsert(TableDescriptor descriptor) {
        return run(new SinkSpec.ToDescriptor(descriptor));
    }

    /** Runs the query into a collect sink: iterate the result, or print it. */
    public TableResult execute() {
        return run(new SinkSpec.Collect());
    }

    /** The job spec that {@link #execute()} or {@link #executeInsert} would run, e.g. to save as JSON. */
    public JobSpec toJobSpec(SinkSpec sink) {
        return env.toJobSpec(List.of(new JobSpec.Pipeline(sink, query)));
    }

    /** The physical plan: chains, operators, exchanges. */
    public String explain() {
        return env.plan(toJobSpec(new SinkSpec.Collect())).explain();
    }

    private TableResult run(SinkSpec sink) {
        var plan = env.plan(toJobSpec(sink));
        return new TableResult(JobExecution.start(plan), plan, rowType, env.printStream());
    }

    Table derive(QueryNode node) {
        return new Table(env, node);
    }

    static String[] sql(Expression[] expressions) {
        return Arrays.stream(expressions).map(Expression::toSql).toArray(String[]::new);
    }
}
