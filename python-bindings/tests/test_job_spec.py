"""Every Table operation builds the JSON job spec the engine's JobSpecJson reads."""

import datetime
import decimal
import json

import pytest

from weir._jvm.protocol import dumps
from weir.errors import ValidationException
from weir.table import DataTypes, EnvironmentSettings, Schema, TableDescriptor, TableEnvironment
from weir.table.expressions import col, lit
from weir.table.window import Session, Slide, Tumble

ORDERS = (TableDescriptor.for_connector("datagen")
          .schema(Schema.new_builder()
                  .column("id", DataTypes.BIGINT())
                  .column("customer", DataTypes.STRING())
                  .column("amount", DataTypes.DECIMAL(10, 2))
                  .column("ts", DataTypes.TIMESTAMP_LTZ(3))
                  .watermark("ts", "ts - INTERVAL '1' SECOND")
                  .build())
          .option("rows-per-second", 5)
          .build())


@pytest.fixture
def t_env(recording_gateway):
    env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    env.create_temporary_table("orders", ORDERS)
    return env


def test_registering_a_table_asks_the_engine_to_validate_it(t_env, recording_gateway):
    method, params = recording_gateway.requests[0]
    assert method == "validateDescriptor"
    assert params["name"] == "orders"
    assert params["descriptor"] == ORDERS.to_json()
    assert params["streaming"] is True


def test_spec_has_version_config_used_tables_and_pipelines(t_env):
    t_env.create_temporary_table("unused", ORDERS)
    t_env.get_config().set("parallelism.default", 2)
    spec = t_env.from_path("orders").to_job_spec()
    assert spec["version"] == 1
    assert spec["config"] == {"execution.runtime-mode": "streaming", "parallelism.default": "2"}
    assert list(spec["tables"]) == ["orders"]
    assert spec["tables"]["orders"] == ORDERS.to_json()
    assert spec["pipelines"] == [{"sink": "collect", "query": {"op": "scan", "table": "orders"}}]


def test_relational_operations_nest_as_query_nodes(t_env):
    orders = t_env.from_path("orders")
    table = (orders
             .filter(col("amount") > 10)
             .where("customer <> 'bob'")
             .add_columns((col("amount") * 2).alias("double_amount"))
             .drop_columns(col("ts"))
             .rename_columns(col("customer").alias("who"))
             .select(col("id"), orders.who.upper_case.alias("who"), "double_amount"))
    assert table.to_json() == {
        "op": "select", "expressions": ["id", "UPPER(who) AS who", "double_amount"],
        "input": {"op": "renameColumns", "renames": ["customer AS who"],
                  "input": {"op": "dropColumns", "columns": ["ts"],
                            "input": {"op": "addColumns", "expressions": ["(amount * 2) AS double_amount"],
                                      "input": {"op": "filter", "condition": "customer <> 'bob'",
                                                "input": {"op": "filter", "condition": "(amount > 10)",
                                                          "input": {"op": "scan", "table": "orders"}}}}}}}


def test_group_by_is_an_aggregate(t_env):
    table = t_env.from_path("orders").group_by(col("customer")).select(
        col("customer"), col("amount").sum.alias("total"), col("id").count.alias("n"))
    assert table.to_json() == {"op": "aggregate", "input": {"op": "scan", "table": "orders"},
                               "groupBy": ["customer"], "select": ["customer", "SUM(amount) AS total", "COUNT(id) AS n"]}


@pytest.mark.parametrize("window, expected", [
    (Tumble.over(lit(10).seconds).on(col("ts")).alias("w"),
     {"type": "tumble", "size": "10 s", "on": "ts", "alias": "w"}),
    (Slide.over(lit(1).minutes).every(lit(30).seconds).on(col("ts")).alias("w"),
     {"type": "slide", "size": "1 min", "slide": "30 s", "on": "ts", "alias": "w"}),
    (Session.with_gap(lit(1500).millis).on("ts").alias("w"),
     {"type": "session", "gap": "1500 ms", "on": "ts", "alias": "w"}),
    (Tumble.over(datetime.timedelta(hours=2)).on(col("ts")).alias("w"),
     {"type": "tumble", "size": "2 h", "on": "ts", "alias": "w"}),
])
def test_windows_render_to_window_specs(t_env, window, expected):
    table = (t_env.from_path("orders").window(window).group_by(col("w"), col("customer"))
             .select(col("customer"), col("w").start.alias("window_start"), col("amount").sum.alias("total")))
    assert table.to_json() == {"op": "windowAggregate", "input": {"op": "scan", "table": "orders"},
                               "window": expected, "groupBy": ["w", "customer"],
                               "select": ["customer", "w.start AS window_start", "SUM(amount) AS total"]}


