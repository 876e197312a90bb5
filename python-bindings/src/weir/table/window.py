"""Group windows on event time, as in ``pyflink.table.window``: ``Tumble``, ``Slide``, ``Session``."""

from __future__ import annotations

from typing import Any

from weir.errors import ValidationException
from weir.table.expression import Expression, to_expression

__all__ = ["Tumble", "Slide", "Session", "GroupWindow"]


def format_duration(millis: int) -> str:
    """The shortest exact rendering in the largest whole unit, as Weir's Java ``Durations.format``."""
    for size, unit in ((86_400_000, "d"), (3_600_000, "h"), (60_000, "min"), (1000, "s")):
        if millis % size == 0:
            return f"{millis // size} {unit}"
    return f"{millis} ms"


def _millis(interval: Any, what: str) -> int:
    expression = to_expression(interval)
    millis = expression._interval_millis
    if millis is None:
        raise ValidationException(f"The {what} must be a time interval such as lit(10).seconds or "
                                  f"datetime.timedelta(seconds=10); got {expression.to_sql()}.")
    if millis <= 0:
        raise ValidationException(f"The {what} must be at least 1 ms; got {format_duration(millis)}.")
    return millis


def _column(time_field: Any) -> str:
    if isinstance(time_field, str):
        return time_field
    expression = to_expression(time_field)
    col_name = expression._column_name
    if col_name is None:
        raise ValidationException(f"A window is defined on a rowtime column, e.g. .on(col('ts')); got "
                                  f"{expression.to_sql()}.")
    return col_name


class GroupWindow:
    """A complete window definition, passed to ``Table.window``."""

    def __init__(self, spec: dict[str, str]) -> None:
        self._spec = spec

    @property
    def alias_name(self) -> str:
        return self._spec["alias"]

    def to_json(self) -> dict[str, str]:
        """The ``window`` object of a windowAggregate in the job spec."""
        return dict(self._spec)


class _WindowOn:
    def __init__(self, spec: dict[str, str]) -> None:
        self._spec = spec

    def on(self, time_field: Expression[Any] | str) -> _WindowAlias:
        return _WindowAlias({**self._spec, "on": _column(time_field)})


class _WindowAlias:
    def __init__(self, spec: dict[str, str]) -> None:
        self._spec = spec

    def alias(self, alias: str) -> GroupWindow:
        return GroupWindow({**self._spec, "alias": alias})


class Tumble:
    """Fixed-size, non-overlapping windows: ``Tumble.over(lit(10).seconds).on(col('ts')).alias('w')``."""

    @classmethod
    def over(cls, size: Expression[Any] | Any) -> _WindowOn:
        return _WindowOn({"type": "tumble", "size": format_duration(_millis(size, "tumbling window size"))})


class _SlideEvery:
    def __init__(self, size_millis: int) -> None:
        self._size_millis = size_millis

    def every(self, slide: Expression[Any] | Any) -> _WindowOn:
        return _WindowOn({"type": "slide", "size": format_duration(self._size_millis),
                          "slide": format_duration(_millis(slide, "slide interval"))})


class Slide:
    """Fixed-size windows that start every ``slide``:
    ``Slide.over(lit(10).minutes).every(lit(5).minutes).on(col('ts')).alias('w')``."""

    @classmethod
    def over(cls, size: Expression[Any] | Any) -> _SlideEvery:
        return _SlideEvery(_millis(size, "sliding window size"))


class Session:
    """Windows that close after a gap of inactivity:
    ``Session.with_gap(lit(10).minutes).on(col('ts')).alias('w')``."""

    @classmethod
    def with_gap(cls, gap: Expression[Any] | Any) -> _WindowOn:
        return _WindowOn({"type": "session", "gap": format_duration(_millis(gap, "session gap"))})
