"""Table API expressions that render to SQL text, the form the engine compiles.

Names follow ``pyflink.table.expression.Expression``. ``str(expression)`` (and ``to_sql()``) is the
SQL text, e.g. ``(col('a') + 1).alias('b')`` -> ``(a + 1) AS b``.
"""

from __future__ import annotations

import datetime
import decimal
from enum import Enum
from typing import Any, Generic, TypeVar

from weir.errors import ValidationException
from weir.table.types import DataType, quote_name

T = TypeVar("T")

__all__ = ["Expression", "TimeIntervalUnit", "TimePointUnit", "JsonExistsOnError", "JsonValueOnEmptyOrError"]

# Words Weir's expression parser reserves: a column with one of these names must be backquoted.
_RESERVED = frozenset({"AND", "OR", "NOT", "IS", "IN", "LIKE", "BETWEEN", "CASE", "WHEN", "THEN", "ELSE", "END",
                       "AS", "NULL", "TRUE", "FALSE", "DISTINCT", "INTERVAL", "DATE", "TIME", "TIMESTAMP"})

# Interval units with a fixed length; months and years have none, so windows cannot use them.
_UNIT_MILLIS = {"MILLISECOND": 1, "SECOND": 1000, "MINUTE": 60_000, "HOUR": 3_600_000, "DAY": 86_400_000}


class TimeIntervalUnit(Enum):
    YEAR = "YEAR"
    QUARTER = "QUARTER"
    MONTH = "MONTH"
    WEEK = "WEEK"
    DAY = "DAY"
    HOUR = "HOUR"
    MINUTE = "MINUTE"
    SECOND = "SECOND"


class TimePointUnit(Enum):
    YEAR = "YEAR"
    QUARTER = "QUARTER"
    MONTH = "MONTH"
    WEEK = "WEEK"
    DAY = "DAY"
    HOUR = "HOUR"
    MINUTE = "MINUTE"
    SECOND = "SECOND"
    MILLISECOND = "MILLISECOND"


class JsonExistsOnError(Enum):
    TRUE = "TRUE"
    FALSE = "FALSE"
    UNKNOWN = "UNKNOWN"
    ERROR = "ERROR"


class JsonValueOnEmptyOrError(Enum):
    NULL = "NULL"
    ERROR = "ERROR"
    DEFAULT = "DEFAULT"


def column_sql(name: str) -> str:
    """A column reference: dotted paths stay paths, other names are backquoted when needed."""
    if name == "*":
        return "*"
    if name.upper() in _RESERVED:
        return "`" + name + "`"
    return quote_name(name)


