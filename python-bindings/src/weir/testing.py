"""pytest fixtures for testing your own Weir pipelines.

Enable them in your ``conftest.py``::

    pytest_plugins = ["weir.testing"]

then::

    def test_totals(table_env, collect):
        orders = table_env.from_elements([(1, "a", 10), (2, "a", 5)], ["id", "customer", "amount"])
        table_env.create_temporary_view("orders", orders)   # where the pipeline reads 'orders'
        result = my_pipeline(table_env)                      # returns a Table
        assert sorted_rows(collect(result)) == [Row("a", 15)]
"""

from __future__ import annotations

import itertools
from typing import Any, Callable, Iterable, Iterator

import pytest

from weir.common.types import Row, RowKind
from weir.table.environment_settings import EnvironmentSettings
from weir.table.table import Table
from weir.table.table_environment import TableEnvironment

__all__ = ["collect_rows", "sorted_rows", "final_rows", "table_env", "batch_table_env", "collect"]


def collect_rows(table: Table, limit: int | None = None) -> list[Row]:
    """Runs ``table`` and returns its rows; with ``limit``, stops (and cancels the job) after that
    many, which is how to test a pipeline over an unbounded source."""
    with table.execute().collect() as rows:
        return list(itertools.islice(rows, limit) if limit is not None else rows)


def sorted_rows(rows: Iterable[Row]) -> list[Row]:
    """Rows in a stable order (by their values' text), for order-insensitive comparisons."""
    return sorted(rows, key=lambda row: [repr(value) for value in row])


def final_rows(rows: Iterable[Row]) -> list[Row]:
    """Applies a changelog (+I, -U, +U, -D) and returns the rows that remain, as INSERT rows."""
    remaining: list[Row] = []
    for row in rows:
        kind = row.get_row_kind()
        values = Row(*row)
        if row._fields is not None:
            values.set_field_names(row._fields)
        if kind in (RowKind.INSERT, RowKind.UPDATE_AFTER):
            remaining.append(values)
        else:
            remaining.remove(values)
    return remaining


@pytest.fixture
def table_env() -> Iterator[TableEnvironment]:
    """A streaming TableEnvironment, fresh for each test."""
    yield TableEnvironment.create(EnvironmentSettings.in_streaming_mode())


@pytest.fixture
def batch_table_env() -> Iterator[TableEnvironment]:
    """A batch TableEnvironment, fresh for each test."""
    yield TableEnvironment.create(EnvironmentSettings.in_batch_mode())


@pytest.fixture
def collect() -> Callable[..., list[Row]]:
    """:func:`collect_rows`: ``collect(table)`` or ``collect(table, limit=10)``."""
    def run(table: Table, limit: int | None = None) -> list[Any]:
        return collect_rows(table, limit)
    return run
