"""Python user-defined functions, run by the engine's Python workers (real JVM, real workers)."""

from __future__ import annotations

import datetime
import decimal
import logging
import os
import signal
import time
from typing import Any, Callable

import numpy as np
import pytest

from weir.errors import PythonFunctionException, ValidationException
from weir.table import DataTypes, Row, Schema, TableDescriptor
from weir.table.expressions import call, col, lit
from weir.table.udf import (AggregateFunction, FunctionContext, ScalarFunction, TableFunction, udaf, udf, udtf)
from weir.table.window import Session, Tumble
from weir.testing import collect_rows, final_rows, sorted_rows

pytestmark = pytest.mark.usefixtures("engine")


@udf(result_type=DataTypes.BIGINT())
def add_one(x: int) -> int:
    return x + 1


class Suffix(ScalarFunction):
    """Reads a job parameter in open() and counts its calls in a metric."""

    def open(self, function_context: FunctionContext) -> None:
        self.suffix = function_context.get_job_parameter("suffix", "?")
        self.calls = function_context.get_metric_group().add_group("suffix").counter("calls")

    def eval(self, text: str) -> str:
        self.calls.inc()
        return text + self.suffix


class Split(TableFunction):
    def eval(self, line: str) -> Any:
        for word in line.split():
            yield word, len(word)


class WeightedAverage(AggregateFunction):
    def create_accumulator(self) -> list[int]:
        return [0, 0]

    def accumulate(self, accumulator: list[int], value: int, weight: int) -> None:
        accumulator[0] += value * weight
        accumulator[1] += weight

    def retract(self, accumulator: list[int], value: int, weight: int) -> None:
        accumulator[0] -= value * weight
        accumulator[1] -= weight

    def merge(self, accumulator: list[int], accumulators: Any) -> None:
        for other in accumulators:
            accumulator[0] += other[0]
            accumulator[1] += other[1]

    def get_value(self, accumulator: list[int]) -> float | None:
        return None if accumulator[1] == 0 else accumulator[0] / accumulator[1]

    def get_result_type(self) -> DataTypes:
        return DataTypes.DOUBLE()


def endless_numbers(table_env: Any, name: str = "numbers", rows_per_second: int = 500) -> None:
    """An unbounded datagen table: id 1, 2, ... with event time id seconds after the epoch."""
    table_env.create_temporary_table(name, TableDescriptor.for_connector("datagen")
                                     .schema(Schema.new_builder()
                                             .column("id", DataTypes.BIGINT())
                                             .column_by_expression("ts", "TO_TIMESTAMP_LTZ(id * 1000, 3)")
                                             .watermark("ts", "ts - INTERVAL '1' SECOND")
                                             .build())
                                     .option("rows-per-second", rows_per_second)
                                     .option("fields.id.kind", "sequence")
                                     .option("fields.id.start", 1)
                                     .option("fields.id.end", 10 ** 12)
                                     .build())


# ---- scalar ----

def test_general_scalar_functions_inline_by_name_and_in_filters(table_env):
    table_env.create_temporary_function("shout", udf(lambda s: s.upper() + "!", result_type=DataTypes.STRING()))
    people = table_env.from_elements([(1, "ann"), (2, "bob"), (3, "cy")], ["id", "name"])
    result = (people.filter(add_one(col("id")) > 2)
              .select(col("id"), add_one(add_one(col("id"))).alias("plus_two"), "shout(name) AS loud",
                      call("shout", col("name")).alias("loud2")))
    assert collect_rows(result) == [Row(2, 4, "BOB!", "BOB!"), Row(3, 5, "CY!", "CY!")]


