"""The generator and the builders it writes, on a small catalog made here (so these tests do not
depend on which connectors exist)."""

import ast
import datetime
import importlib.util
import inspect
import sys
from pathlib import Path

import pytest

from weir._bindings import generator
from weir._bindings.validation import check_options, closest, did_you_mean
from weir.errors import ValidationException
from weir.table import DataTypes, Schema, TableDescriptor


def option(key, type_, required=False, default=None, description="Some option.", enum_values=None, sensitive=False):
    entry = {"key": key, "type": type_, "required": required, "default": default, "description": description,
             "sensitive": sensitive, "template": "#" in key or key.endswith("*"), "fallbackKeys": [],
             "deprecatedKeys": []}
    if enum_values:
        entry["enumValues"] = enum_values
    return entry


CATALOG = {
    "catalogVersion": 1,
    "weirVersion": "0.1.0-SNAPSHOT",
    "factories": [
        {"identifier": "acme-source", "kinds": ["source", "sink"], "description": "Reads rows from Acme.",
         "className": "com.acme.AcmeFactory", "artifact": "com.acme:acme-connector", "readableMetadata": {},
         "writableMetadata": {},
         "options": [
             option("path", "STRING", required=True, description="Where the data is."),
             option("fields.#.kind", "ENUM", default="random", enum_values=["random", "sequence"]),
             option("format", "STRING"),
             option("interval", "DURATION", default="1 s"),
             option("mode", "ENUM", default="fast", enum_values=["fast", "slow"]),
             option("password", "STRING", sensitive=True),
             option("properties.*", "STRING", description="Passed to the client."),
             option("rows-per-second", "LONG", default="10"),
             option("ratio", "DOUBLE", default="0.5"),
         ]},
        {"identifier": "acme-format", "kinds": ["format"], "description": "Acme's record format.",
         "className": "com.acme.AcmeFormat", "artifact": "com.acme:acme-format",
         "options": [option("delimiter", "STRING", default=","), option("strict", "BOOLEAN", default="false")]},
    ],
}


def load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    output = tmp_path_factory.mktemp("bindings")
    generator.write(CATALOG, output)
    return output


@pytest.fixture(scope="module")
def acme(generated):
    return load(generated / "connectors" / "acme_source.py", "acme_source_bindings")


@pytest.fixture(scope="module")
def acme_format(generated):
    return load(generated / "formats" / "acme_format.py", "acme_format_bindings")


def test_one_module_and_stub_per_factory(generated):
    names = sorted(str(p.relative_to(generated)) for p in generated.rglob("*") if p.is_file())
    assert names == ["_catalog.json", "connectors/__init__.py", "connectors/acme_source.py",
                     "connectors/acme_source.pyi", "formats/__init__.py", "formats/acme_format.py",
                     "formats/acme_format.pyi"]
    for path in generated.rglob("*.py*"):
        ast.parse(path.read_text())


def test_generation_is_reproducible(generated):
    assert generator.stale_files(CATALOG, generated) == []
    assert generator.generated_files(CATALOG) == generator.generated_files(CATALOG)


def test_signature_has_typed_snake_case_arguments_with_defaults(acme):
    parameters = inspect.signature(acme.descriptor).parameters
    assert list(parameters) == ["schema", "path", "fields_kind", "format", "interval", "mode", "password",
                                "properties", "rows_per_second", "ratio", "partitioned_by", "comment"]
    assert parameters["rows_per_second"].default == 10
    assert parameters["ratio"].default == 0.5
    assert parameters["mode"].default == "fast"
    assert parameters["interval"].default == "1 s"
    assert parameters["mode"].annotation == "Literal['fast', 'slow'] | None"
    assert parameters["fields_kind"].annotation == "Mapping[str, Literal['random', 'sequence']] | None"
    assert parameters["format"].annotation == "str | FormatDescriptor | None"
    assert parameters["interval"].annotation == "str | timedelta | None"
    assert "``rows-per-second`` (long, default '10')" in acme.descriptor.__doc__
    assert "Where the data is." in acme.descriptor.__doc__


