"""Metrics of Python functions, as ``pyflink.metrics``: a function's ``open()`` gets a metric group
from its ``FunctionContext`` and registers counters, which the engine shows as metrics of the
function's operator (``<operator>.<subtask>.<group>.<name>``)."""

from __future__ import annotations

from typing import Callable

__all__ = ["Counter", "Gauge", "MetricGroup"]


class Counter:
    """A count that only the function changes; reported to the engine after every batch."""

    def __init__(self) -> None:
        self._count = 0

    def inc(self, n: int = 1) -> None:
        self._count += n

    def dec(self, n: int = 1) -> None:
        self._count -= n

    def get_count(self) -> int:
        return self._count


class Gauge:
    """A value read (by calling the registered function) when metrics are reported."""

    def __init__(self, read: Callable[[], int]) -> None:
        self._read = read

    def get_value(self) -> int:
        return int(self._read())


class MetricGroup:
    """A named scope of metrics; ``add_group('a').counter('b')`` is the metric ``a.b``."""

    def __init__(self, path: tuple[str, ...] = ()) -> None:
        self._path = path
        self._counters: dict[str, Counter] = {}
        self._gauges: dict[str, Gauge] = {}
        self._children: dict[str, MetricGroup] = {}

    def add_group(self, name: str, extra: str | None = None) -> MetricGroup:
        key = name if extra is None else f"{name}.{extra}"
        if key not in self._children:
            self._children[key] = MetricGroup(self._path + ((name,) if extra is None else (name, extra)))
        return self._children[key]

    def counter(self, name: str) -> Counter:
        return self._counters.setdefault(name, Counter())

    def gauge(self, name: str, obj: Callable[[], int]) -> Gauge:
        gauge = Gauge(obj)
        self._gauges[name] = gauge
        return gauge

    def values(self) -> dict[str, int]:
        """Every metric below this group by dotted name, for reporting."""
        out = {".".join(self._path + (name,)): counter.get_count() for name, counter in self._counters.items()}
        out.update({".".join(self._path + (name,)): gauge.get_value() for name, gauge in self._gauges.items()})
        for child in self._children.values():
            out.update(child.values())
        return out