def test_values_of_every_supported_type_round_trip_through_python(batch_table_env):
    row_type = DataTypes.ROW([
        DataTypes.FIELD("b", DataTypes.BOOLEAN()), DataTypes.FIELD("i", DataTypes.INT()),
        DataTypes.FIELD("d", DataTypes.DOUBLE()), DataTypes.FIELD("s", DataTypes.STRING()),
        DataTypes.FIELD("amount", DataTypes.DECIMAL(10, 2)), DataTypes.FIELD("day", DataTypes.DATE()),
        DataTypes.FIELD("at", DataTypes.TIMESTAMP(3)), DataTypes.FIELD("tags", DataTypes.ARRAY(DataTypes.STRING())),
        DataTypes.FIELD("raw", DataTypes.BYTES())])
    values = (True, 7, 2.5, "zoë", decimal.Decimal("12.34"), datetime.date(2024, 1, 31),
              datetime.datetime(2024, 1, 31, 12, 0, 1, 500000), ["a", None], b"\x00\x01")
    table = batch_table_env.from_elements([values, (None,) * len(values)], row_type)
    identity = {field.name: udf(lambda v: v, result_type=field.data_type) for field in row_type.fields}
    result = table.select(*[identity[name](col(name)).alias(name) for name in identity])
    assert collect_rows(result) == [Row(*values), Row(*(None,) * len(values))]


def test_map_arguments_and_results_are_dicts(batch_table_env):
    map_type = DataTypes.MAP(DataTypes.STRING(), DataTypes.BIGINT())
    nested_type = DataTypes.ARRAY(DataTypes.MAP(DataTypes.INT(), DataTypes.STRING()))
    table = batch_table_env.from_elements(
        [({"a": 1, "b": None}, [{1: "x"}, None, {}]), (None, None), ({}, [])],
        DataTypes.ROW([DataTypes.FIELD("m", map_type), DataTypes.FIELD("nested", nested_type)]))
    same = udf(lambda m: m, result_type=map_type)
    same_nested = udf(lambda n: n, result_type=nested_type)
    seen = udf(lambda m: repr(m), result_type=DataTypes.STRING())
    built = udf(lambda m: None if m is None else {key.upper(): value for key, value in m.items()}, result_type=map_type)
    sizes = udf(lambda maps: np.array([-1 if m is None else len(m) for m in maps]), result_type=DataTypes.INT(),
                func_type="numpy")
    rows = collect_rows(table.select(same(col("m")).alias("m"), same_nested(col("nested")).alias("nested"),
                                     seen(col("m")).alias("seen"), built(col("m")).alias("built"),
                                     sizes(col("m")).alias("size")))
    assert rows == [Row({"a": 1, "b": None}, [{1: "x"}, None, {}], "{'a': 1, 'b': None}", {"A": 1, "B": None}, 2),
                    Row(None, None, "None", None, -1),
                    Row({}, [], "{}", {}, 0)]


def test_row_results_job_parameters_and_metrics(table_env):
    table_env.get_config().set("pipeline.global-job-parameters", "suffix:-ok")
    pair = udf(lambda a, b: Row(a * 2, b + "x"), result_type=DataTypes.ROW(
        [DataTypes.FIELD("twice", DataTypes.BIGINT()), DataTypes.FIELD("text", DataTypes.STRING())]))
    table = table_env.from_elements([(1, "a"), (2, "b")], ["id", "name"])
    rows = collect_rows(table.select(udf(Suffix(), result_type=DataTypes.STRING())(col("name")).alias("s"),
                                     pair(col("id"), col("name")).alias("p")))
    assert [row.s for row in rows] == ["a-ok", "b-ok"]
    assert [row.p for row in rows] == [Row(2, "ax"), Row(4, "bx")]


def test_numpy_scalar_function_gets_arrays(table_env):
    seen: list[str] = []

    @udf(result_type=DataTypes.DOUBLE(), func_type="numpy")
    def scaled(values: np.ndarray, factor: np.ndarray) -> np.ndarray:
        assert isinstance(values, np.ndarray) and values.dtype == np.float64, seen.append(type(values).__name__)
        return values * factor

    table = table_env.from_elements([(1.0, 2), (2.5, 2), (None, 3)], ["v", "f"])
    rows = collect_rows(table.select(scaled(col("v"), col("f")).alias("x")))
    assert [row.x for row in rows] == [2.0, 5.0, None]  # a NULL arrives as NaN, and NaN goes back as NULL


