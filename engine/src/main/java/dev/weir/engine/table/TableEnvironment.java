package dev.weir.engine.table;

import dev.weir.api.ValidationException;
import dev.weir.api.data.Row;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.factory.FactoryDiscovery;
import dev.weir.api.factory.Suggestions;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import dev.weir.engine.expr.ExpressionCompiler;
import dev.weir.engine.plan.JobConfig;
import dev.weir.engine.plan.PhysicalPlan;
import dev.weir.engine.plan.Planner;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.engine.spec.JobSpec;
import dev.weir.engine.spec.QueryNode;
import dev.weir.engine.spec.ValueCodec;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The entry point of the Table API, shaped like Flink's: register tables, build {@link Table}s,
 * run them. Every call builds a {@link JobSpec}, the same model job files and Python use.
 */
public final class TableEnvironment {
    private final boolean streaming;
    private final TableConfig config = new TableConfig();
    private final Map<String, TableDescriptor> tables = new LinkedHashMap<>();
    private PrintStream printStream = System.out;
    private Planner planner;

    private TableEnvironment(boolean streaming) {
        this.streaming = streaming;
    }

    public static TableEnvironment create(EnvironmentSettings settings) {
        return new TableEnvironment(settings.isStreamingMode());
    }

    public TableConfig getConfig() {
        return config;
    }

    /** Where {@code TableResult.print()} and print sinks write; stdout by default. */
    public TableEnvironment withPrintStream(PrintStream out) {
        this.printStream = out;
        this.planner = null;
        return this;
    }

    PrintStream printStream() {
        return printStream;
    }

    public void createTemporaryTable(String name, TableDescriptor descriptor) {
        tables.put(name, descriptor);
    }

    public List<String> listTables() {
        return List.copyOf(tables.keySet());
    }

    public Table from(String name) {
        if (!tables.containsKey(name)) {
            throw new ValidationException("Table '" + name + "' is not registered." + Suggestions.didYouMean(name, tables.keySet())
                    + " Registered tables: " + (tables.isEmpty() ? "none" : String.join(", ", new TreeSet<>(tables.keySet()))) + ".");
        }
        return new Table(this, new QueryNode.Scan(name, null));
    }

    public Table from(TableDescriptor descriptor) {
        return new Table(this, new QueryNode.Scan(null, descriptor));
    }

    /**
     * Literal rows of the given ROW type. Each value is a {@link Row}, a List, an Object[] or, for a
     * single column, the value itself; values are converted to the column types (1 fits BIGINT).
     */
    public Table fromValues(DataType rowType, Object... values) {
        return fromElements(Arrays.asList(values), rowType);
    }

    /** Literal rows with types inferred from the first row, columns named f0, f1, ... as in Flink. */
    public Table fromValues(Object... values) {
        return fromElements(Arrays.asList(values));
    }

    public Table fromElements(Collection<?> elements, DataType rowType) {
        List<List<Object>> rows = new ArrayList<>();
        int r = 0;
        for (Object element : elements) {
            List<Object> fields = fields(element);
            if (fields.size() != rowType.fieldCount()) {
                throw new ValidationException("Row " + r + " has " + fields.size() + " values but the schema has "
                        + rowType.fieldCount() + " columns " + rowType.fieldNames() + ".");
            }
            List<Object> converted = new ArrayList<>();
            for (int c = 0; c < fields.size(); c++) {
                try {
                    converted.add(ValueCodec.coerce(fields.get(c), rowType.fieldType(c)));
                } catch (IllegalArgumentException e) {
                    throw new ValidationException("Row " + r + ", column '" + rowType.fieldNames().get(c) + "': " + e.getMessage() + ".");
                }
            }
            rows.add(converted);
            r++;
        }
        return new Table(this, new QueryNode.Values(rowType, rows));
    }

    /** Literal rows, types inferred from the first row; columns named as given, or f0, f1, ... */
    public Table fromElements(Collection<?> elements, String... columnNames) {
        if (elements.isEmpty()) {
            throw new ValidationException("Cannot infer column types from no rows: pass a ROW type.");
        }
        List<Object> first = fields(elements.iterator().next());
        if (columnNames.length > 0 && columnNames.length != first.size()) {
            throw new ValidationException(columnNames.length + " column names given for rows of " + first.size() + " values.");
        }
        List<DataTypes.Field> fields = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            fields.add(DataTypes.FIELD(columnNames.length > 0 ? columnNames[i] : "f" + i, ValueCodec.inferType(first.get(i))));
        }
        return fromElements(elements, DataTypes.ROW(fields));
    }

    private static List<Object> fields(Object element) {
        if (element instanceof Row row) {
            return row.values();
        } else if (element instanceof List<?> list) {
            return new ArrayList<>(list);
        } else if (element instanceof Object[] array) {
            return Arrays.asList(array);
        }
        return Collections.singletonList(element);
    }

    /** The job spec of the given pipelines, with this environment's tables and configuration. */
    public JobSpec toJobSpec(List<JobSpec.Pipeline> pipelines) {
        return new JobSpec(JobSpec.CURRENT_VERSION, configMap(), tables, pipelines);
    }

    /** Plans and starts a job spec. */
    public JobExecution execute(JobSpec spec) {
        return JobExecution.start(planner().plan(spec));
    }

    PhysicalPlan plan(JobSpec spec) {
        return planner().plan(spec);
    }

    DataType resolve(QueryNode query) {
        return planner().resolveType(tables, configMap(), query);
    }

    private Map<String, String> configMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(JobConfig.RUNTIME_MODE, streaming ? "streaming" : "batch");
        map.putAll(config.toMap());
        return map;
    }

    private Planner planner() {
        if (planner == null) {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            planner = new Planner(ExpressionCompiler.create(),
                    FactoryDiscovery.load(cl), cl, printStream);
        }
        return planner;
    }
}
