"""The relational operations of the Table API, as ``pyflink.table.Table``.

A Table is an immutable query tree in the JSON form of Weir's job spec; nothing runs until
``execute()`` or ``execute_insert()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

from weir.errors import ValidationException
from weir.table.expression import Expression, column_sql
from weir.table.table_descriptor import TableDescriptor, shown_options
from weir.table.types import RowType
from weir.table.udf import (FunctionCall, UserDefinedFunctionWrapper, UserDefinedScalarFunctionWrapper,
                            UserDefinedTableAggregateFunctionWrapper, UserDefinedTableFunctionWrapper, kind_name)
from weir.table.window import GroupWindow

if TYPE_CHECKING:
    from weir.table.table_environment import TableEnvironment
    from weir.table.table_result import TableResult

__all__ = ["Table", "GroupedTable", "GroupWindowedTable", "WindowGroupedTable", "AggregatedTable", "FlatAggregateTable",
           "sink_json"]

Field = Expression[Any] | str


def _sql(field: Field) -> str:
    """An expression's SQL text; a string is taken as SQL text already (Weir's string expressions)."""
    return field if isinstance(field, str) else field.to_sql()


def _sql_list(fields: Sequence[Field], operation: str) -> list[str]:
    if not fields:
        raise ValidationException(f"{operation}() needs at least one expression.")
    return [_sql(field) for field in fields]


def _column_name(field: Field, operation: str) -> str:
    if isinstance(field, str):
        return field
    if field._column_name is None or field._alias_name is not None:
        raise ValidationException(f"{operation}() takes columns, e.g. col('a'); got {field.to_sql()}.")
    return field._column_name


def _rename(field: Field) -> str:
    if isinstance(field, str):
        return field
    if field._column_name is None or field._alias_name is None:
        raise ValidationException(f"rename_columns() takes col('old').alias('new'); got {field.to_sql()}.")
    return f"{column_sql(field._column_name)} AS {column_sql(field._alias_name)}"


def _function_call(func: Any, operation: str, kind: type[UserDefinedFunctionWrapper]
                   ) -> tuple[dict[str, Any], list[str]]:
    """The function and arguments of map/flat_map/join_lateral/flat_aggregate, and the aliases
    given. An uncalled function takes the whole row as one Row argument, as in PyFlink."""
    wrapper = func.function if isinstance(func, FunctionCall) else func
    if isinstance(wrapper, UserDefinedFunctionWrapper) and wrapper.kind != kind.kind:
        raise ValidationException(f"{operation}() takes a {kind_name(kind.kind)} function, got a "
                                  f"{kind_name(wrapper.kind)} function.")
    if isinstance(func, UserDefinedFunctionWrapper):
        return {"function": func.name}, func.alias_names()
    if isinstance(func, FunctionCall):
        return {"function": func.function_name, "arguments": func.arguments}, func.alias_names()
    if isinstance(func, str):
        return {"function": func}, []
    raise ValidationException(f"{operation}() takes a Python {kind_name(kind.kind)} function or a call of one, "
                              f"e.g. f(col('a')); got {func!r}.")


def _shown_query(node: Any) -> Any:
    """A query tree as shown: the options of inline descriptors (``from_descriptor``) with secrets masked."""
    if isinstance(node, list):
        return [_shown_query(item) for item in node]
    if not isinstance(node, dict):
        return node
    shown = {key: _shown_query(value) for key, value in node.items()}
    descriptor = node.get("descriptor")
    if isinstance(descriptor, dict) and "connector" in descriptor:
        shown["descriptor"] = {**descriptor, "options": shown_options(descriptor["connector"],
                                                                      descriptor.get("options", {}))}
    return shown


def sink_json(target: str | TableDescriptor) -> dict[str, Any]:
    """The ``sink`` of a pipeline: a registered table by name or an inline descriptor."""
    if isinstance(target, TableDescriptor):
        return {"descriptor": target._wire_json()}
    return {"table": target}


class Table:
    """A query. Columns can be named as attributes: ``orders.amount`` is ``col('amount')``."""

    def __init__(self, environment: TableEnvironment, query: dict[str, Any]) -> None:
        self._environment = environment
        self._query = query

    def _derive(self, op: str, **fields: Any) -> Table:
        return Table(self._environment, {"op": op, "input": self._query, **fields})

    def __getattr__(self, name: str) -> Expression[Any]:
        if name.startswith("_"):
            raise AttributeError(name)
        from weir.table.expressions import col
        return col(name)

    def select(self, *fields: Field) -> Table:
        return self._derive("select", expressions=_sql_list(fields, "select"))

    def filter(self, predicate: Field) -> Table:
        return self._derive("filter", condition=_sql(predicate))

    def where(self, predicate: Field) -> Table:
        return self.filter(predicate)

    def add_columns(self, *fields: Field) -> Table:
        return self._derive("addColumns", expressions=_sql_list(fields, "add_columns"))

    def drop_columns(self, *fields: Field) -> Table:
        return self._derive("dropColumns", columns=[_column_name(field, "drop_columns") for field in fields])

    def rename_columns(self, *fields: Field) -> Table:
        return self._derive("renameColumns", renames=[_rename(field) for field in fields])

    def alias(self, field: str, *fields: str) -> Table:
        """Renames every column, in order: ``t.flat_map(split).alias('word')``. The engine tells
        the current column names (one round trip to the JVM)."""
        names = [field, *fields]
        current = [name for name, _ in self._environment._describe(self._query)]
        if len(names) != len(current):
            raise ValidationException(f"alias() got {len(names)} names {names} for {len(current)} columns {current}.")
        renames = [f"{column_sql(old)} AS {column_sql(new)}" for old, new in zip(current, names) if old != new]
        return self._derive("renameColumns", renames=renames) if renames else self

    def print_schema(self) -> None:
        """Prints the columns as Flink does: ``(`name` TYPE, ...)``, one per line."""
        columns = self._environment._describe(self._query)
        quoted = ["`" + name.replace("`", "``") + "`" for name, _ in columns]
        print("(\n" + ",\n".join(f"  {name} {data_type}" for name, (_, data_type) in zip(quoted, columns)) + "\n)")

    def group_by(self, *fields: Field) -> GroupedTable:
        return GroupedTable(self, _sql_list(fields, "group_by"))

    def window(self, window: GroupWindow) -> GroupWindowedTable:
        return GroupWindowedTable(self, window)

    def map(self, func: Any) -> Table:
        """A Python scalar function per row; a ROW result's fields become the columns."""
        call, aliases = _function_call(func, "map", UserDefinedScalarFunctionWrapper)
        if aliases:
            raise ValidationException("map() names its columns after the function's ROW result fields; "
                                      "rename them with rename_columns afterwards.")
        return self._derive("map", **call)

    def flat_map(self, func: Any) -> Table:
        """A Python table function per row; its columns (f0, f1, ... or aliases) are the result."""
        call, aliases = _function_call(func, "flat_map", UserDefinedTableFunctionWrapper)
        return self._derive("flatMap", **call, aliases=aliases)

    def join_lateral(self, table_function_call: Any, join_predicate: Field | None = None) -> Table:
        """Each row joined with the rows a Python table function returns for it."""
        return self._lateral(table_function_call, join_predicate, left_outer=False)

    def left_outer_join_lateral(self, table_function_call: Any, join_predicate: Field | None = None) -> Table:
        """As join_lateral, keeping rows without results (their function columns NULL)."""
        return self._lateral(table_function_call, join_predicate, left_outer=True)

    def _lateral(self, table_function_call: Any, join_predicate: Field | None, left_outer: bool) -> Table:
        call, aliases = _function_call(table_function_call, "join_lateral", UserDefinedTableFunctionWrapper)
        joined = self._derive("joinLateral", **call, aliases=aliases, leftOuter=left_outer)
        if join_predicate is not None:
            if left_outer:
                raise ValidationException("left_outer_join_lateral takes no join predicate in Weir; filter afterwards.")
            return joined.filter(join_predicate)
        return joined

    def flat_aggregate(self, func: Any) -> FlatAggregateTable:
        """A Python table aggregate function over all rows (one group); ``select`` then reads its
        columns (the ROW result's fields, or aliases)."""
        return FlatAggregateTable(self, [], func)

    def union_all(self, right: Table) -> Table:
        inputs = []
        for query in (self._query, right._query):
            inputs.extend(query["inputs"] if query["op"] == "unionAll" else [query])
        return Table(self._environment, {"op": "unionAll", "inputs": inputs})

    def execute(self) -> TableResult:
        """Runs the query and returns its rows through ``TableResult.collect()`` or ``print()``."""
        return self._environment._execute([("collect", self._query)], collect=True)

    def execute_insert(self, table_path_or_descriptor: str | TableDescriptor, overwrite: bool = False) -> TableResult:
        """Writes the query into a registered table or an inline descriptor (whose schema may be
        omitted: it then takes the query's columns)."""
        if overwrite:
            raise ValidationException("Weir's sinks append; execute_insert(..., overwrite=True) is not supported.")
        return self._environment._execute([(sink_json(table_path_or_descriptor), self._query)], collect=False)

    def explain(self) -> str:
        """The engine's plan for this query: chains, operators, parallelism."""
        return self._environment._explain([("collect", self._query)])

    def to_job_spec(self, sink: str | TableDescriptor = "collect") -> dict[str, Any]:
        """The JSON job spec that ``execute()`` (sink ``'collect'``) or ``execute_insert(sink)`` sends."""
        target = sink if sink in ("collect", "print") else sink_json(sink)
        return self._environment._job_spec([(target, self._query)])

    def to_json(self) -> dict[str, Any]:
        """The query tree alone, as in a pipeline's ``query``."""
        return self._query

    def __repr__(self) -> str:
        return f"Table({_shown_query(self._query)!r})"