def test_numpy_results_keep_nulls_of_integer_columns_and_refuse_fractions(batch_table_env):
    twice = udf(lambda values: values * 2, result_type=DataTypes.BIGINT(), func_type="numpy")
    day_after = udf(lambda days: days + np.timedelta64(1, "D"), result_type=DataTypes.DATE(), func_type="numpy")
    table = batch_table_env.from_elements(
        [(1, datetime.date(2024, 2, 28)), (None, None), (-4, datetime.date(2024, 12, 31))],
        DataTypes.ROW([DataTypes.FIELD("v", DataTypes.BIGINT()), DataTypes.FIELD("day", DataTypes.DATE())]))
    rows = collect_rows(table.select(twice(col("v")).alias("x"), day_after(col("day")).alias("d")))
    assert rows == [Row(2, datetime.date(2024, 2, 29)), Row(None, None), Row(-8, datetime.date(2025, 1, 1))]

    def halve(values: np.ndarray) -> np.ndarray:
        return values / 2

    with pytest.raises(PythonFunctionException) as raised:
        collect_rows(table.select(udf(halve, result_type=DataTypes.BIGINT(), func_type="numpy")(col("v"))))
    assert raised.value.function_name == "halve"
    assert "halve returned a value that is not BIGINT: 0.5 has a fraction" in str(raised.value)


def test_pandas_scalar_function_gets_series(pandas_table_env):  # more in test_pandas_udfs.py
    doubled = udf(lambda s: s * 2, result_type=DataTypes.BIGINT(), func_type="pandas")
    table = pandas_table_env.from_elements([(1,), (2,)], ["v"])
    assert [row.x for row in collect_rows(table.select(doubled(col("v")).alias("x")))] == [2, 4]


def test_scalar_function_on_an_unbounded_stream(table_env):
    endless_numbers(table_env)
    rows = collect_rows(table_env.from_path("numbers").select(col("id"), add_one(col("id")).alias("next")), limit=50)
    assert len(rows) == 50 and all(row.next == row.id + 1 for row in rows)


def test_map_spreads_a_row_result_into_columns(table_env):
    swap = udf(lambda row: Row(row.name, row.id * 10), result_type=DataTypes.ROW(
        [DataTypes.FIELD("name", DataTypes.STRING()), DataTypes.FIELD("tens", DataTypes.BIGINT())]))
    table = table_env.from_elements([(1, "a"), (2, "b")], ["id", "name"])
    assert collect_rows(table.map(swap)) == [Row(name="a", tens=10), Row(name="b", tens=20)]


# ---- table functions ----

def test_flat_map_and_join_lateral(table_env):
    split = udtf(Split(), result_types=[DataTypes.STRING(), DataTypes.INT()])
    lines = table_env.from_elements([(1, "to be or"), (2, ""), (3, "not")], ["id", "line"])
    assert collect_rows(lines.flat_map(split(col("line")).alias("word", "length"))) == [
        Row("to", 2), Row("be", 2), Row("or", 2), Row("not", 3)]
    joined = lines.join_lateral(split(col("line")).alias("word", "length")).select(col("id"), col("word"))
    assert collect_rows(joined) == [Row(1, "to"), Row(1, "be"), Row(1, "or"), Row(3, "not")]
    outer = lines.left_outer_join_lateral(split(col("line")).alias("word", "length")).select(col("id"), col("word"))
    assert collect_rows(outer) == [Row(1, "to"), Row(1, "be"), Row(1, "or"), Row(2, None), Row(3, "not")]


def test_table_function_on_an_unbounded_stream(table_env):
    endless_numbers(table_env)
    repeat = udtf(lambda n: [n] * int(n % 3), result_types=[DataTypes.BIGINT()])
    rows = collect_rows(table_env.from_path("numbers").flat_map(repeat(col("id"))), limit=20)
    # 1 once, 2 twice, 3 never, 4 once, ...
    assert [row.f0 for row in rows[:6]] == [1, 2, 2, 4, 5, 5]


