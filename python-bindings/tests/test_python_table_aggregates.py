"""Python table aggregate functions (``udtaf``, ``flat_aggregate``), run by the engine's Python
workers (real JVM, real workers)."""

from __future__ import annotations

from typing import Any

import pytest

from weir.errors import PythonFunctionException, ValidationException
from weir.table import DataTypes, Row, RowKind
from weir.table.expressions import call, col
from weir.table.udf import TableAggregateFunction, udf, udtaf
from weir.testing import collect_rows, final_rows, sorted_rows

from test_python_udfs import endless_numbers

pytestmark = pytest.mark.usefixtures("engine")

TOP2_TYPE = DataTypes.ROW([DataTypes.FIELD("value", DataTypes.BIGINT()), DataTypes.FIELD("rank", DataTypes.INT())])


class Top2(TableAggregateFunction):
    """The two largest values, with their rank; retractable, since it keeps every value."""

    def create_accumulator(self) -> list[int]:
        return []

    def accumulate(self, accumulator: list[int], value: int) -> None:
        accumulator.append(value)

    def retract(self, accumulator: list[int], value: int) -> None:
        accumulator.remove(value)

    def emit_value(self, accumulator: list[int]) -> Any:
        for rank, value in enumerate(sorted(accumulator, reverse=True)[:2], 1):
            yield Row(value, rank)

    def get_result_type(self) -> DataTypes:
        return TOP2_TYPE


class Top2OfRows(TableAggregateFunction):
    """PyFlink's example shape: used uncalled, it gets each whole input row as one Row."""

    def create_accumulator(self) -> list[Any]:
        return [None, None]

    def accumulate(self, accumulator: list[Any], row: Row) -> None:
        if accumulator[0] is None or row.v > accumulator[0]:
            accumulator[1] = accumulator[0]
            accumulator[0] = row.v
        elif accumulator[1] is None or row.v > accumulator[1]:
            accumulator[1] = row.v

    def emit_value(self, accumulator: list[Any]) -> Any:
        yield from (value for value in accumulator if value is not None)  # bare values: one column


def changelog(rows: list[Row]) -> list[tuple[str, tuple[Any, ...]]]:
    return [(row.get_row_kind().short_string(), tuple(row)) for row in rows]


ELEMENTS = [("a", 1), ("a", 5), ("b", 2), ("a", 3)]


def test_flat_aggregate_top2_per_key_in_batch_mode(batch_table_env):
    top2 = udtaf(Top2())
    table = batch_table_env.from_elements(ELEMENTS, ["k", "v"])

    per_key = table.group_by(col("k")).flat_aggregate(top2(col("v"))).select(col("k"), col("value"), col("rank"))
    assert sorted_rows(collect_rows(per_key)) == [Row("a", 3, 2), Row("a", 5, 1), Row("b", 2, 1)]

    overall = table.flat_aggregate(call(top2, col("v")).alias("best", "place")).select(col("place"), col("best"))
    assert sorted_rows(collect_rows(overall)) == [Row(1, 5), Row(2, 3)]

    batch_table_env.create_temporary_function("top_two", top2)
    by_name = table.group_by(col("k")).flat_aggregate(call("top_two", col("v") * 10).alias("x", "r")).select(col("x"))
    assert sorted_rows(collect_rows(by_name)) == [Row(20), Row(30), Row(50)]


def test_an_uncalled_function_gets_each_whole_row(batch_table_env):
    top2 = udtaf(Top2OfRows(), result_type=DataTypes.BIGINT())
    table = batch_table_env.from_elements(ELEMENTS, ["k", "v"])
    result = table.group_by(col("k")).flat_aggregate(top2.alias("best")).select(col("k"), col("best"))
    assert sorted_rows(collect_rows(result)) == [Row("a", 3), Row("a", 5), Row("b", 2)]
    assert sorted_rows(collect_rows(table.flat_aggregate(top2).select(col("f0")))) == [Row(3), Row(5)]


def test_streaming_flat_aggregate_retracts_a_groups_rows_before_emitting_new_ones(table_env):
    top2 = udtaf(Top2())
    table = table_env.from_elements(ELEMENTS, ["k", "v"])
    rows = collect_rows(table.group_by(col("k")).flat_aggregate(top2(col("v"))).select(col("k"), col("value"),
                                                                                        col("rank")))
    assert changelog(rows) == [
        ("+I", ("a", 1, 1)),
        ("-D", ("a", 1, 1)), ("+I", ("a", 5, 1)), ("+I", ("a", 1, 2)),
        ("+I", ("b", 2, 1)),
        ("-D", ("a", 5, 1)), ("-D", ("a", 1, 2)), ("+I", ("a", 5, 1)), ("+I", ("a", 3, 2)),
    ]
    assert sorted_rows(final_rows(rows)) == [Row("a", 3, 2), Row("a", 5, 1), Row("b", 2, 1)]


