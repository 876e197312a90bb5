"""Python UDF benchmark: a JSON UDF (json.loads a ~100-byte record, change a field, json.dumps)
over N rows, side by side with its floor (the same function in a plain Python loop), the same
transformation with Weir's built-in functions, and a vectorized numpy UDF; then a streaming
Python aggregate with and without a mini-batch. One run of each, in this order, printed as a
table (see benchmarks/README.md, "Python UDFs").

    python3 benchmarks/python/udf_benchmark.py [--rows 5000000] [--bundle-sizes 1000] [--aggregate-rows 200000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python-bindings" / "src"))

from weir.table import DataTypes, EnvironmentSettings, Schema, TableDescriptor, TableEnvironment  # noqa: E402
from weir.table.expressions import call_sql, col  # noqa: E402
from weir.table.udf import AggregateFunction, udaf, udf  # noqa: E402

# The record as Weir's JSON_OBJECT writes it, and as the floor's inputs are written
RECORD_SQL = ("JSON_OBJECT('id' VALUE id, 'name' VALUE CONCAT('user-', CAST(id AS STRING)), "
              "'price' VALUE CAST(id AS DOUBLE) * 0.25, 'city' VALUE 'Amsterdam', 'active' VALUE id % 2 = 0, "
              "'tags' VALUE 'new,priority')")
TRANSFORMED_SQL = ("JSON_OBJECT('id' VALUE id, 'name' VALUE CONCAT('user-', CAST(id AS STRING)), "
                   "'price' VALUE CAST(id AS DOUBLE) * 0.25 * 1.1, 'city' VALUE 'Amsterdam', 'active' VALUE id % 2 = 0, "
                   "'tags' VALUE 'new,priority')")


def reprice(record: str) -> str:
    """The benchmark's UDF: parse, change the price, serialize."""
    data = json.loads(record)
    data["price"] = data["price"] * 1.1
    return json.dumps(data)


def record(index: int) -> str:
    return json.dumps({"id": index, "name": f"user-{index}", "price": index * 0.25, "city": "Amsterdam",
                       "active": index % 2 == 0, "tags": "new,priority"}, separators=(",", ":"))


def environment(bundle_size: int | None = None) -> TableEnvironment:
    env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    if bundle_size is not None:
        env.get_config().set("python.fn-execution.bundle.size", bundle_size)
    return env


def sequence(env: TableEnvironment, rows: int, columns: Schema) -> None:
    env.create_temporary_table("source", TableDescriptor.for_connector("datagen").schema(columns)
                               .option("number-of-rows", rows).option("rows-per-second", 10 ** 12)
                               .option("fields.id.kind", "sequence").option("fields.id.start", 1)
                               .option("fields.id.end", rows).build())
    env.create_temporary_table("sink", TableDescriptor.for_connector("blackhole").build())


def timed_job(env: TableEnvironment, build: Callable[[TableEnvironment], object]) -> float:
    table = build(env)
    started = time.perf_counter()
    table.execute_insert("sink").wait()  # type: ignore[attr-defined]
    return time.perf_counter() - started


def floor(rows: int) -> float:
    inputs = [record(index) for index in range(1, rows + 1)]
    started = time.perf_counter()
    outputs = list(map(reprice, inputs))
    elapsed = time.perf_counter() - started
    assert len(outputs) == rows
    return rows / elapsed


def weir_udf(rows: int, bundle_size: int | None) -> float:
    env = environment(bundle_size)
    sequence(env, rows, Schema.new_builder().column("id", DataTypes.BIGINT()).build())
    json_udf = udf(reprice, result_type=DataTypes.STRING())
    elapsed = timed_job(env, lambda e: e.from_path("source").select(json_udf(call_sql(RECORD_SQL)).alias("out")))
    return rows / elapsed


def weir_built_in(rows: int) -> float:
    env = environment()
    sequence(env, rows, Schema.new_builder().column("id", DataTypes.BIGINT()).build())
    elapsed = timed_job(env, lambda e: e.from_path("source").select(call_sql(TRANSFORMED_SQL).alias("out")))
    return rows / elapsed