# ---- aggregate functions ----

def test_aggregate_function_on_group_by_streaming_and_batch(table_env, batch_table_env):
    for env in (table_env, batch_table_env):
        weighted = udaf(WeightedAverage())
        env.create_temporary_function("weighted", weighted)
        orders = env.from_elements([("a", 10, 1), ("b", 4, 1), ("a", 40, 2)], ["k", "v", "w"])
        result = orders.group_by(col("k")).select(col("k"), call("weighted", col("v"), col("w")).alias("avg"))
        assert sorted_rows(final_rows(collect_rows(result))) == [Row("a", 30.0), Row("b", 4.0)]


def test_a_mini_batch_asks_a_streaming_aggregate_once_per_group_and_batch(table_env):
    table_env.get_config().set("table.exec.mini-batch.enabled", "true") \
        .set("table.exec.mini-batch.allow-latency", "1 min").set("table.exec.mini-batch.size", "500")
    weighted = udaf(WeightedAverage())
    numbers = table_env.from_elements([(i % 3, i) for i in range(1, 1501)], ["k", "v"])
    changes = collect_rows(numbers.group_by(col("k")).select(col("k"), weighted(col("v"), lit(1)).alias("avg")))
    assert sorted_rows(final_rows(changes)) == [Row(0, 751.5), Row(1, 749.5), Row(2, 750.5)]
    # one change per group and batch of 500 rows (3 batches, or more where the input ran dry), not 1,500
    assert len(changes) <= 2 * 3 * 10


def test_aggregate_function_on_group_by_over_an_unbounded_stream(table_env):
    endless_numbers(table_env)
    weighted = udaf(WeightedAverage())
    per_parity = (table_env.from_path("numbers").add_columns((col("id") % 2).alias("parity"))
                  .group_by(col("parity")).select(col("parity"), weighted(col("id"), lit(1)).alias("avg"),
                                                  col("id").max.alias("top")))
    for row in final_rows(collect_rows(per_parity, limit=40)):
        lowest = 1 if row.parity else 2  # the mean of the odd (even) numbers up to the largest seen
        assert row.avg == (lowest + row.top) / 2


def test_aggregate_operation_flattens_a_row_result(batch_table_env):
    class MinMax(AggregateFunction):
        def create_accumulator(self) -> list[Any]:
            return [None, None]

        def accumulate(self, accumulator: list[Any], value: int) -> None:
            accumulator[0] = value if accumulator[0] is None else min(accumulator[0], value)
            accumulator[1] = value if accumulator[1] is None else max(accumulator[1], value)

        def get_value(self, accumulator: list[Any]) -> Row:
            return Row(accumulator[0], accumulator[1])

    min_max = udaf(MinMax(), result_type=DataTypes.ROW([DataTypes.FIELD("low", DataTypes.BIGINT()),
                                                         DataTypes.FIELD("high", DataTypes.BIGINT())]))
    table = batch_table_env.from_elements([("a", 3), ("a", 9), ("b", 5)], ["k", "v"])
    result = table.group_by(col("k")).aggregate(min_max(col("v")).alias("lo", "hi")).select(col("k"), col("hi"))
    assert sorted_rows(collect_rows(result)) == [Row("a", 9), Row("b", 5)]


def test_aggregate_functions_in_windows_on_an_unbounded_stream(table_env):
    endless_numbers(table_env, rows_per_second=1000)
    weighted = udaf(WeightedAverage())
    mean = udaf(lambda values: float(np.mean(values)), result_type=DataTypes.DOUBLE(), func_type="numpy")
    windows = (table_env.from_path("numbers")
               .window(Tumble.over(lit(10).seconds).on(col("ts")).alias("w"))
               .group_by(col("w"))
               .select(col("w").start.alias("start"), weighted(col("id"), lit(1)).alias("weighted"),
                       mean(col("id")).alias("mean"), col("id").count.alias("n")))
    rows = collect_rows(windows, limit=3)
    # window [10 s, 20 s) holds ids 10..19, and so on
    assert [(row.n, row.weighted, row.mean) for row in rows] == [(9, 5.0, 5.0), (10, 14.5, 14.5), (10, 24.5, 24.5)]


