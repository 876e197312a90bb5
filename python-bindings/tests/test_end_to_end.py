"""Runs through the real engine JVM (skipped, with the reason, while its jars are not built)."""

import datetime
import decimal
import json
import logging
from pathlib import Path

import pytest

from weir.errors import JavaException, ValidationException
from weir.table import DataTypes, FormatDescriptor, JobStatus, Row, RowKind, Schema, TableDescriptor
from weir.table.expressions import col, lit
from weir.table.window import Tumble
from weir.testing import collect_rows, final_rows, sorted_rows

pytestmark = pytest.mark.usefixtures("engine")


def test_from_elements_filter_select_collect(table_env):
    people = table_env.from_elements([(1, "alice", decimal.Decimal("10.50")), (2, "bob", None), (3, "carol", None)],
                                     ["id", "name", "balance"])
    result = people.filter(col("id") >= 2).select(col("id"), col("name").upper_case.alias("name"),
                                                  col("balance").is_null.alias("empty"))
    rows = collect_rows(result)
    assert rows == [Row(2, "BOB", True), Row(3, "CAROL", True)]
    assert rows[0].name == "BOB" and rows[0].get_row_kind() is RowKind.INSERT


def test_values_of_every_common_type_round_trip(batch_table_env):
    row_type = DataTypes.ROW([
        DataTypes.FIELD("amount", DataTypes.DECIMAL(10, 2)), DataTypes.FIELD("day", DataTypes.DATE()),
        DataTypes.FIELD("at", DataTypes.TIMESTAMP(3)), DataTypes.FIELD("tags", DataTypes.ARRAY(DataTypes.STRING())),
        DataTypes.FIELD("raw", DataTypes.BYTES())])
    values = (decimal.Decimal("12.34"), datetime.date(2024, 1, 31), datetime.datetime(2024, 1, 31, 12, 0, 1, 500000),
              ["a", "b"], b"\x00\x01")
    assert collect_rows(batch_table_env.from_elements([values], row_type)) == [Row(*values)]


def test_group_by_in_streaming_mode_emits_a_changelog(table_env):
    orders = table_env.from_elements([("a", 1), ("b", 2), ("a", 3)], ["customer", "amount"])
    rows = collect_rows(orders.group_by(col("customer")).select(col("customer"), col("amount").sum.alias("total")))
    assert sorted_rows(final_rows(rows)) == [Row("a", 4), Row("b", 2)]
    assert any(row.get_row_kind() is RowKind.UPDATE_AFTER for row in rows)


def test_datagen_expressions_tumbling_window_collect(table_env):
    table_env.create_temporary_table("orders", TableDescriptor.for_connector("datagen")
                                     .schema(Schema.new_builder()
                                             .column("id", DataTypes.BIGINT())
                                             .column("amount", DataTypes.INT())
                                             .column("ts", DataTypes.TIMESTAMP_LTZ(3))
                                             .watermark("ts", "ts - INTERVAL '1' SECOND")
                                             .build())
                                     .option("rows-per-second", 200)
                                     .option("fields.id.kind", "sequence")
                                     .option("fields.id.start", 1)
                                     .option("fields.id.end", 400)
                                     .option("fields.amount.min", 1)
                                     .option("fields.amount.max", 10)
                                     .build())
    even = (table_env.from_path("orders")
            .filter(col("id") % 2 == 0)
            .add_columns((col("amount") * 10).alias("cents")))
    windows = (even.window(Tumble.over(lit(1).seconds).on(col("ts")).alias("w"))
               .group_by(col("w"))
               .select(col("w").start.alias("window_start"), col("w").end.alias("window_end"),
                       col("id").count.alias("orders"), col("cents").sum.alias("cents")))
    rows = collect_rows(windows)
    assert sum(row.orders for row in rows) == 200
    assert all(row.window_end - row.window_start == datetime.timedelta(seconds=1) for row in rows)
    assert all(10 * row.orders <= row.cents <= 100 * row.orders for row in rows)
    assert len({row.window_start for row in rows}) == len(rows) >= 2


def test_files_transform_files(batch_table_env, tmp_path: Path):
    source_dir = tmp_path / "in"
    source_dir.mkdir()
    (source_dir / "orders.json").write_text("\n".join(json.dumps(order) for order in [
        {"id": 1, "customer": "alice", "amount": 30}, {"id": 2, "customer": "bob", "amount": 5},
        {"id": 3, "customer": "carol", "amount": 12}]) + "\n")
    schema = (Schema.new_builder().column("id", DataTypes.BIGINT()).column("customer", DataTypes.STRING())
              .column("amount", DataTypes.INT()).build())
    batch_table_env.create_temporary_table("orders", TableDescriptor.for_connector("filesystem").schema(schema)
                                           .option("path", str(source_dir)).format("json").build())
    out_dir = tmp_path / "out"
    sink = (TableDescriptor.for_connector("filesystem")
            .schema(Schema.new_builder().column("customer", DataTypes.STRING()).column("amount", DataTypes.INT())
                    .build())
            .option("path", str(out_dir))
            .format(FormatDescriptor.for_format("csv").option("field-delimiter", ";").build())
            .build())
    result = (batch_table_env.from_path("orders")
              .filter(col("amount") >= 10)
              .select(col("customer").upper_case.alias("customer"), col("amount"))
              .execute_insert(sink))
    client = result.get_job_client()
    status = client.wait(300_000)  # generous: it only guards against a hang
    if status is JobStatus.RUNNING:
        client.cancel()
    assert status is JobStatus.FINISHED, f"the bounded filesystem job is still {status.name} after 300 s"
    written = sorted(line for path in out_dir.rglob("*") if path.is_file() and not path.name.startswith(".")
                     for line in path.read_text().splitlines() if line)
    assert written == ["ALICE;30", "CAROL;12"]


