import datetime

import pytest

from weir.errors import ValidationException
from weir.table import DataTypes, FormatDescriptor, Schema, TableDescriptor
from weir.table._values import parse_type
from weir.table.expressions import col


def test_data_types_render_weir_sql():
    assert str(DataTypes.BIGINT()) == "BIGINT"
    assert str(DataTypes.DECIMAL(10, 2, nullable=False)) == "DECIMAL(10, 2) NOT NULL"
    assert str(DataTypes.DECIMAL(10, 2).not_null()) == "DECIMAL(10, 2) NOT NULL"
    assert str(DataTypes.STRING().not_null().nullable()) == "STRING"
    assert str(DataTypes.TIMESTAMP(3)) == "TIMESTAMP(3)"
    assert str(DataTypes.TIMESTAMP_LTZ(3)) == "TIMESTAMP_LTZ(3)"
    assert str(DataTypes.TIME()) == "TIME(0)"
    assert str(DataTypes.CHAR(3)) == "VARCHAR(3)"
    assert str(DataTypes.VARBINARY(8)) == "BYTES"
    assert str(DataTypes.ARRAY(DataTypes.INT())) == "ARRAY<INT>"
    assert str(DataTypes.MAP(DataTypes.STRING(), DataTypes.DOUBLE())) == "MAP<STRING, DOUBLE>"
    row = DataTypes.ROW([DataTypes.FIELD("id", DataTypes.BIGINT().not_null()),
                         DataTypes.FIELD("first name", DataTypes.STRING())])
    assert str(row) == "ROW<id BIGINT NOT NULL, `first name` STRING>"


def test_parse_type_reads_what_the_engine_prints():
    for text in ["BIGINT NOT NULL", "DECIMAL(10, 2)", "ROW<id BIGINT NOT NULL, `a b` ARRAY<STRING>>",
                 "MAP<STRING, TIMESTAMP(3)>", "TIMESTAMP_LTZ(3) NOT NULL"]:
        assert str(parse_type(text)) == text


def test_unsupported_types_say_what_to_use():
    with pytest.raises(ValidationException, match="MULTISET"):
        DataTypes.MULTISET(DataTypes.INT())


def test_schema_json_has_every_column_kind():
    schema = (Schema.new_builder()
              .column("id", DataTypes.BIGINT().not_null())
              .column("price", "DECIMAL(10, 2)")
              .column_by_expression("total", col("price") * 2)
              .column_by_metadata("ts", DataTypes.TIMESTAMP_LTZ(3), "timestamp", is_virtual=True)
              .column_by_metadata("offset", DataTypes.BIGINT())
              .watermark("ts", "ts - INTERVAL '5' SECOND")
              .primary_key("id")
              .build())
    assert schema.to_json() == {
        "columns": [
            {"name": "id", "type": "BIGINT NOT NULL"},
            {"name": "price", "type": "DECIMAL(10, 2)"},
            {"name": "total", "expression": "(price * 2)"},
            {"name": "ts", "type": "TIMESTAMP_LTZ(3)", "metadata": "timestamp", "virtual": True},
            {"name": "offset", "type": "BIGINT", "metadata": True},
        ],
        "watermark": {"column": "ts", "expression": "ts - INTERVAL '5' SECOND"},
        "primaryKey": ["id"],
    }
    assert schema.get_column_names() == ["id", "price", "total", "ts", "offset"]


def test_schema_build_rejects_unknown_key_columns():
    with pytest.raises(ValidationException, match="Primary key column 'nope'"):
        Schema.new_builder().column("id", DataTypes.INT()).primary_key("nope").build()
    with pytest.raises(ValidationException, match="more than once"):
        Schema.new_builder().column("id", DataTypes.INT()).column("id", DataTypes.INT()).build()


def test_table_descriptor_json_matches_descriptor_json_of_the_engine():
    descriptor = (TableDescriptor.for_connector("filesystem")
                  .schema(Schema.new_builder().column("a", DataTypes.INT()).build())
                  .option("path", "/tmp/x")
                  .option("sink.rolling-policy.rollover-interval", datetime.timedelta(minutes=5))
                  .option("source.monitor", False)
                  .format(FormatDescriptor.for_format("csv").option("field-delimiter", ";").build())
                  .partitioned_by("a")
                  .comment("orders")
                  .build())
    assert descriptor.to_json() == {
        "connector": "filesystem",
        "schema": {"columns": [{"name": "a", "type": "INT"}]},
        "options": {"path": "/tmp/x", "sink.rolling-policy.rollover-interval": "5 min",
                    "source.monitor": "false", "format": "csv", "csv.field-delimiter": ";"},
        "partitionedBy": ["a"],
        "comment": "orders",
    }
    assert descriptor.get_options()["connector"] == "filesystem"
    assert descriptor.to_builder().option("path", "/tmp/y").build().get_options()["path"] == "/tmp/y"


def test_format_under_another_format_option_is_prefixed_like_the_java_side():
    descriptor = (TableDescriptor.for_connector("kafka")
                  .format(FormatDescriptor.for_format("json").option("ignore-parse-errors", True).build(),
                          "value.format")
                  .build())
    assert descriptor.get_options() == {"connector": "kafka", "value.format": "json",
                                        "value.json.ignore-parse-errors": "true"}