def test_session_windows_merge_python_accumulators(batch_table_env):
    events = batch_table_env.from_elements(
        [("a", 1, datetime.datetime(2024, 1, 1, 0, 0, 0)), ("a", 3, datetime.datetime(2024, 1, 1, 0, 0, 10)),
         ("a", 5, datetime.datetime(2024, 1, 1, 0, 0, 5))],
        DataTypes.ROW([DataTypes.FIELD("k", DataTypes.STRING()), DataTypes.FIELD("v", DataTypes.BIGINT()),
                       DataTypes.FIELD("ts", DataTypes.TIMESTAMP(3))]))
    weighted = udaf(WeightedAverage())
    sessions = (events.window(Session.with_gap(lit(6).seconds).on(col("ts")).alias("s"))
                .group_by(col("s"), col("k"))
                .select(col("k"), weighted(col("v"), lit(1)).alias("avg")))
    assert collect_rows(sessions) == [Row("a", 3.0)]


def test_vectorized_aggregates_are_refused_in_streaming_group_by(table_env):
    mean = udaf(lambda values: values.mean(), result_type=DataTypes.DOUBLE(), func_type="numpy")
    table = table_env.from_elements([("a", 1)], ["k", "v"]).group_by(col("k")).select(mean(col("v")))
    with pytest.raises(ValidationException, match="vectorized"):
        table.execute()


def test_python_functions_in_aggregate_arguments_run_before_the_aggregation(table_env, batch_table_env):
    doubled = udf(lambda v: v * 2, result_type=DataTypes.BIGINT())
    weighted = udaf(WeightedAverage())
    for env in (table_env, batch_table_env):
        orders = env.from_elements([("a", 10, 1), ("b", 4, 1), ("a", 40, 2)], ["k", "v", "w"])
        per_key = orders.group_by(col("k")).select(
            col("k"), weighted(doubled(col("v")), col("w")).alias("avg"), doubled(col("v")).sum.alias("total"),
            (doubled(doubled(col("v"))) + 1).max.alias("top"))
        assert sorted_rows(final_rows(collect_rows(per_key))) == [Row("a", 60.0, 100, 161), Row("b", 8.0, 8, 17)]
        overall = orders.select(doubled(col("v")).sum.alias("total"),
                                weighted(col("v"), doubled(col("w"))).alias("avg"))
        assert final_rows(collect_rows(overall)) == [Row(108, 23.5)]
        by_python_key = (orders.group_by(doubled(col("w")))
                         .select(doubled(col("w")).alias("w2"), col("v").count.alias("n")))
        assert sorted_rows(final_rows(collect_rows(by_python_key))) == [Row(2, 2), Row(4, 1)]


def test_python_functions_in_window_aggregate_arguments(table_env):
    endless_numbers(table_env)
    doubled = udf(lambda v: v * 2, result_type=DataTypes.BIGINT())
    windows = (table_env.from_path("numbers").window(Tumble.over(lit(10).seconds).on(col("ts")).alias("w"))
               .group_by(col("w")).select(col("w").start.alias("start"), doubled(col("id")).sum.alias("total")))
    # [0 s, 10 s) holds ids 1..9, [10 s, 20 s) ids 10..19
    assert [row.total for row in collect_rows(windows, limit=2)] == [90, 290]


def test_python_functions_over_aggregated_values_are_refused(table_env):
    doubled = udf(lambda v: v * 2, result_type=DataTypes.BIGINT(), name="doubled")
    orders = table_env.from_elements([("a", 10)], ["k", "v"])
    # inline names are unique per process: another test's "doubled" makes this one doubled_<n>
    with pytest.raises(ValidationException, match=r"doubled\w*\(SUM\(v\)\)' applies the user-defined function"):
        orders.group_by(col("k")).select(doubled(col("v").sum)).execute()