def test_stub_leaves_required_options_without_default(generated):
    stub = (generated / "connectors" / "acme_source.pyi").read_text()
    assert "    path: str,\n" in stub
    assert "    rows_per_second: int | None = ...,\n" in stub


def test_builder_returns_an_ordinary_table_descriptor(acme, acme_format):
    schema = Schema.new_builder().column("id", DataTypes.BIGINT()).build()
    descriptor = acme.descriptor(schema, path="/data", rows_per_second=5, fields_kind={"id": "sequence"},
                                 interval=datetime.timedelta(milliseconds=250), mode="fast",
                                 properties={"client.id": "me"},
                                 format=acme_format.descriptor(strict=True), comment="acme")
    assert isinstance(descriptor, TableDescriptor)
    assert descriptor.get_options() == {
        "connector": "acme-source", "path": "/data", "fields.id.kind": "sequence", "format": "acme-format",
        "acme-format.strict": "true", "interval": "250 ms", "properties.client.id": "me", "rows-per-second": "5"}
    assert descriptor.get_comment() == "acme"
    mixed = descriptor.to_builder().option("mode", "slow").build()
    assert mixed.get_options()["mode"] == "slow"


def test_misspelt_argument_names_the_closest(acme):
    with pytest.raises(ValidationException, match="unknown argument 'rows_per_secnd'. Did you mean 'rows_per_second'"):
        acme.descriptor(path="/x", rows_per_secnd=5)


def test_missing_required_option_is_named(acme):
    with pytest.raises(ValidationException, match="missing required option 'path' \\(Where the data is.\\)"):
        acme.descriptor(rows_per_second=5)


def test_wrong_python_type_is_named(acme):
    with pytest.raises(ValidationException, match="argument rows_per_second \\(option 'rows-per-second'\\) expects int"):
        acme.descriptor(path="/x", rows_per_second="fast")
    with pytest.raises(ValidationException, match="expects int, got bool"):
        acme.descriptor(path="/x", rows_per_second=True)


def test_bad_values_get_the_java_message(acme):
    with pytest.raises(ValidationException, match="Invalid value 'medium' for option 'mode': expected one of 'fast', 'slow'"):
        acme.descriptor(path="/x", mode="medium")
    with pytest.raises(ValidationException, match="expected a duration"):
        acme.descriptor(path="/x", interval="soon")


def test_sensitive_values_are_masked():
    factory = {"identifier": "x", "kinds": ["source"], "options": [option("secret", "INT", sensitive=True)]}
    assert check_options("connector 'x'", factory, {"secret": "hunter2"}) == [
        "connector 'x': Invalid value ****** for option 'secret': expected an integer, e.g. 42."]


def test_unknown_options_message_matches_the_java_factory_helper():
    factory = CATALOG["factories"][1]
    assert check_options("Table 't', format 'acme-format'", factory, {"delimter": ";"}, prefix="acme-format.") == [
        "Table 't', format 'acme-format': unknown option 'acme-format.delimter'. Did you mean "
        "'acme-format.delimiter'? Valid options: acme-format.delimiter, acme-format.strict."]


@pytest.mark.parametrize("wrong, candidates, expected", [
    ("rows-per-secnd", ["rows-per-second", "number-of-rows"], "rows-per-second"),
    ("pathh", ["path", "format"], "path"),
    ("fromat", ["format"], "format"),
    ("completely-different", ["path"], None),
])
def test_suggestions_follow_the_java_rules(wrong, candidates, expected):
    assert closest(wrong, candidates) == expected
    assert did_you_mean(wrong, candidates) == (f" Did you mean '{expected}'?" if expected else "")


def test_python_names():
    assert generator.python_name("fields.#.kind") == "fields_kind"
    assert generator.python_name("properties.*") == "properties"
    assert generator.python_name("upsert-kafka") == "upsert_kafka"
    assert generator.python_name("class") == "class_"
