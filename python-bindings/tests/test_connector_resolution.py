"""Connectors by name (env.add_connector) and local jars (env.add_jars, pipeline.jars), through the
real gateway. Weir's own artifacts come from ~/.m2, where building the gateway with -am installs
them; nothing here needs a network."""

from __future__ import annotations

import importlib.util
import logging
import shutil
import subprocess
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from weir.__main__ import main as weir_cli
from weir._jvm.classpath import gateway_classpath
from weir.connectors import kafka
from weir.errors import JavaException, ValidationException
from weir.formats import json as json_format
from weir.table import DataTypes, EnvironmentSettings, Schema, TableDescriptor, TableEnvironment
from weir.table.expressions import col
from weir.testing import collect_rows

SCHEMA = Schema.new_builder().column("id", DataTypes.BIGINT()).column("name", DataTypes.STRING()).build()

# A sink factory as a third party would write it: Java only, no Python.
GREETING_FACTORY = """
package org.example.greeting;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import dev.weir.api.data.Row;
import dev.weir.api.factory.FactoryHelper;
import dev.weir.api.factory.SinkFactory;
import dev.weir.api.factory.TableContext;
import dev.weir.api.sink.Sink;
import dev.weir.api.sink.SinkWriter;
import java.util.Set;

public final class GreetingTableFactory implements SinkFactory {
    static final ConfigOption<String> GREETING = ConfigOptions.key("greeting").stringType().noDefaultValue()
            .withDescription("Printed before every row.");
    static final ConfigOption<Integer> REPEAT = ConfigOptions.key("repeat").intType().defaultValue(1)
            .withDescription("How often each row is greeted.");

    @Override public String identifier() { return "greeting"; }
    @Override public String description() { return "Greets every row on standard output."; }
    @Override public Set<ConfigOption<?>> requiredOptions() { return Set.of(GREETING); }
    @Override public Set<ConfigOption<?>> optionalOptions() { return Set.of(REPEAT); }

    @Override
    public Sink createSink(TableContext context) {
        FactoryHelper helper = FactoryHelper.of(this, context);
        helper.validate();
        return new GreetingSink(context.options().get(GREETING), context.options().get(REPEAT));
    }

    record GreetingSink(String greeting, int repeat) implements Sink {
        @Override
        public SinkWriter createWriter(dev.weir.api.sink.WriterInitContext context) {
            return new SinkWriter() {
                @Override public void write(Row row) {
                    for (int i = 0; i < repeat; i++) {
                        System.out.println(greeting + " " + row.getField(1));
                    }
                }
                @Override public void flush(boolean endOfInput) { }
                @Override public void close() { }
            };
        }
    }
}
"""


@pytest.fixture
def env(engine) -> TableEnvironment:
    return TableEnvironment.create(EnvironmentSettings.in_streaming_mode())


def kafka_table(**options: object) -> TableDescriptor:
    return kafka.descriptor(SCHEMA, properties_bootstrap_servers="localhost:9092", topic="orders",
                            format=json_format.descriptor(), **options)  # type: ignore[arg-type]


def test_kafka_needs_add_connector_and_says_so(env):
    with pytest.raises(ValidationException, match=r"env.add_connector\('kafka'\)"):
        env.create_temporary_table("orders", kafka_table())


def test_add_connector_by_weir_identifier_puts_kafka_on_the_class_path(env):
    env.add_connector("kafka")
    env.create_temporary_table("orders", kafka_table(scan_startup_mode="earliest-offset"))
    # Planning creates the Kafka source through its factory (no broker is contacted).
    plan = env.from_path("orders").filter(col("id") > 1).explain()
    assert "Source[orders]" in plan and "unbounded" in plan
    # The Kafka factory itself checks the options: what the typed builder cannot know, and misspellings.
    untyped = (TableDescriptor.for_connector("kafka").schema(SCHEMA)
               .option("properties.bootstrap.servers", "localhost:9092").option("format", "json"))
    with pytest.raises(ValidationException, match="exactly one of 'topic' and 'topic-pattern'"):
        env.create_temporary_table("no_topic", untyped.build())
    with pytest.raises(ValidationException, match="Did you mean 'scan.startup.mode'"):
        env.create_temporary_table("misspelt", untyped.option("topic", "t")
                                   .option("scan.startup.mdoe", "earliest-offset").build())


def test_logs_of_a_connector_s_client_reach_python_logging(env, caplog, capfd):
    env.add_connector("kafka")
    # a broker that is not there: the Kafka admin client warns (through SLF4J) until the job gives up
    env.create_temporary_table("orders", kafka.descriptor(
        SCHEMA, properties_bootstrap_servers="localhost:1", topic="orders", format=json_format.descriptor(),
        scan_startup_mode="earliest-offset", scan_bounded_mode="latest-offset",
        properties={"default.api.timeout.ms": "2000", "request.timeout.ms": "1000"}))
    with caplog.at_level(logging.WARNING, logger="weir.jvm"), pytest.raises(
            JavaException, match=r"bootstrap servers 'localhost:1'\): Timed out waiting for a node assignment"):
        collect_rows(env.from_path("orders"))
    kafka_warnings = [r.getMessage() for r in caplog.records if r.name == "weir.jvm" and "AdminClient" in r.getMessage()]
    assert any("could not be established" in message for message in kafka_warnings), caplog.text
    assert "SLF4J" not in capfd.readouterr().err