# ---- errors and output ----

def test_a_failing_function_raises_with_traceback_name_and_row(table_env):
    def invert(x: int) -> float:
        return 1 / x

    inverse = udf(invert, result_type=DataTypes.DOUBLE())
    table = table_env.from_elements([(2, "x"), (0, "boom"), (4, "y")], ["v", "tag"])
    with pytest.raises(PythonFunctionException) as raised:
        collect_rows(table.select(inverse(col("v"))))
    error = raised.value
    assert error.function_name == "invert"
    assert "ZeroDivisionError" in error.python_traceback and "return 1 / x" in error.python_traceback
    assert error.input_row == "+I[0, boom]"
    assert "invert" in str(error) and "+I[0, boom]" in str(error)


def test_worker_print_and_logging_reach_the_driver(table_env, capsys, caplog):
    def chatty(x: int) -> int:
        print(f"seen {x}")
        logging.getLogger("my.udf").warning("warned about %s", x)
        return x

    table = table_env.from_elements([(7,)], ["v"])
    with caplog.at_level(logging.INFO, logger="weir.jvm"):
        assert collect_rows(table.select(udf(chatty, result_type=DataTypes.BIGINT())(col("v")))) == [Row(7)]
        messages = [record.getMessage() for record in caplog.records]
    printed = capsys.readouterr().out
    assert "seen 7" in printed and "(1/1)] seen 7" in printed and "PythonCalc[" in printed
    assert any("my.udf: warned about 7" in message and "PythonCalc[" in message for message in messages)


# ---- recovery ----

def test_a_killed_worker_restarts_the_job_from_its_checkpoint_exactly_once(table_env, tmp_path):
    marker = tmp_path / "killed-once"
    config = table_env.get_config()
    config.set("execution.checkpointing.interval", "100 ms")
    config.set("execution.checkpointing.dir", str(tmp_path / "checkpoints"))
    config.set("restart-strategy.type", "fixed-delay")
    config.set("restart-strategy.fixed-delay.delay", "10 ms")
    config.set("python.fn-execution.bundle.size", 100)
    table_env.create_temporary_table("numbers", TableDescriptor.for_connector("datagen")
                                     .schema(Schema.new_builder().column("id", DataTypes.BIGINT()).build())
                                     .option("rows-per-second", 2000).option("number-of-rows", 3000)
                                     .option("fields.id.kind", "sequence").option("fields.id.start", 1)
                                     .option("fields.id.end", 3000).build())

    def crash_once(x: int) -> int:
        import os
        import signal
        if x == 1500 and not marker.exists():
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return x * 3

    tripled = udf(crash_once, result_type=DataTypes.BIGINT())
    out = tmp_path / "out"
    sink = (TableDescriptor.for_connector("filesystem")
            .schema(Schema.new_builder().column("id", DataTypes.BIGINT()).column("x", DataTypes.BIGINT()).build())
            .option("path", str(out)).format("csv").build())
    result = table_env.from_path("numbers").select(col("id"), tripled(col("id")).alias("x")).execute_insert(sink)
    result.wait()
    assert marker.exists()
    written = sorted(line for path in out.rglob("*") if path.is_file() and not path.name.startswith(".")
                     for line in path.read_text().splitlines() if line)
    assert written == sorted(f"{i},{i * 3}" for i in range(1, 3001))