def test_window_grouping_must_include_the_alias(t_env):
    windowed = t_env.from_path("orders").window(Tumble.over(lit(1).seconds).on(col("ts")).alias("w"))
    with pytest.raises(ValidationException, match="window alias 'w'"):
        windowed.group_by(col("customer"))


def test_window_size_must_be_an_interval(t_env):
    with pytest.raises(ValidationException, match="time interval"):
        Tumble.over(lit(10)).on(col("ts")).alias("w")


def test_union_all_flattens(t_env):
    a = t_env.from_path("orders")
    table = a.union_all(a).union_all(a)
    assert table.to_json() == {"op": "unionAll", "inputs": [{"op": "scan", "table": "orders"}] * 3}


def test_execute_insert_names_the_sink_and_includes_it(t_env, recording_gateway):
    sink = TableDescriptor.for_connector("blackhole").build()
    t_env.create_temporary_table("out", sink)
    t_env.from_path("orders").execute_insert("out")
    method, params = recording_gateway.requests[-1]
    assert method == "submitJob"
    assert params["job"]["pipelines"][0]["sink"] == {"table": "out"}
    assert sorted(params["job"]["tables"]) == ["orders", "out"]


def test_inline_sink_descriptor_and_statement_sets(t_env):
    sink = TableDescriptor.for_connector("print").build()
    statements = (t_env.create_statement_set()
                  .add_insert(sink, t_env.from_path("orders"))
                  .add_insert(sink, t_env.from_path("orders").select(col("id"))))
    spec = statements.to_job_spec()
    assert [p["sink"] for p in spec["pipelines"]] == [{"descriptor": {"connector": "print", "options": {}}}] * 2


def test_from_elements_infers_types_like_pyflink(t_env):
    table = t_env.from_elements([(1, "a", 2.5, True, decimal.Decimal("1.10"), datetime.date(2024, 1, 2))],
                                ["i", "s", "d", "b", "m", "day"])
    assert table.to_json()["schema"]["columns"] == [
        {"name": "i", "type": "BIGINT"}, {"name": "s", "type": "STRING"}, {"name": "d", "type": "DOUBLE"},
        {"name": "b", "type": "BOOLEAN"}, {"name": "m", "type": "DECIMAL(38, 18)"}, {"name": "day", "type": "DATE"}]
    # Decimals travel as exact JSON numbers, dates as ISO strings.
    assert dumps(table.to_json()["rows"]) == '[[1,"a",2.5,true,1.10,"2024-01-02"]]'


def test_from_elements_with_row_schema_and_default_names(t_env):
    row_type = DataTypes.ROW([DataTypes.FIELD("id", DataTypes.INT()), DataTypes.FIELD("tags", DataTypes.ARRAY(
        DataTypes.STRING()))])
    assert t_env.from_elements([(1, ["x"])], row_type).to_json() == {
        "op": "values", "schema": {"columns": [{"name": "id", "type": "INT"}, {"name": "tags", "type": "ARRAY<STRING>"}]},
        "rows": [[1, ["x"]]]}
    assert [c["name"] for c in t_env.from_elements([(1, 2)]).to_json()["schema"]["columns"]] == ["_1", "_2"]
    with pytest.raises(ValidationException, match="Element 1 has 1 values"):
        t_env.from_elements([(1, 2), (3,)], ["a", "b"])


def test_views_inline_their_query(t_env):
    t_env.create_temporary_view("big", t_env.from_path("orders").filter(col("amount") > 100))
    assert t_env.from_path("big").select(col("id")).to_json()["input"]["op"] == "filter"
    assert t_env.list_tables() == ["big", "orders"]


def test_unknown_tables_suggest_the_closest(t_env):
    with pytest.raises(ValidationException, match="Table 'ordres' was not found. Did you mean 'orders'?"):
        t_env.from_path("ordres")


def test_batch_mode_and_jars_settings(recording_gateway, tmp_path):
    env = TableEnvironment.create(EnvironmentSettings.in_batch_mode())
    jar = tmp_path / "acme.jar"
    env.get_config().set("pipeline.jars", f"file://{jar}")
    env.from_elements([(1,)], ["a"]).execute()
    method, params = recording_gateway.requests[-1]
    assert params["job"]["config"] == {"execution.runtime-mode": "batch"}
    assert params["jars"] == [str(jar)]


def test_spec_is_plain_json(t_env):
    spec = t_env.from_path("orders").select(col("id")).to_job_spec()
    assert json.loads(dumps(spec)) == spec


def test_sql_statements_are_refused_with_the_alternative(t_env):
    with pytest.raises(ValidationException, match="create_temporary_table"):
        t_env.execute_sql("CREATE TABLE x (a INT) WITH ('connector' = 'datagen')")