class GroupedTable:
    """The result of ``group_by``: ``select`` gives one row per group."""

    def __init__(self, table: Table, group_by: list[str]) -> None:
        self._table = table
        self._group_by = group_by

    def select(self, *fields: Field) -> Table:
        return self._table._derive("aggregate", groupBy=self._group_by, select=_sql_list(fields, "select"))

    def aggregate(self, func: Any) -> AggregatedTable:
        """A Python aggregate function per group; ``select`` then reads the keys and its result
        columns (a ROW result's fields, or aliases given with ``alias``)."""
        return AggregatedTable(self._table, self._group_by, func)

    def flat_aggregate(self, func: Any) -> FlatAggregateTable:
        """A Python table aggregate function per group: ``top2(col('v')).alias('a', 'b')``, or the
        function itself (``top2``, ``top2.alias('a', 'b')``) to pass each whole row as one Row.
        ``select`` then reads the keys and the rows its ``emit_value`` yields."""
        return FlatAggregateTable(self._table, self._group_by, func)


class AggregatedTable:
    """The result of ``group_by(...).aggregate(f)``: the keys, then the function's result columns."""

    def __init__(self, table: Table, group_by: list[str], func: Any) -> None:
        if not isinstance(func, FunctionCall) or func.function is None or func.function.kind != "aggregate":
            raise ValidationException("aggregate() takes a call of a Python aggregate function, e.g. "
                                      "my_udaf(col('a')).alias('x').")
        self._table = table
        self._group_by = group_by
        self._call = func
        result_type = func.function.result_type
        self._result_fields = result_type.field_names() if isinstance(result_type, RowType) else None
        names = func.alias_names() or self._result_fields or ["EXPR$0"]
        expected = len(self._result_fields) if self._result_fields is not None else 1
        if len(names) != expected:
            raise ValidationException(f"aggregate(): {len(names)} aliases for {expected} result columns.")
        self._names = names

    def select(self, *fields: Field) -> Table:
        call_sql = self._call.unaliased_sql()
        aggregated = self._table._derive("aggregate", groupBy=self._group_by,
                                         select=[*self._group_by, f"{call_sql} AS `$aggregate`"])
        if self._result_fields is None:
            spread = [f"`$aggregate` AS {column_sql(self._names[0])}"]
        else:
            spread = [f"`$aggregate`.{column_sql(field)} AS {column_sql(name)}"
                      for field, name in zip(self._result_fields, self._names)]
        flattened = aggregated._derive("select", expressions=[*self._group_by, *spread])
        return flattened.select(*fields)


