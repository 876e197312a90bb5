"""Vectorized functions over pandas Series (func_type='pandas'), run by real workers on an
interpreter with pandas: this one when it has pandas, else the system Python (the
``pandas_python`` fixture in conftest.py, set as PyFlink's 'python.executable'). The driver does
not need pandas, so the functions import it themselves."""

from __future__ import annotations

import datetime
import subprocess
from typing import Any

import pytest
from test_python_udfs import endless_numbers

from weir.errors import PythonFunctionException
from weir.table import DataTypes, Row
from weir.table.expressions import col, lit
from weir.table.udf import udaf, udf
from weir.table.window import Tumble
from weir.testing import collect_rows, sorted_rows

pytestmark = pytest.mark.usefixtures("engine")


# ---- scalar ----

@udf(result_type=DataTypes.BIGINT(), func_type="pandas")
def doubled(values: Any) -> Any:
    import pandas as pd
    # a BIGINT column with nulls arrives as float64 with NaN, as pandas holds missing integers
    assert isinstance(values, pd.Series) and values.dtype == "float64", (type(values), values.dtype)
    return values * 2


@udf(result_type=DataTypes.STRING(), func_type="pandas")
def shout(names: Any) -> Any:
    import pandas as pd
    assert isinstance(names, pd.Series) and names.dtype == object, (type(names), names.dtype)
    return names.str.upper() + "!"


@udf(result_type=DataTypes.DOUBLE(), func_type="pandas")
def total(prices: Any, quantities: Any) -> Any:
    return prices * quantities


@udf(result_type=DataTypes.BIGINT(), func_type="pandas")
def plus_hundred(ids: Any) -> Any:
    assert ids.dtype == "int64", ids.dtype  # no nulls: the integers themselves
    return ids + 100


@udf(result_type=DataTypes.TIMESTAMP(3), func_type="pandas")
def next_day(times: Any) -> Any:
    import pandas as pd
    assert times.dtype.kind == "M", times.dtype
    return times + pd.Timedelta(days=1)


ORDERS = DataTypes.ROW([DataTypes.FIELD("id", DataTypes.BIGINT(False)), DataTypes.FIELD("n", DataTypes.BIGINT()),
                        DataTypes.FIELD("name", DataTypes.STRING()), DataTypes.FIELD("price", DataTypes.DOUBLE()),
                        DataTypes.FIELD("at", DataTypes.TIMESTAMP(3))])
NOON = datetime.datetime(2024, 1, 31, 12, 0, 0, 500000)


def test_scalar_functions_get_series_and_keep_nulls_null(pandas_batch_table_env):
    orders = pandas_batch_table_env.from_elements(
        [(1, 3, "ann", 2.5, NOON), (2, None, None, None, None), (3, -4, "bo", 0.5, NOON)], ORDERS)
    result = orders.select(col("id"), plus_hundred(col("id")).alias("big"), doubled(col("n")).alias("twice"),
                           shout(col("name")).alias("loud"), total(col("price"), col("n")).alias("total"),
                           next_day(col("at")).alias("next"))
    tomorrow = NOON + datetime.timedelta(days=1)
    assert collect_rows(result) == [Row(1, 101, 6, "ANN!", 7.5, tomorrow),
                                     Row(2, 102, None, None, None, None),
                                     Row(3, 103, -8, "BO!", -2.0, tomorrow)]


def test_scalar_function_over_many_batches_streaming(pandas_table_env):
    pandas_table_env.get_config().set("python.fn-execution.bundle.size", 7)
    sizes = udf(lambda values: values.map(lambda _: len(values)), result_type=DataTypes.BIGINT(), func_type="pandas")
    numbers = pandas_table_env.from_elements([(i, None if i % 5 == 0 else i) for i in range(1, 51)],
                                             DataTypes.ROW([DataTypes.FIELD("id", DataTypes.BIGINT(False)),
                                                            DataTypes.FIELD("n", DataTypes.BIGINT())]))
    rows = collect_rows(numbers.select(col("id"), doubled(col("n")).alias("twice"), sizes(col("id")).alias("batch")))
    assert [(row.id, row.twice) for row in rows] == [(i, None if i % 5 == 0 else 2 * i) for i in range(1, 51)]
    assert all(1 <= row.batch <= 7 for row in rows)


# ---- aggregate ----

@udaf(result_type=DataTypes.DOUBLE(), func_type="pandas")
def mean(values: Any) -> Any:
    import pandas as pd
    assert isinstance(values, pd.Series), type(values)
    return values.mean()  # NaN (null) is skipped, as SQL's AVG skips nulls


@udaf(result_type=DataTypes.DOUBLE(), func_type="pandas")
def weighted_mean(values: Any, weights: Any) -> Any:
    return (values * weights).sum() / weights.sum()


@udaf(result_type=DataTypes.BIGINT(), func_type="pandas")
def present(values: Any) -> Any:
    return values.count()


@udaf(result_type=DataTypes.BIGINT(), func_type="pandas")
def summed(values: Any) -> Any:
    return values.sum()  # a float when the integers had nulls (NaN), a whole one


