"""Secrets in descriptors never show: repr(), str() and to_json() mask them, and so do the typed
builders' errors; what reaches the engine keeps the real values. The rule is the Java side's."""

from __future__ import annotations

import json

import pytest

from weir._bindings.catalog import load_snapshot
from weir._jvm.gateway import get_gateway
from weir.connectors import elasticsearch, kafka
from weir.errors import ValidationException
from weir.formats import avro_confluent
from weir.table import DataTypes, FormatDescriptor, Schema, TableDescriptor

SCHEMA = Schema.new_builder().column("id", DataTypes.BIGINT()).build()
MASK = "******"
JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required username='app' password='jaas-secret';"


def renderings(descriptor: TableDescriptor) -> dict[str, str]:
    return {"repr": repr(descriptor), "str": str(descriptor), "to_json": json.dumps(descriptor.to_json())}


def kafka_with_secrets() -> TableDescriptor:
    registry = (FormatDescriptor.for_format("avro-confluent")
                .option("url", "http://registry-user:registry-secret@registry:8081")
                .option("basic-auth.user-info", "sr-user:sr-secret")
                # avro-confluent declares every properties.* option sensitive, whatever its name
                .option("properties.custom", "declared-secret")
                .build())
    return (TableDescriptor.for_connector("kafka").schema(SCHEMA)
            .option("properties.bootstrap.servers", "broker:9092")
            .option("properties.sasl.jaas.config", JAAS)
            .option("topic", "orders")
            .format(registry, "value.format")
            .build())


@pytest.mark.parametrize("rendering", ["repr", "str", "to_json"])
def test_renderings_of_a_table_descriptor_mask_secrets_and_show_the_rest(rendering):
    shown = renderings(kafka_with_secrets())[rendering]

    for secret in ("jaas-secret", "registry-secret", "sr-secret", "sr-user", "declared-secret"):
        assert secret not in shown
    assert MASK in shown
    assert "http://******@registry:8081" in shown
    for visible in ("broker:9092", "orders", "avro-confluent", "properties.sasl.jaas.config"):
        assert visible in shown


def test_to_json_masks_the_values_it_shows_and_keeps_the_descriptor_shape():
    options = kafka_with_secrets().to_json()["options"]

    assert options["properties.sasl.jaas.config"] == MASK
    assert options["value.avro-confluent.basic-auth.user-info"] == MASK
    assert options["value.avro-confluent.properties.custom"] == MASK
    assert options["value.avro-confluent.url"] == "http://******@registry:8081"
    assert options["properties.bootstrap.servers"] == "broker:9092"


def test_get_options_and_equality_use_the_real_values():
    descriptor = kafka_with_secrets()

    assert descriptor.get_options()["properties.sasl.jaas.config"] == JAAS
    other = descriptor.to_builder().option("properties.sasl.jaas.config", "another").build()
    assert descriptor != other
    assert descriptor.to_json() == other.to_json()


def test_format_descriptor_repr_masks_secrets():
    descriptor = (FormatDescriptor.for_format("avro-confluent").option("ssl.keystore.password", "ks-secret")
                  .option("url", "https://token-secret@registry").option("subject", "orders-value").build())

    shown = repr(descriptor)
    assert "ks-secret" not in shown
    assert "token-secret" not in shown
    assert "https://******@registry" in shown
    assert "orders-value" in shown
    assert descriptor.get_options()["ssl.keystore.password"] == "ks-secret"


def test_a_connector_not_in_the_catalog_is_masked_by_key_names():
    descriptor = (TableDescriptor.for_connector("acme").option("api-key", "acme-secret")
                  .option("client.password", "pw-secret").option("region", "eu").build())

    shown = str(descriptor)
    assert "acme-secret" not in shown
    assert "pw-secret" not in shown
    assert "'region' = 'eu'" in shown


def test_typed_builders_mask_in_renderings():
    descriptor = elasticsearch.descriptor(SCHEMA, hosts=["http://elastic:host-secret@es:9200"], index="orders",
                                          username="elastic", password="es-secret", api_key="key-secret",
                                          format=avro_confluent.descriptor(url="http://registry:8081",
                                                                           bearer_auth_token="bearer-secret"))

    for rendering, shown in renderings(descriptor).items():
        for secret in ("host-secret", "es-secret", "key-secret", "bearer-secret"):
            assert secret not in shown, rendering
        assert "http://******@es:9200" in shown


def test_what_is_sent_to_the_engine_keeps_the_real_values(table_env, recording_gateway):
    table_env.create_temporary_table("orders", kafka_with_secrets())
    table_env.from_path("orders").execute()

    validated = next(params for method, params in recording_gateway.requests if method == "validateDescriptor")
    submitted = next(params for method, params in recording_gateway.requests if method == "submitJob")
    assert validated["descriptor"]["options"]["properties.sasl.jaas.config"] == JAAS
    options = submitted["job"]["tables"]["orders"]["options"]
    assert options["properties.sasl.jaas.config"] == JAAS
    assert options["value.avro-confluent.url"] == "http://registry-user:registry-secret@registry:8081"


@pytest.mark.parametrize("call", [
    lambda: elasticsearch.descriptor(SCHEMA, hosts="http://es:9200", index="i", password=987654321),
    lambda: elasticsearch.descriptor(SCHEMA, hosts="http://es:9200", index="i", api_key=[987654321]),
    lambda: kafka.descriptor(SCHEMA, properties_bootstrap_servers="b:9092", topic="t",
                             properties={"sasl.jaas.config": 987654321}),
    lambda: avro_confluent.descriptor(url="http://registry:8081", ssl_keystore_password=987654321),
], ids=["password", "api-key", "properties.sasl.jaas.config", "ssl.keystore.password"])
def test_type_errors_of_typed_builders_do_not_echo_a_sensitive_value(call):
    with pytest.raises(ValidationException) as raised:
        call()

    assert "987654321" not in str(raised.value)
    assert "expects str, got " in str(raised.value)


def test_type_errors_of_typed_builders_show_other_values_with_user_info_masked():
    with pytest.raises(ValidationException) as raised:
        elasticsearch.descriptor(SCHEMA, hosts="http://es:9200", index="i", username=b"http://u:pw-secret@x")

    assert "got bytes b'http://******@x'" in str(raised.value)


def test_the_sensitive_key_rule_is_the_java_one(engine):
    """The snapshot's rule (what Python masks by) is what connector-api's SensitiveKeys says now."""
    assert get_gateway().request("sensitiveKeys") == load_snapshot()["sensitiveKeys"]


def test_repr_of_a_table_read_from_an_inline_descriptor_masks_secrets(table_env, recording_gateway):
    table = table_env.from_descriptor(kafka_with_secrets())

    assert "jaas-secret" not in repr(table)
    assert "broker:9092" in repr(table)
    assert table.to_json()["descriptor"]["options"]["properties.sasl.jaas.config"] == JAAS