def test_connectors_are_per_environment_and_resolved_together(env):
    env.add_connector("kafka")
    env.add_connector("avro")
    env.add_connector("kafka")
    jars = [Path(jar).name for jar in env._jars()]
    assert any(name.startswith("weir-connector-kafka-") for name in jars)
    assert any(name.startswith("avro-") for name in jars)
    assert len(jars) == len(set(jars))
    # Jars the gateway already has are left out: its class loader would always win.
    assert not any(name.startswith("weir-connector-api-") for name in jars)
    other = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    assert other._jars() == []


def test_an_unknown_identifier_suggests_the_closest(env):
    with pytest.raises(ValidationException, match=r"'kafak' is not one of Weir's connectors.*Did you mean 'kafka'"):
        env.add_connector("kafak")


def test_an_artifact_that_does_not_exist_names_it_and_where_it_was_looked_for(env, tmp_path, monkeypatch):
    monkeypatch.setenv("WEIR_CACHE_DIR", str(tmp_path / "cache"))
    empty_remote = tmp_path / "remote"
    empty_remote.mkdir()
    env.get_config().set("weir.maven.repositories", empty_remote.as_uri())
    with pytest.raises(ValidationException) as raised:
        env.add_connector("org.example.nothing:no-such-connector:1.0")
    message = str(raised.value)
    assert "org.example.nothing:no-such-connector:1.0" in message
    assert ".m2/repository" in message and str(tmp_path / "cache") in message
    assert empty_remote.as_uri() in message
    assert env._jars() == []
    with pytest.raises(ValidationException, match="not a Maven coordinate"):
        env.add_connector("org.example:only-two-parts:")


def test_maven_settings_never_reach_the_engine(env):
    env.get_config().set("weir.maven.offline", "true")
    assert "weir.maven.offline" not in env.get_config().engine_configuration()


def build_greeting_jar(directory: Path) -> Path:
    javac = shutil.which("javac")
    if javac is None:
        pytest.skip("no javac to build a connector jar with")
    api = next(jar for jar in gateway_classpath() if Path(jar).name.startswith("weir-connector-api-"))
    source = directory / "src" / "org" / "example" / "greeting" / "GreetingTableFactory.java"
    source.parent.mkdir(parents=True)
    source.write_text(GREETING_FACTORY, encoding="utf-8")
    classes = directory / "classes"
    subprocess.run([javac, "--release", "17", "-cp", api, "-d", str(classes), str(source)], check=True,
                   capture_output=True, text=True)
    jar = directory / "greeting-connector.jar"
    with zipfile.ZipFile(jar, "w") as archive:
        for compiled in classes.rglob("*.class"):
            archive.write(compiled, compiled.relative_to(classes).as_posix())
        archive.writestr("META-INF/services/dev.weir.api.factory.Factory", "org.example.greeting.GreetingTableFactory\n")
    return jar


def load_module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_add_jars_makes_a_new_factory_discoverable_and_runnable(env, tmp_path, capsys):
    jar = build_greeting_jar(tmp_path)
    greeting = TableDescriptor.for_connector("greeting").option("greeting", "hello").option("repeat", 2).build()
    with pytest.raises(ValidationException, match="No connector 'greeting'"):
        env.create_temporary_table("greet", greeting)
    env.add_jars(str(jar))
    assert env.get_config().get("pipeline.jars") == jar.as_uri()
    with pytest.raises(ValidationException, match="Did you mean 'greeting'"):
        env.create_temporary_table("bad", TableDescriptor.for_connector("greeting").option("greting", "x").build())
    env.create_temporary_table("greet", greeting)
    rows = env.from_elements([(1, "ada"), (2, "bob")], ["id", "name"])
    rows.execute_insert("greet").wait()
    printed = capsys.readouterr().out.splitlines()
    assert sorted(printed) == ["hello ada", "hello ada", "hello bob", "hello bob"]


def test_typed_bindings_for_a_third_party_jar_are_generated_without_writing_python(engine, tmp_path):
    jar = build_greeting_jar(tmp_path)
    output = tmp_path / "acme"
    assert weir_cli(["bindings", "--offline", "--jar", str(jar), "--output", str(output)]) == 0
    greeting = load_module(output / "connectors" / "greeting.py")
    descriptor = greeting.descriptor(greeting="hi", repeat=3)
    assert descriptor.get_options() == {"connector": "greeting", "greeting": "hi", "repeat": "3"}
    with pytest.raises(ValidationException, match="missing required option 'greeting'"):
        greeting.descriptor(repeat=3)
    assert "greeting: str," in (output / "connectors" / "greeting.pyi").read_text(encoding="utf-8")


def test_add_jars_refuses_a_missing_file(env, tmp_path):
    with pytest.raises(ValidationException, match="no such file"):
        env.add_jars(str(tmp_path / "missing.jar"))