def test_streaming_flat_aggregate_over_a_changelog_retracts_its_input(table_env):
    orders = table_env.from_elements([("ann", 10), ("bob", 7), ("cy", 8), ("ann", 5), ("bob", 20)],
                                     ["customer", "amount"])
    totals = orders.group_by(col("customer")).select(col("customer"), col("amount").sum.alias("total"))
    top2 = udtaf(Top2())
    rows = collect_rows(totals.flat_aggregate(top2(col("total"))).select(col("rank"), col("value")))
    kinds = [row.get_row_kind() for row in rows]
    assert RowKind.DELETE in kinds and set(kinds) <= {RowKind.INSERT, RowKind.DELETE}
    # ann 15, bob 27, cy 8: bob's 7 and ann's 10 were retracted by the totals' updates
    assert sorted_rows(final_rows(rows)) == [Row(1, 27), Row(2, 15)]


def test_streaming_flat_aggregate_on_an_unbounded_source(table_env):
    endless_numbers(table_env)
    top2 = udtaf(Top2())
    per_parity = (table_env.from_path("numbers").add_columns((col("id") % 2).alias("parity"))
                  .group_by(col("parity")).flat_aggregate(top2(col("id"))).select(col("parity"), col("value"),
                                                                                   col("rank")))
    rows = collect_rows(per_parity, limit=60)
    final = final_rows(rows)
    for parity in (0, 1):
        largest = max(row.value for row in rows if row.parity == parity)
        assert sorted_rows(row for row in final if row.parity == parity) == [
            Row(parity, largest - 2, 2), Row(parity, largest, 1)]


def test_python_scalar_functions_in_keys_and_arguments_run_before_the_table_aggregate(batch_table_env):
    shout = udf(lambda s: s.upper(), result_type=DataTypes.STRING())
    negate = udf(lambda v: -v, result_type=DataTypes.BIGINT())
    table = batch_table_env.from_elements(ELEMENTS, ["k", "v"])
    result = (table.group_by(shout(col("k"))).flat_aggregate(udtaf(Top2())(negate(col("v"))))
              .select(col("EXPR$0"), col("value")))
    assert sorted_rows(collect_rows(result)) == [Row("A", -1), Row("A", -3), Row("B", -2)]


def test_a_failing_emit_value_raises_with_traceback_name_and_row(table_env):
    class Picky(TableAggregateFunction):
        def create_accumulator(self) -> list[int]:
            return []

        def accumulate(self, accumulator: list[int], value: int) -> None:
            accumulator.append(value)

        def emit_value(self, accumulator: list[int]) -> Any:
            if 0 in accumulator:
                raise ValueError("no zeros, please")
            yield len(accumulator)

    picky = udtaf(Picky(), result_type=DataTypes.INT(), name="picky")
    table = table_env.from_elements([("a", 2), ("a", 0), ("b", 4)], ["k", "v"])
    with pytest.raises(PythonFunctionException) as raised:
        collect_rows(table.group_by(col("k")).flat_aggregate(picky(col("v"))).select(col("k"), col("f0")))
    error = raised.value
    assert error.function_name == "picky"
    assert "ValueError: no zeros, please" in error.python_traceback
    assert 'raise ValueError("no zeros, please")' in error.python_traceback
    assert "weir/_worker" not in error.python_traceback  # only the user's frames
    assert error.input_row == "[0]"
    assert "picky" in str(error) and "no zeros, please" in str(error)


def test_flat_aggregate_misuse_is_a_validation_error(table_env):
    table = table_env.from_elements(ELEMENTS, ["k", "v"])
    with pytest.raises(ValidationException, match="takes a table aggregate function, got a scalar function"):
        table.group_by(col("k")).flat_aggregate(udf(lambda v: v, result_type=DataTypes.BIGINT())(col("v")))
    with pytest.raises(ValidationException, match="TableAggregateFunction"):
        udtaf(lambda v: v, result_type=DataTypes.BIGINT())
    with pytest.raises(ValidationException, match="3 aliases for the 2 columns"):
        table.flat_aggregate(udtaf(Top2())(col("v")).alias("a", "b", "c")).select(col("a")).execute()
    with pytest.raises(ValidationException, match="appears twice"):
        table.group_by(col("k")).flat_aggregate(udtaf(Top2())(col("v")).alias("k", "r")).select(col("r")).execute()
