"""The relational operations of the Table API, as ``pyflink.table.Table``.

A Table is an immutable query tree in the JSON form of Weir's job spec; nothing runs until
``execute()`` or ``execute_insert()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

from weir.errors import ValidationException
from weir.table.expression import Expression, column_sql
from weir.table.table_descriptor import TableDescriptor
from weir.table.window import GroupWindow

if TYPE_CHECKING:
    from weir.table.table_environment import TableEnvironment
    from weir.table.table_result import TableResult

__all__ = ["Table", "GroupedTable", "GroupWindowedTable", "WindowGroupedTable", "sink_json"]

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


def sink_json(target: str | TableDescriptor) -> dict[str, Any]:
    """The ``sink`` of a pipeline: a registered table by name or an inline descriptor."""
    if isinstance(target, TableDescriptor):
        return {"descriptor": target.to_json()}
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

    def group_by(self, *fields: Field) -> GroupedTable:
        return GroupedTable(self, _sql_list(fields, "group_by"))

    def window(self, window: GroupWindow) -> GroupWindowedTable:
        return GroupWindowedTable(self, window)

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
        return f"Table({self._query!r})"


class GroupedTable:
    """The result of ``group_by``: ``select`` gives one row per group."""

    def __init__(self, table: Table, group_by: list[str]) -> None:
        self._table = table
        self._group_by = group_by

    def select(self, *fields: Field) -> Table:
        return self._table._derive("aggregate", groupBy=self._group_by, select=_sql_list(fields, "select"))


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
