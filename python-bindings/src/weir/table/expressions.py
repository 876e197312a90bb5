"""Functions that build expressions, as in ``pyflink.table.expressions``."""

from __future__ import annotations

from typing import Any

from weir.errors import ValidationException
from weir.table.expression import Expression, column_sql, literal_sql, to_expression
from weir.table.types import DataType

__all__ = ["col", "lit", "call", "call_sql", "and_", "or_", "not_", "if_then_else", "coalesce", "concat",
           "concat_ws", "current_date", "current_time", "current_timestamp", "local_timestamp", "null_of",
           "row", "array", "map_", "uuid", "rand", "rand_integer", "pi", "e", "log", "to_date",
           "to_timestamp", "to_timestamp_ltz", "date_format", "json_object"]


def col(name: str) -> Expression[Any]:
    """A column by name; ``col('*')`` stands for every column."""
    return Expression(column_sql(name), column_name=name)


def lit(v: Any, data_type: DataType | None = None) -> Expression[Any]:
    """A literal; with ``data_type`` it is cast to that type."""
    if isinstance(v, Expression):
        return v
    sql = literal_sql(v)
    if data_type is not None:
        return Expression(f"CAST({sql} AS {data_type})")
    return Expression(sql, literal_value=v)


def call(f: Any, *args: Any) -> Expression[Any]:
    """A call of a function: a built-in or registered one by name (``call('UPPER', col('name'))``,
    ``call('my_udf', col('a'))``) or a Python function object (``call(my_udf, col('a'))``)."""
    from weir.table.udf import FunctionCall, UserDefinedFunctionWrapper
    if isinstance(f, UserDefinedFunctionWrapper):
        return f(*args)
    if not isinstance(f, str):
        raise ValidationException(f"call() takes a function name or a Python function, got {type(f).__name__}.")
    return FunctionCall(f.upper(), [to_expression(argument).unaliased_sql() for argument in args])


def call_sql(sql_expression: str) -> Expression[Any]:
    """An expression written in SQL: ``call_sql('UPPER(name)')``."""
    return Expression(f"({sql_expression})")


def _all(operator: str, first: Any, second: Any, more: tuple[Any, ...]) -> Expression[bool]:
    parts = [to_expression(part)._sql for part in (first, second, *more)]
    return Expression("(" + f" {operator} ".join(parts) + ")")


def and_(predicate0: Any, predicate1: Any, *predicates: Any) -> Expression[bool]:
    return _all("AND", predicate0, predicate1, predicates)


def or_(predicate0: Any, predicate1: Any, *predicates: Any) -> Expression[bool]:
    return _all("OR", predicate0, predicate1, predicates)


def not_(expression: Any) -> Expression[bool]:
    return Expression(f"(NOT {to_expression(expression)._sql})")


def if_then_else(condition: Any, if_true: Any, if_false: Any) -> Expression[Any]:
    return to_expression(condition).then(if_true, if_false)


def coalesce(*args: Any) -> Expression[Any]:
    return call("COALESCE", *args)


def concat(first: Any, *others: Any) -> Expression[str]:
    return call("CONCAT", first, *others)


def concat_ws(separator: Any, first: Any, *others: Any) -> Expression[str]:
    return call("CONCAT_WS", separator, first, *others)


def current_date() -> Expression[Any]:
    return Expression("CURRENT_DATE()")


def current_time() -> Expression[Any]:
    return Expression("CURRENT_TIME()")


def current_timestamp() -> Expression[Any]:
    return Expression("CURRENT_TIMESTAMP()")


def local_timestamp() -> Expression[Any]:
    return Expression("LOCALTIMESTAMP()")


def to_date(date_str: Any, format: Any = None) -> Expression[Any]:
    return call("TO_DATE", date_str) if format is None else call("TO_DATE", date_str, format)


def to_timestamp(timestamp_str: Any, format: Any = None) -> Expression[Any]:
    return call("TO_TIMESTAMP", timestamp_str) if format is None else call("TO_TIMESTAMP", timestamp_str, format)


def to_timestamp_ltz(numeric_epoch_time: Any, precision: Any) -> Expression[Any]:
    return call("TO_TIMESTAMP_LTZ", numeric_epoch_time, precision)


def date_format(timestamp: Any, format: Any) -> Expression[str]:
    return call("DATE_FORMAT", timestamp, format)


def null_of(data_type: DataType) -> Expression[Any]:
    return Expression(f"CAST(NULL AS {data_type})")


def row(head: Any, *tail: Any) -> Expression[Any]:
    return call("ROW", head, *tail)


def array(head: Any, *tail: Any) -> Expression[Any]:
    return call("ARRAY", head, *tail)


def map_(key1: Any, value1: Any, *tail: Any) -> Expression[Any]:
    return call("MAP", key1, value1, *tail)


def json_object(**key_values: Any) -> Expression[str]:
    pairs = ", ".join(f"KEY {literal_sql(key)} VALUE {to_expression(value)._sql}" for key, value in key_values.items())
    return Expression(f"JSON_OBJECT({pairs})")


def uuid() -> Expression[str]:
    return Expression("UUID()")


def rand(seed: Any = None) -> Expression[float]:
    return Expression("RAND()") if seed is None else call("RAND", seed)


def rand_integer(bound: Any, seed: Any = None) -> Expression[int]:
    return call("RAND_INTEGER", bound) if seed is None else call("RAND_INTEGER", seed, bound)


def pi() -> Expression[float]:
    return Expression("PI()")


def e() -> Expression[float]:
    return Expression("E()")


def log(v: Any, base: Any = None) -> Expression[float]:
    return to_expression(v).log(base)