@pytest.mark.parametrize("kind", ["scalar", "aggregate"])
def test_a_worker_that_crashes_while_its_job_is_idle_restarts_the_job_at_once(table_env, tmp_path, kind):
    """Nothing is sent to an idle worker, so its death shows only in the process ending, which the
    engine watches: the restart must not wait for the next row (none comes here)."""
    config = table_env.get_config()
    config.set("restart-strategy.type", "fixed-delay")
    config.set("restart-strategy.fixed-delay.delay", "10 ms")
    started = tmp_path / "workers"
    started.mkdir()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.csv").write_text("1\n2\n3\n")
    table_env.create_temporary_table("numbers", TableDescriptor.for_connector("filesystem")
                                     .schema(Schema.new_builder().column("id", DataTypes.BIGINT()).build())
                                     .option("path", str(tmp_path / "in")).option("source.monitor-interval", "1 h")
                                     .format("csv").build())

    def note_worker(function_context: FunctionContext) -> None:
        (started / str(os.getpid())).touch()

    class Tripled(ScalarFunction):
        open = staticmethod(note_worker)

        def eval(self, x: int) -> int:
            return x * 3

    class Total(AggregateFunction):
        open = staticmethod(note_worker)

        def create_accumulator(self) -> list[int]:
            return [0]

        def accumulate(self, accumulator: list[int], x: int) -> None:
            accumulator[0] += x

        def get_value(self, accumulator: list[int]) -> int:
            return accumulator[0]

    numbers = table_env.from_path("numbers")
    if kind == "scalar":
        result = numbers.select(udf(Tripled(), result_type=DataTypes.BIGINT())(col("id")).alias("x"))
    else:
        total = udaf(Total(), result_type=DataTypes.BIGINT(), accumulator_type=DataTypes.ARRAY(DataTypes.BIGINT()))
        result = numbers.group_by(col("id") % 2).select(total(col("id")).alias("x"))
    sink = TableDescriptor.for_connector("blackhole").schema(
        Schema.new_builder().column("x", DataTypes.BIGINT()).build()).build()
    client = result.execute_insert(sink).get_job_client()
    try:
        first = _await(lambda: list(started.iterdir()), "the first worker")
        os.kill(int(first[0].name), signal.SIGKILL)
        restarted = _await(lambda: [p for p in started.iterdir() if p.name != first[0].name], "a new worker")
        assert restarted and client.get_job_status().name == "RUNNING"
    finally:
        client.cancel()


def _await(found: Callable[[], list[Any]], what: str, seconds: float = 120) -> list[Any]:
    """Polls until ``found`` finds something; the bound is generous, only guarding against a hang."""
    deadline = time.monotonic() + seconds
    while not (result := found()):
        assert time.monotonic() < deadline, f"{what} did not appear within {seconds} s"
        time.sleep(0.05)
    return result


# ---- dependencies ----

def _wheel(directory: Any, name: str, source: str) -> None:
    """A minimal pure-Python wheel (a zip with the module and its dist-info), as pip builds them."""
    import zipfile
    version = "1.0"
    dist_info = f"{name}-{version}.dist-info"
    files = {f"{name}.py": source,
             f"{dist_info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
             f"{dist_info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    files[f"{dist_info}/RECORD"] = "".join(f"{path},,\n" for path in files) + f"{dist_info}/RECORD,,\n"
    with zipfile.ZipFile(directory / f"{name}-{version}-py3-none-any.whl", "w") as wheel:
        for path, text in files.items():
            wheel.writestr(path, text)


def test_python_files_archives_and_requirements_reach_the_workers(table_env, tmp_path):
    (tmp_path / "helpers").mkdir()
    (tmp_path / "helpers" / "greeting.py").write_text("def greet(name):\n    return 'hello ' + name\n")
    table_env.add_python_file(str(tmp_path / "helpers"))
    import zipfile
    with zipfile.ZipFile(tmp_path / "data.zip", "w") as archive:
        archive.writestr("suffix.txt", "!")
    table_env.add_python_archive(str(tmp_path / "data.zip"), "data")
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    _wheel(wheels, "shouting", "def shout(text):\n    return text.upper()\n")
    (tmp_path / "requirements.txt").write_text("shouting\n")
    table_env.set_python_requirements(str(tmp_path / "requirements.txt"), str(wheels))

    def decorate(name: str) -> str:
        import greeting
        import shouting
        with open("data/suffix.txt") as suffix:
            return shouting.shout(greeting.greet(name)) + suffix.read()

    table = table_env.from_elements([("ann",)], ["name"])
    assert collect_rows(table.select(udf(decorate, result_type=DataTypes.STRING())(col("name")))) == [
        Row("HELLO ANN!")]