class FlatAggregateTable:
    """The result of ``flat_aggregate``: the group keys, then the table aggregate function's columns,
    once per row it emits. In streaming mode a group's change retracts (``-D``) the rows it emitted
    before and inserts the new ones."""

    def __init__(self, table: Table, group_by: list[str], func: Any) -> None:
        call, aliases = _function_call(func, "flat_aggregate", UserDefinedTableAggregateFunctionWrapper)
        self._table = table
        self._query = {"groupBy": group_by, **call, "aliases": aliases}

    def select(self, *fields: Field) -> Table:
        return self._table._derive("flatAggregate", **self._query).select(*fields)


class GroupWindowedTable:
    """The result of ``window``: group by the window alias (and keys), then select."""

    def __init__(self, table: Table, window: GroupWindow) -> None:
        self._table = table
        self._window = window

    def group_by(self, *fields: Field) -> WindowGroupedTable:
        keys = _sql_list(fields, "group_by")
        if self._window.alias_name not in keys:
            raise ValidationException(f"Group a windowed table by its window alias '{self._window.alias_name}', "
                                      f"e.g. group_by(col('{self._window.alias_name}'), ...).")
        return WindowGroupedTable(self._table, self._window, keys)


class WindowGroupedTable:
    def __init__(self, table: Table, window: GroupWindow, group_by: list[str]) -> None:
        self._table = table
        self._window = window
        self._group_by = group_by

    def select(self, *fields: Field) -> Table:
        return self._table._derive("windowAggregate", window=self._window.to_json(), groupBy=self._group_by,
                                   select=_sql_list(fields, "select"))