def weir_numpy(rows: int, bundle_size: int | None) -> float:
    env = environment(bundle_size)
    sequence(env, rows, Schema.new_builder().column("id", DataTypes.BIGINT()).build())
    plus_one = udf(lambda values: values + 1.0, result_type=DataTypes.DOUBLE(), func_type="numpy")
    elapsed = timed_job(env, lambda e: e.from_path("source").select(
        plus_one(call_sql("CAST(id AS DOUBLE)")).alias("out")))
    return rows / elapsed


class Total(AggregateFunction):
    """A running sum in a Python accumulator: the worker does next to nothing, so the rate shows
    what the engine and its worker round trips cost."""

    def create_accumulator(self) -> list[int]:
        return [0]

    def accumulate(self, accumulator: list[int], value: int) -> None:
        accumulator[0] += value

    def get_value(self, accumulator: list[int]) -> int:
        return accumulator[0]

    def get_result_type(self) -> DataTypes:
        return DataTypes.BIGINT()

    def get_accumulator_type(self) -> DataTypes:
        return DataTypes.ARRAY(DataTypes.BIGINT())


def weir_streaming_aggregate(rows: int, mini_batch: bool) -> float:
    env = environment()
    if mini_batch:
        env.get_config().set("table.exec.mini-batch.enabled", "true") \
            .set("table.exec.mini-batch.allow-latency", "1 s").set("table.exec.mini-batch.size", "10000")
    sequence(env, rows, Schema.new_builder().column("id", DataTypes.BIGINT()).build())
    total = udaf(Total())
    elapsed = timed_job(env, lambda e: e.from_path("source").add_columns((col("id") % 10).alias("k"))
                        .group_by(col("k")).select(col("k"), total(col("id")).alias("total")))
    return rows / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--bundle-sizes", default="default", help="comma-separated; 'default' is the engine's")
    parser.add_argument("--aggregate-rows", type=int, default=200_000,
                        help="rows of the streaming aggregate runs (without a mini-batch they go row by row)")
    args = parser.parse_args()
    sizes = [None if size == "default" else int(size) for size in args.bundle_sizes.split(",")]
    print(f"Python UDF benchmark: {args.rows:,} rows, parallelism 1 (one worker), "
          f"load average before: {os.getloadavg()[0]:.2f}")
    results: list[tuple[str, float, str]] = []
    results.append(("(a) floor: reprice() in a plain Python loop", floor(args.rows), "-"))
    for size in sizes:
        label = "default" if size is None else str(size)
        results.append((f"(b) Weir: JSON UDF job end to end, bundle {label}", weir_udf(args.rows, size), ""))
    results.append(("(c) Java: the same record with Weir built-ins (JSON_OBJECT, no parse)", weir_built_in(args.rows), "-"))
    for size in sizes:
        label = "default" if size is None else str(size)
        results.append((f"(d) vectorized: numpy UDF x + 1.0 on DOUBLE, bundle {label}", weir_numpy(args.rows, size), ""))
    for mini_batch in (False, True):
        how = "mini-batch 10000 rows / 1 s" if mini_batch else "no mini-batch"
        results.append((f"(e) streaming Python aggregate, 10 keys, {args.aggregate_rows:,} rows, {how}",
                        weir_streaming_aggregate(args.aggregate_rows, mini_batch), ""))
    floor_rate = results[0][1]
    print(f"| measure | rows/s | vs floor | target | met? |")
    print("|---|---|---|---|---|")
    for name, rate, _ in results:
        target, met = "-", "-"
        if name.startswith("(b)"):
            target = ">= 0.70 of (a) and >= 250k/s"
            met = "yes" if rate >= 0.7 * floor_rate and rate >= 250_000 else "no"
        elif name.startswith("(d)"):
            target = ">= 5M/s"
            met = "yes" if rate >= 5_000_000 else "no"
        print(f"| {name} | {rate / 1e3:,.0f}k | {rate / floor_rate:.2f} | {target} | {met} |")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