def test_aggregate_functions_in_group_by(pandas_batch_table_env):
    orders = pandas_batch_table_env.from_elements(
        [("a", 10, 1), ("b", 4, 1), ("a", None, 5), ("a", 40, 2), ("c", None, 1)],
        DataTypes.ROW([DataTypes.FIELD("k", DataTypes.STRING()), DataTypes.FIELD("v", DataTypes.BIGINT()),
                       DataTypes.FIELD("w", DataTypes.BIGINT())]))
    result = orders.group_by(col("k")).select(col("k"), mean(col("v")).alias("mean"),
                                              weighted_mean(col("w"), col("w")).alias("wmean"),
                                              present(col("v")).alias("present"), summed(col("v")).alias("sum"),
                                              col("w").count.alias("rows"))
    # c's only v is null: the mean of nothing (NaN) is null
    assert sorted_rows(collect_rows(result)) == [Row("a", 25.0, 30 / 8, 2, 50, 3), Row("b", 4.0, 1.0, 1, 4, 1),
                                                 Row("c", None, 1.0, 0, 0, 1)]


def test_aggregate_functions_in_a_tumbling_window_on_an_unbounded_stream(pandas_table_env):
    endless_numbers(pandas_table_env, rows_per_second=1000)
    windows = (pandas_table_env.from_path("numbers")
               .window(Tumble.over(lit(10).seconds).on(col("ts")).alias("w"))
               .group_by(col("w"))
               .select(col("w").start.alias("start"), mean(col("id")).alias("mean"),
                       weighted_mean(col("id"), col("id")).alias("wmean"), present(col("id")).alias("n")))
    rows = collect_rows(windows, limit=3)
    # window [10 s, 20 s) holds ids 10..19, and so on; the first, [0 s, 10 s), ids 1..9
    assert [(row.n, row.mean, row.wmean) for row in rows] == [
        (9, 5.0, sum(i * i for i in range(1, 10)) / 45), (10, 14.5, sum(i * i for i in range(10, 20)) / 145),
        (10, 24.5, sum(i * i for i in range(20, 30)) / 245)]
    assert [row.start.second for row in rows] == [0, 10, 20]


# ---- errors ----

def test_a_fraction_for_an_integer_result_is_refused_not_truncated(pandas_table_env):
    quarter = udf(lambda values: values / 4, result_type=DataTypes.BIGINT(), func_type="pandas", name="quarter")
    table = pandas_table_env.from_elements([(8,), (None,), (2,)],
                                           DataTypes.ROW([DataTypes.FIELD("v", DataTypes.BIGINT())]))
    with pytest.raises(PythonFunctionException, match="quarter returned a value that is not BIGINT"):
        collect_rows(table.select(quarter(col("v"))))


def test_a_failing_pandas_function_raises_with_traceback_and_name(pandas_table_env):
    def reject_negatives(values: Any) -> Any:
        if (values < 0).any():
            raise ValueError(f"{int((values < 0).sum())} negative values")
        return values

    checked = udf(reject_negatives, result_type=DataTypes.BIGINT(), func_type="pandas")
    table = pandas_table_env.from_elements([(2,), (-1,), (4,)], ["v"])
    with pytest.raises(PythonFunctionException) as raised:
        collect_rows(table.select(checked(col("v"))))
    error = raised.value
    assert error.function_name == "reject_negatives"
    assert "ValueError: 1 negative values" in error.python_traceback
    assert 'raise ValueError(f"{int((values < 0).sum())} negative values")' in error.python_traceback
    assert error.input_row is None  # the whole batch failed, not one row
    assert "reject_negatives" in str(error) and "1 negative values" in str(error)


def test_a_failing_pandas_aggregate_raises_with_traceback_and_name(pandas_batch_table_env):
    def no_empty_groups(values: Any) -> Any:
        return values.dropna().iloc[0]

    first = udaf(no_empty_groups, result_type=DataTypes.BIGINT(), func_type="pandas")
    table = pandas_batch_table_env.from_elements([("a", 1), ("b", None)], DataTypes.ROW(
        [DataTypes.FIELD("k", DataTypes.STRING()), DataTypes.FIELD("v", DataTypes.BIGINT())]))
    with pytest.raises(PythonFunctionException) as raised:
        collect_rows(table.group_by(col("k")).select(col("k"), first(col("v"))))
    assert raised.value.function_name == "no_empty_groups"
    assert "IndexError" in raised.value.python_traceback
    assert "return values.dropna().iloc[0]" in raised.value.python_traceback


# ---- the interpreter ----

def test_workers_run_on_the_configured_interpreter(pandas_table_env, pandas_python):
    probe = subprocess.run([pandas_python, "-c", "import sys, pandas; print(sys.executable, pandas.__version__)"],
                           capture_output=True, text=True, check=True)
    expected = probe.stdout.strip()

    def interpreter(_: Any) -> str:
        import sys

        import pandas
        return f"{sys.executable} {pandas.__version__}"

    def version(values: Any) -> Any:
        import pandas
        return values.map(lambda _: pandas.__version__)

    table = pandas_table_env.from_elements([(1,)], ["v"])
    rows = collect_rows(table.select(udf(interpreter, result_type=DataTypes.STRING())(col("v")).alias("general"),
                                     udf(version, result_type=DataTypes.STRING(), func_type="pandas")(col("v"))
                                     .alias("vectorized")))
    assert rows == [Row(expected, expected.split()[-1])]