def test_unknown_option_is_refused_with_the_closest_one(table_env):
    descriptor = (TableDescriptor.for_connector("datagen")
                  .schema(Schema.new_builder().column("id", DataTypes.BIGINT()).build())
                  .option("rows-per-secnd", 5).build())
    with pytest.raises(ValidationException) as raised:
        table_env.create_temporary_table("gen", descriptor)
    assert "unknown option 'rows-per-secnd'. Did you mean 'rows-per-second'?" in str(raised.value)
    assert "ValidationException" in raised.value.java_trace


def test_missing_required_and_malformed_options_are_all_reported(table_env):
    descriptor = (TableDescriptor.for_connector("filesystem")
                  .schema(Schema.new_builder().column("id", DataTypes.BIGINT()).build())
                  .option("format", "json")
                  .option("sink.rolling-policy.file-size", "lots").build())
    with pytest.raises(ValidationException) as raised:
        table_env.create_temporary_table("files", descriptor)
    problems = " ".join(raised.value.problems)
    assert "missing required option 'path'" in problems
    assert "Invalid value 'lots' for option 'sink.rolling-policy.file-size'" in problems


def test_unknown_connector_is_a_validation_error(table_env):
    with pytest.raises(ValidationException, match="datagen"):
        table_env.create_temporary_table("x", TableDescriptor.for_connector("datagn").build())


def test_bad_expressions_fail_before_running(table_env):
    table = table_env.from_elements([(1,)], ["a"]).select(col("b") + 1)
    with pytest.raises(ValidationException, match="b"):
        table.execute()


def test_a_failing_job_raises_with_the_java_cause(table_env):
    table = table_env.from_elements([(1,), (0,)], ["a"]).select((lit(10) / col("a")).alias("q"))
    with pytest.raises((JavaException, ValidationException)) as raised:
        collect_rows(table)
    assert "zero" in str(raised.value).lower() or "/" in str(raised.value)


def test_print_connector_writes_to_python_stdout(table_env, capsys):
    (table_env.from_elements([(1, "x")], ["id", "v"])
     .execute_insert(TableDescriptor.for_connector("print").build())
     .wait())
    assert "+I[1, x]" in capsys.readouterr().out


def test_table_result_print(batch_table_env, capsys):
    batch_table_env.from_elements([(1, "x")], ["id", "v"]).execute().print()
    out = capsys.readouterr().out
    assert "| id | v |" in out.replace("  ", " ") or "id" in out
    assert "1 row in set" in out


def test_closing_collect_cancels_an_unbounded_job(table_env):
    table_env.create_temporary_table("endless", TableDescriptor.for_connector("datagen")
                                     .schema(Schema.new_builder().column("id", DataTypes.BIGINT()).build())
                                     .option("rows-per-second", 50).build())
    result = table_env.from_path("endless").execute()
    with result.collect() as rows:
        first = [next(rows) for _ in range(3)]
    assert len(first) == 3
    assert result.get_job_client().wait(120_000).value in ("CANCELED", "FINISHED")  # the bound only guards a hang


def test_explain_shows_the_plan(table_env):
    assert "Filter" in table_env.from_elements([(1,)], ["a"]).filter(col("a") > 0).explain()


def test_jvm_log_records_reach_python_logging(table_env, caplog):
    with caplog.at_level(logging.INFO, logger="weir.jvm"):
        result = table_env.from_elements([(1,)], ["a"]).execute_insert(
            TableDescriptor.for_connector("print").build())
        result.wait()
        job_id = result.get_job_client().get_job_id()
        messages = [record.getMessage() for record in caplog.records if record.name == "weir.jvm"]
    assert any(job_id in message and "started" in message for message in messages)


def test_alias_renames_every_column_and_print_schema_shows_them(table_env, capsys):
    table = table_env.from_elements([(1, "a")], ["id", "name"]).alias("key", "label")
    assert [tuple(row) for row in table.select(col("key"), col("label")).execute().collect()] == [(1, "a")]
    table.print_schema()
    assert capsys.readouterr().out == "(\n  `key` BIGINT,\n  `label` STRING\n)\n"
    with pytest.raises(ValidationException, match=r"alias\(\) got 1 names \['only'\] for 2 columns"):
        table.alias("only")


def test_each_sources_counts_show_what_the_bad_record_policy_took_out(batch_table_env, tmp_path, caplog):
    data = tmp_path / "in"
    data.mkdir()
    (data / "rows.csv").write_bytes(b"1,a\n2,\xff\xfe\n3,c\n")
    source = (TableDescriptor.for_connector("filesystem")
              .schema(Schema.new_builder().column("id", DataTypes.BIGINT()).column("name", DataTypes.STRING()).build())
              .option("path", str(data)).option("format", "csv").option("scan.bad-records.policy", "skip").build())
    with caplog.at_level(logging.INFO, logger="weir.jvm"):
        result = batch_table_env.from_descriptor(source).execute_insert(TableDescriptor.for_connector("blackhole").build())
        result.wait()
    [counts] = result.get_job_client().get_source_counts()
    assert (counts.read, counts.emitted, counts.skipped, counts.dead_lettered) == (3, 2, 1, 0)
    warnings = [r.getMessage() for r in caplog.records if r.name == "weir.jvm" and r.levelno == logging.WARNING]
    assert any("Job FINISHED" in message and "3 read, 2 emitted, 1 skipped" in message for message in warnings)