def literal_sql(value: Any) -> str:
    """A Python value as a SQL literal."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return f"CAST('{value}' AS DOUBLE)"
        text = repr(value)
        # Weir reads a plain decimal like 1.5 as DECIMAL (as SQL does); an exponent makes it a DOUBLE,
        # which is what a Python float is.
        return text if "e" in text else text + "E0"
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, datetime.datetime):
        return "TIMESTAMP '" + value.replace(tzinfo=None).isoformat(sep=" ") + "'"
    if isinstance(value, datetime.date):
        return "DATE '" + value.isoformat() + "'"
    if isinstance(value, datetime.time):
        return "TIME '" + value.isoformat() + "'"
    if isinstance(value, datetime.timedelta):
        return f"INTERVAL '{int(value.total_seconds() * 1000)}' MILLISECOND"
    raise ValidationException(f"Cannot use a {type(value).__name__} value as a SQL literal: {value!r}.")


def to_expression(value: Any) -> Expression[Any]:
    """Expressions stay; other Python values become literals (as PyFlink does for operator arguments)."""
    if isinstance(value, Expression):
        return value
    if isinstance(value, datetime.timedelta):
        return Expression(literal_sql(value), interval_millis=int(value.total_seconds() * 1000))
    return Expression(literal_sql(value))


class Expression(Generic[T]):
    """An expression of the Table API. Build them with :func:`weir.table.expressions.col`,
    :func:`~weir.table.expressions.lit` and :func:`~weir.table.expressions.call`."""

    # __eq__ builds a comparison expression, so expressions cannot be hashed (as in PyFlink).
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, sql: str, *, column_name: str | None = None, alias_name: str | None = None,
                 interval_millis: int | None = None, literal_value: Any = None,
                 extra_alias_names: tuple[str, ...] = ()) -> None:
        self._sql = sql
        self._extra_alias_names = extra_alias_names
        self._column_name = column_name
        self._alias_name = alias_name
        self._interval_millis = interval_millis
        self._literal_value = literal_value

    # ---- rendering ----

    def to_sql(self) -> str:
        """The SQL text, with ``AS alias`` when the expression was given one."""
        if self._extra_alias_names:
            raise ValidationException(f"'{self._sql}' has several aliases {self.alias_names()}, which only "
                                      f"join_lateral, flat_map and aggregate take.")
        return self._sql if self._alias_name is None else f"{self._sql} AS {column_sql(self._alias_name)}"

    def __str__(self) -> str:
        return self.to_sql()

    def __repr__(self) -> str:
        return f"Expression({self.to_sql()!r})"

    def __bool__(self) -> bool:
        raise TypeError("An expression has no truth value: combine conditions with & and | (or and_/or_), "
                        "not with 'and'/'or'.")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError(f"'{self._sql}' is a column expression, not a method (Table attributes that are not "
                        f"methods are columns).")

    # ---- helpers ----

    def _unary(self, template: str) -> Expression[Any]:
        return Expression(template.format(self._sql))

    def _binary(self, operator: str, other: Any) -> Expression[Any]:
        return Expression(f"({self._sql} {operator} {to_expression(other)._sql})")

    def _reverse(self, operator: str, other: Any) -> Expression[Any]:
        return Expression(f"({to_expression(other)._sql} {operator} {self._sql})")

    def _function(self, name: str, *arguments: Any) -> Expression[Any]:
        rendered = [self._sql] + [to_expression(argument)._sql for argument in arguments]
        return Expression(f"{name}({', '.join(rendered)})")

    def _interval(self, unit: str) -> Expression[Any]:
        value = self._literal_value
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValidationException(f"'.{unit.lower()}s' needs an integer literal, e.g. lit(10).seconds; "
                                      f"got {self._sql}.")
        if unit not in _UNIT_MILLIS:
            raise ValidationException(f"Intervals of {unit.lower()}s have no fixed length; Weir supports "
                                      f"milliseconds, seconds, minutes, hours and days.")
        return Expression(f"INTERVAL '{value}' {unit}", interval_millis=value * _UNIT_MILLIS[unit])

    def _window_property(self, name: str) -> Expression[Any]:
        if self._column_name is None:
            raise ValidationException(f"'.{name}' is a window property: use it on the window alias, e.g. "
                                      f"col('w').{name}.")
        return Expression(f"{self._sql}.{name}")

    # ---- arithmetic, comparison and logic ----

    def __add__(self, other: Any) -> Expression[Any]:
        return self._binary("+", other)

    def __radd__(self, other: Any) -> Expression[Any]:
        return self._reverse("+", other)

    def __sub__(self, other: Any) -> Expression[Any]:
        return self._binary("-", other)

    def __rsub__(self, other: Any) -> Expression[Any]:
        return self._reverse("-", other)

    def __mul__(self, other: Any) -> Expression[Any]:
        return self._binary("*", other)

    def __rmul__(self, other: Any) -> Expression[Any]:
        return self._reverse("*", other)

    def __truediv__(self, other: Any) -> Expression[Any]:
        return self._binary("/", other)

    def __rtruediv__(self, other: Any) -> Expression[Any]:
        return self._reverse("/", other)

    def __mod__(self, other: Any) -> Expression[Any]:
        return self._function("MOD", other)

    def __rmod__(self, other: Any) -> Expression[Any]:
        return to_expression(other)._function("MOD", self)

    def __pow__(self, other: Any) -> Expression[Any]:
        return self._function("POWER", other)

    def __rpow__(self, other: Any) -> Expression[Any]:
        return to_expression(other)._function("POWER", self)

    def __neg__(self) -> Expression[Any]:
        return self._unary("(-{})")

    def __pos__(self) -> Expression[Any]:
        return self

    def __eq__(self, other: Any) -> Expression[bool]:  # type: ignore[override]
        return self._binary("=", other)

    def __ne__(self, other: Any) -> Expression[bool]:  # type: ignore[override]
        return self._binary("<>", other)

    def __lt__(self, other: Any) -> Expression[bool]:
        return self._binary("<", other)

    def __le__(self, other: Any) -> Expression[bool]:
        return self._binary("<=", other)

    def __gt__(self, other: Any) -> Expression[bool]:
        return self._binary(">", other)

    def __ge__(self, other: Any) -> Expression[bool]:
        return self._binary(">=", other)

    def __and__(self, other: Any) -> Expression[bool]:
        return self._binary("AND", other)

    def __rand__(self, other: Any) -> Expression[bool]:
        return self._reverse("AND", other)

    def __or__(self, other: Any) -> Expression[bool]:
        return self._binary("OR", other)

    def __ror__(self, other: Any) -> Expression[bool]:
        return self._reverse("OR", other)

    def __invert__(self) -> Expression[bool]:
        return self._unary("(NOT {})")

    def __getitem__(self, index: int | str) -> Expression[Any]:
        return self.get(index)

    # ---- naming, types, conditions ----

    def alias(self, name: str, *extra_names: str) -> Expression[T]:
        """Names the result; several names name the columns of a table or aggregate function call."""
        return Expression(self._sql, column_name=self._column_name, alias_name=name,
                          interval_millis=self._interval_millis, extra_alias_names=tuple(extra_names))

    def alias_names(self) -> list[str]:
        """Every name given with ``alias``, in order (empty without one)."""
        return [] if self._alias_name is None else [self._alias_name, *self._extra_alias_names]

    def unaliased_sql(self) -> str:
        return self._sql

    def cast(self, data_type: DataType) -> Expression[Any]:
        return Expression(f"CAST({self._sql} AS {data_type})")

    def try_cast(self, data_type: DataType) -> Expression[Any]:
        return Expression(f"TRY_CAST({self._sql} AS {data_type})")

    def if_null(self, null_replacement: Any) -> Expression[Any]:
        return self._function("COALESCE", null_replacement)

    def then(self, if_true: Any, if_false: Any) -> Expression[Any]:
        return Expression(f"CASE WHEN {self._sql} THEN {to_expression(if_true)._sql} "
                          f"ELSE {to_expression(if_false)._sql} END")

    def in_(self, *values: Any) -> Expression[bool]:
        return Expression(f"({self._sql} IN ({', '.join(to_expression(v)._sql for v in values)}))")

    def between(self, lower_bound: Any, upper_bound: Any) -> Expression[bool]:
        return Expression(f"({self._sql} BETWEEN {to_expression(lower_bound)._sql} "
                          f"AND {to_expression(upper_bound)._sql})")

    def not_between(self, lower_bound: Any, upper_bound: Any) -> Expression[bool]:
        return Expression(f"({self._sql} NOT BETWEEN {to_expression(lower_bound)._sql} "
                          f"AND {to_expression(upper_bound)._sql})")

    @property
    def is_null(self) -> Expression[bool]:
        return self._unary("({} IS NULL)")

    @property
    def is_not_null(self) -> Expression[bool]:
        return self._unary("({} IS NOT NULL)")

    @property
    def is_true(self) -> Expression[bool]:
        return self._unary("({} IS TRUE)")

    @property
    def is_false(self) -> Expression[bool]:
        return self._unary("({} IS FALSE)")

    @property
    def is_not_true(self) -> Expression[bool]:
        return self._unary("({} IS NOT TRUE)")

    @property
    def is_not_false(self) -> Expression[bool]:
        return self._unary("({} IS NOT FALSE)")

    def get(self, name_or_index: int | str) -> Expression[Any]:
        if isinstance(name_or_index, int):
            raise ValidationException("Weir reads row fields by name: use .get('field').")
        return Expression(f"{self._sql}.{column_sql(name_or_index)}")

    # ---- aggregates ----

    @property
    def count(self) -> Expression[int]:
        return self._unary("COUNT({})")

    @property
    def sum(self) -> Expression[Any]:
        return self._unary("SUM({})")

    @property
    def sum0(self) -> Expression[Any]:
        return self._unary("COALESCE(SUM({}), 0)")

    @property
    def min(self) -> Expression[Any]:
        return self._unary("MIN({})")

    @property
    def max(self) -> Expression[Any]:
        return self._unary("MAX({})")

    @property
    def avg(self) -> Expression[Any]:
        return self._unary("AVG({})")

    @property
    def distinct(self) -> Expression[Any]:
        """Applies an aggregate to distinct values only: ``col('a').count.distinct`` is COUNT(DISTINCT a)."""
        open_paren = self._sql.find("(")
        if open_paren <= 0 or not self._sql.endswith(")"):
            raise ValidationException(f".distinct applies to an aggregate such as col('a').count.distinct, "
                                      f"not to {self._sql}.")
        return Expression(f"{self._sql[:open_paren + 1]}DISTINCT {self._sql[open_paren + 1:]}")

    # ---- numbers ----

    @property
    def abs(self) -> Expression[Any]:
        return self._unary("ABS({})")

    @property
    def sqrt(self) -> Expression[float]:
        return self._unary("SQRT({})")

    @property
    def exp(self) -> Expression[float]:
        return self._unary("EXP({})")

    @property
    def ln(self) -> Expression[float]:
        return self._unary("LN({})")

    @property
    def log10(self) -> Expression[float]:
        return self._unary("LOG10({})")

    @property
    def log2(self) -> Expression[float]:
        return self._unary("LOG2({})")

    def log(self, base: Any = None) -> Expression[float]:
        return self._unary("LN({})") if base is None else to_expression(base)._function("LOG", self)

    @property
    def floor(self) -> Expression[Any]:
        return self._unary("FLOOR({})")

    @property
    def ceil(self) -> Expression[Any]:
        return self._unary("CEIL({})")

    def round(self, places: Any = 0) -> Expression[Any]:
        return self._function("ROUND", places)

    def truncate(self, n: Any = 0) -> Expression[Any]:
        return self._function("TRUNCATE", n)

    def power(self, other: Any) -> Expression[float]:
        return self._function("POWER", other)

    # ---- strings ----

    @property
    def upper_case(self) -> Expression[str]:
        return self._unary("UPPER({})")

    @property
    def lower_case(self) -> Expression[str]:
        return self._unary("LOWER({})")

    @property
    def init_cap(self) -> Expression[str]:
        return self._unary("INITCAP({})")

    @property
    def char_length(self) -> Expression[int]:
        return self._unary("CHAR_LENGTH({})")

    def substring(self, begin_index: Any, length: Any = None) -> Expression[str]:
        tail = "" if length is None else f" FOR {to_expression(length)._sql}"
        return Expression(f"SUBSTRING({self._sql} FROM {to_expression(begin_index)._sql}{tail})")

    def substr(self, begin_index: Any, length: Any = None) -> Expression[str]:
        return self.substring(begin_index, length)

    def _trim(self, side: str, character: Any) -> Expression[str]:
        characters = to_expression(" " if character is None else character)._sql
        return Expression(f"TRIM({side} {characters} FROM {self._sql})")

    def trim(self, character: Any = None) -> Expression[str]:
        return self._trim("BOTH", character)

    def trim_leading(self, character: Any = None) -> Expression[str]:
        return self._trim("LEADING", character)

    def trim_trailing(self, character: Any = None) -> Expression[str]:
        return self._trim("TRAILING", character)

    @property
    def ltrim(self) -> Expression[str]:
        return self._trim("LEADING", None)

    @property
    def rtrim(self) -> Expression[str]:
        return self._trim("TRAILING", None)

    def replace(self, search: Any, replacement: Any) -> Expression[str]:
        return self._function("REPLACE", search, replacement)

    def like(self, pattern: Any, escape: Any = None) -> Expression[bool]:
        tail = "" if escape is None else f" ESCAPE {to_expression(escape)._sql}"
        return Expression(f"({self._sql} LIKE {to_expression(pattern)._sql}{tail})")

    def position(self, haystack: Any) -> Expression[int]:
        return Expression(f"POSITION({self._sql} IN {to_expression(haystack)._sql})")

    def lpad(self, length: Any, pad: Any) -> Expression[str]:
        return self._function("LPAD", length, pad)

    def rpad(self, length: Any, pad: Any) -> Expression[str]:
        return self._function("RPAD", length, pad)

    def repeat(self, n: Any) -> Expression[str]:
        return self._function("REPEAT", n)

    def regexp(self, regex: Any) -> Expression[bool]:
        return self._function("REGEXP", regex)

    def regexp_replace(self, regex: Any, replacement: Any) -> Expression[str]:
        return self._function("REGEXP_REPLACE", regex, replacement)

    def regexp_extract(self, regex: Any, extract_index: Any = None) -> Expression[str]:
        if extract_index is None:
            return self._function("REGEXP_EXTRACT", regex)
        return self._function("REGEXP_EXTRACT", regex, extract_index)

    def split_index(self, separator: Any, index: Any) -> Expression[str]:
        return self._function("SPLIT_INDEX", separator, index)

    @property
    def to_base64(self) -> Expression[str]:
        return self._unary("TO_BASE64({})")

    @property
    def from_base64(self) -> Expression[str]:
        return self._unary("FROM_BASE64({})")

    @property
    def md5(self) -> Expression[str]:
        return self._unary("MD5({})")

    @property
    def sha256(self) -> Expression[str]:
        return self._unary("SHA256({})")

    def json_value(self, path: str) -> Expression[str]:
        return self._function("JSON_VALUE", path)

    # ---- time ----

    def extract(self, time_interval_unit: TimeIntervalUnit) -> Expression[int]:
        return Expression(f"EXTRACT({time_interval_unit.value} FROM {self._sql})")

    @property
    def milli(self) -> Expression[Any]:
        return self._interval("MILLISECOND")

    @property
    def millis(self) -> Expression[Any]:
        return self._interval("MILLISECOND")

    @property
    def second(self) -> Expression[Any]:
        return self._interval("SECOND")

    @property
    def seconds(self) -> Expression[Any]:
        return self._interval("SECOND")

    @property
    def minute(self) -> Expression[Any]:
        return self._interval("MINUTE")

    @property
    def minutes(self) -> Expression[Any]:
        return self._interval("MINUTE")

    @property
    def hour(self) -> Expression[Any]:
        return self._interval("HOUR")

    @property
    def hours(self) -> Expression[Any]:
        return self._interval("HOUR")

    @property
    def day(self) -> Expression[Any]:
        return self._interval("DAY")

    @property
    def days(self) -> Expression[Any]:
        return self._interval("DAY")

    @property
    def start(self) -> Expression[Any]:
        """The start of a group window: ``col('w').start``."""
        return self._window_property("start")

    @property
    def end(self) -> Expression[Any]:
        """The (exclusive) end of a group window: ``col('w').end``."""
        return self._window_property("end")

    @property
    def rowtime(self) -> Expression[Any]:
        """The last event-time instant inside a group window, usable as a rowtime downstream."""
        return self._window_property("rowtime")
