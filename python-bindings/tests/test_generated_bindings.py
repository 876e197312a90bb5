"""The committed modules in weir/connectors and weir/formats are current, and work."""

import json
from pathlib import Path

import pytest

import weir
from weir._bindings import generator
from weir._bindings.catalog import SNAPSHOT, live_catalog, load_snapshot
from weir.connectors import datagen, elasticsearch, filesystem, kafka, pulsar, upsert_kafka
from weir.errors import ValidationException, WeirException
from weir.formats import avro, avro_confluent, csv, json as json_format
from weir.table import DataTypes, Schema, TableDescriptor
from weir.table.expressions import col

PACKAGE = Path(weir.__file__).resolve().parent
REGENERATE = "python -m weir bindings (from python-bindings/, with PYTHONPATH=src)"
# Weir's connectors and formats beyond the built-in ones, which the catalog must include.
RESOLVED_FACTORIES = {"kafka", "upsert-kafka", "elasticsearch", "pulsar", "avro", "avro-confluent"}


def test_generated_files_match_the_committed_catalog():
    stale = generator.stale_files(load_snapshot(), PACKAGE)
    assert stale == [], f"Generated bindings are stale: {stale}. Regenerate with: {REGENERATE}"


def test_no_leftover_modules_of_removed_factories():
    expected = set(generator.generated_files(load_snapshot()))
    present = {f"{kind}/{path.name}" for kind in ("connectors", "formats")
               for path in (PACKAGE / kind).glob("*.py*")
               if generator.GENERATED_MARK in path.read_text(encoding="utf-8")}
    assert present <= expected, f"Remove or regenerate: {sorted(present - expected)}"


def test_committed_catalog_matches_the_engine_jars(engine):
    """Offline: Weir's artifacts come from ~/.m2, where building the gateway with -am installs them."""
    try:
        live = live_catalog(offline=True)
    except WeirException as error:
        pytest.skip(f"the gateway cannot produce the catalog yet: {error}")
    assert RESOLVED_FACTORIES <= {factory["identifier"] for factory in live["factories"]}
    assert live == load_snapshot(), f"The catalog changed: regenerate with {REGENERATE} and commit the result"
    assert SNAPSHOT.read_text(encoding="utf-8") == json.dumps(live, indent=2, sort_keys=True) + "\n"


SCHEMA = Schema.new_builder().column("id", DataTypes.BIGINT()).column("name", DataTypes.STRING()).build()


def test_datagen_builder_gives_the_descriptor_the_untyped_style_gives():
    typed = datagen.descriptor(SCHEMA, rows_per_second=5, number_of_rows=10, fields_kind={"id": "sequence"},
                               fields_start={"id": 1}, fields_end={"id": 10}, fields_length={"name": 4})
    untyped = (TableDescriptor.for_connector("datagen").schema(SCHEMA)
               .option("fields.id.end", 10).option("fields.id.kind", "sequence").option("fields.id.start", 1)
               .option("fields.name.length", 4).option("number-of-rows", 10).option("rows-per-second", 5).build())
    assert typed == untyped


def test_filesystem_builder_nests_a_typed_format():
    descriptor = filesystem.descriptor(SCHEMA, path="/tmp/out", format=csv.descriptor(field_delimiter=";"),
                                       partitioned_by=["name"])
    assert descriptor.get_options() == {"connector": "filesystem", "path": "/tmp/out", "format": "csv",
                                        "csv.field-delimiter": ";"}
    assert descriptor.get_partition_keys() == ["name"]
    assert json_format.descriptor(ignore_parse_errors=True).get_options() == {"ignore-parse-errors": "true"}


def test_typed_builders_check_locally():
    with pytest.raises(ValidationException, match="Did you mean 'rows_per_second'"):
        datagen.descriptor(SCHEMA, rows_per_secnod=5)
    with pytest.raises(ValidationException, match="missing required option 'path'"):
        filesystem.descriptor(SCHEMA, format="json")
    with pytest.raises(ValidationException, match="rows_per_second \\(option 'rows-per-second'\\) expects int"):
        datagen.descriptor(SCHEMA, rows_per_second="fast")
    with pytest.raises(ValidationException, match="Invalid value 'zigzag' for option 'fields.id.kind'"):
        datagen.descriptor(SCHEMA, fields_kind={"id": "zigzag"})


def test_typed_and_untyped_styles_mix_in_one_job(table_env, engine):
    source = datagen.descriptor(SCHEMA, fields_kind={"id": "sequence"}, fields_start={"id": 1},
                                fields_end={"id": 3}, fields_length={"name": 2})
    table_env.create_temporary_table("gen", source.to_builder().option("rows-per-second", 100).build())
    rows = table_env.from_path("gen").select(col("id")).execute().collect()
    with rows:
        assert [row.id for row in rows] == [1, 2, 3]


def test_builders_of_resolved_connectors_give_ordinary_descriptors_with_template_options():
    source = kafka.descriptor(SCHEMA, properties_bootstrap_servers="broker:9092", topic="orders",
                              properties={"security.protocol": "SSL"}, scan_startup_mode="earliest-offset",
                              value_format=avro_confluent.descriptor(url="http://registry:8081"))
    assert isinstance(source, TableDescriptor)
    assert source.get_options() == {
        "connector": "kafka", "properties.bootstrap.servers": "broker:9092", "topic": "orders",
        "properties.security.protocol": "SSL", "scan.startup.mode": "earliest-offset",
        "value.format": "avro-confluent", "value.avro-confluent.url": "http://registry:8081"}
    upsert = upsert_kafka.descriptor(SCHEMA, properties_bootstrap_servers="b:9092", topic="t", key_format="json",
                                     value_format=avro.descriptor(codec="deflate"))
    assert upsert.get_options()["key.format"] == "json" and upsert.get_options()["value.avro.codec"] == "deflate"
    index = elasticsearch.descriptor(SCHEMA, hosts="http://es:9200", index="orders", format="json")
    assert index.get_options()["connector"] == "elasticsearch"
    topic = pulsar.descriptor(SCHEMA, service_url="pulsar://p:6650", topics="t", format="json",
                              pulsar_client={"operationTimeoutMs": "5000"})
    assert topic.get_options()["pulsar.client.operationTimeoutMs"] == "5000"
    with pytest.raises(ValidationException, match="missing required option 'properties.bootstrap.servers'"):
        kafka.descriptor(SCHEMA, topic="orders")
    with pytest.raises(ValidationException, match="Did you mean 'scan_startup_mode'"):
        kafka.descriptor(SCHEMA, properties_bootstrap_servers="b:9092", scan_startup_mdoe="latest-offset")
