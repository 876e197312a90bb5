package dev.weir.engine.spec;

import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.types.DataType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A relational tree, as built by the Table API and written in job specs. Expressions are SQL text,
 * compiled and type-checked by the planner.
 */
public sealed interface QueryNode {

    /** Reads a named table of the job, or an inline descriptor (then {@code table} is only a label). */
    record Scan(String table, TableDescriptor descriptor) implements QueryNode {
        public Scan {
            if (table == null && descriptor == null) {
                throw new IllegalArgumentException("A scan needs a table name or a descriptor");
            }
        }
    }

    /** Literal rows ({@code fromValues}); values are in the Java representation of {@code rowType}'s fields. */
    record Values(DataType rowType, List<List<Object>> rows) implements QueryNode {
        public Values {
            rows = List.copyOf(rows.stream().map(r -> Collections.unmodifiableList(new ArrayList<>(r))).toList());
        }
    }

    record Select(QueryNode input, List<String> expressions) implements QueryNode {
        public Select {
            Objects.requireNonNull(input, "input");
            expressions = List.copyOf(expressions);
        }
    }

    record Filter(QueryNode input, String condition) implements QueryNode {
        public Filter {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(condition, "condition");
        }
    }

    record AddColumns(QueryNode input, List<String> expressions) implements QueryNode {
        public AddColumns {
            expressions = List.copyOf(expressions);
        }
    }

    record DropColumns(QueryNode input, List<String> columns) implements QueryNode {
        public DropColumns {
            columns = List.copyOf(columns);
        }
    }

    /** Each item is {@code old AS new}. */
    record RenameColumns(QueryNode input, List<String> renames) implements QueryNode {
        public RenameColumns {
            renames = List.copyOf(renames);
        }
    }

    record Aggregate(QueryNode input, List<String> groupBy, List<String> select) implements QueryNode {
        public Aggregate {
            groupBy = List.copyOf(groupBy);
            select = List.copyOf(select);
        }
    }

    /** {@code groupBy} includes the window's alias, as in Flink. */
    record WindowAggregate(QueryNode input, WindowSpec window, List<String> groupBy, List<String> select)
            implements QueryNode {
        public WindowAggregate {
            groupBy = List.copyOf(groupBy);
            select = List.copyOf(select);
        }
    }

    record UnionAll(List<QueryNode> inputs) implements QueryNode {
        public UnionAll {
            if (inputs.size() < 2) {
                throw new IllegalArgumentException("unionAll needs at least two inputs");
            }
            inputs = List.copyOf(inputs);
        }
    }

    /**
     * {@code map}: a scalar function per row; its ROW result's fields (or its single value, as
     * {@code _c0}) are the output columns. {@code arguments} null passes the whole row as one ROW
     * argument, as PyFlink's {@code table.map(func)} does.
     */
    record Map(QueryNode input, String function, List<String> arguments) implements QueryNode {
        public Map {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(function, "function");
            arguments = arguments == null ? null : List.copyOf(arguments);
        }
    }

    /**
     * A table function per row: {@code flatMap} keeps only its columns, {@code joinLateral} appends
     * them to the input row ({@code leftOuter}: input rows without results are kept with NULLs).
     * {@code aliases} rename the function's columns (empty keeps f0, f1, ...).
     */
    record Correlate(QueryNode input, String function, List<String> arguments, List<String> aliases,
                     boolean keepInput, boolean leftOuter) implements QueryNode {
        public Correlate {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(function, "function");
            arguments = arguments == null ? null : List.copyOf(arguments);
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
        }
    }

    /**
     * {@code flatAggregate}: a table aggregate function per group of {@code groupBy} (empty: one group
     * of all rows); the output is the group keys followed by the rows its {@code emit_value} yields.
     * {@code arguments} null passes the whole input row as one ROW argument, as PyFlink's
     * {@code flat_aggregate(func)} does; {@code aliases} rename the function's columns.
     */
    record FlatAggregate(QueryNode input, List<String> groupBy, String function, List<String> arguments,
                         List<String> aliases) implements QueryNode {
        public FlatAggregate {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(function, "function");
            groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
            arguments = arguments == null ? null : List.copyOf(arguments);
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
        }
    }
}
