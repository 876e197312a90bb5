"""Table and format descriptors, as in ``pyflink.table.table_descriptor``.

``repr()``, ``str()`` and ``to_json()`` (Weir's table descriptor JSON, the form of job specs and
``bin/weir validate``) show secrets masked: the value of a sensitive option (``password``,
``properties.sasl.jaas.config``, an option its connector or format declares sensitive) as
``******``, a URL's user info as ``******@``. ``get_options()`` gives the real values, as
does what is sent to the engine.
"""

from __future__ import annotations

import datetime
from typing import Any, Mapping

from weir._sensitive import is_sensitive, shown_value
from weir.table.schema import Schema
from weir.table.window import format_duration

__all__ = ["TableDescriptor", "FormatDescriptor", "option_text", "shown_options"]


def option_text(value: Any) -> str:
    """An option value as written in a descriptor: booleans lower-case, durations as '500 ms' etc."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.timedelta):
        return format_duration(int(value.total_seconds() * 1000))
    if isinstance(value, (list, tuple)):
        return ";".join(option_text(item) for item in value)
    if isinstance(value, Mapping):
        return ",".join(f"{key}:{option_text(item)}" for key, item in value.items())
    return str(value)


def format_prefix(format_option: str, identifier: str) -> str:
    """'format' -> 'json.', 'value.format' -> 'value.json.' (as the Java FactoryHelper scopes them)."""
    scope = format_option[:-len("format")] if format_option.endswith("format") else format_option + "."
    return scope + identifier + "."


def shown_options(connector: str, options: Mapping[str, str]) -> dict[str, str]:
    """A connector's options as shown, secrets masked: a format's options (``json.x``,
    ``value.avro-confluent.x``) by what their format declares, the others by what the connector
    declares."""
    formats = {format_prefix(key, value): value for key, value in options.items()
               if key == "format" or key.endswith(".format")}

    def sensitive(key: str) -> bool:
        return is_sensitive(key, "connector", connector) or any(
            key.startswith(prefix) and is_sensitive(key[len(prefix):], "format", identifier)
            for prefix, identifier in formats.items())

    return {key: shown_value(value, sensitive(key)) for key, value in options.items()}


class FormatDescriptor:
    """A format and its options: ``FormatDescriptor.for_format('csv').option('field-delimiter', ';').build()``."""

    def __init__(self, format: str, options: Mapping[str, str]) -> None:
        self._format = format
        self._options = dict(options)

    @staticmethod
    def for_format(format: str) -> FormatDescriptor.Builder:
        return FormatDescriptor.Builder(format)

    def get_format(self) -> str:
        return self._format

    def get_options(self) -> dict[str, str]:
        return dict(self._options)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FormatDescriptor) and (self._format, self._options) == (other._format, other._options)

    def __hash__(self) -> int:
        return hash((self._format, tuple(sorted(self._options.items()))))

    def __repr__(self) -> str:
        shown = {key: shown_value(value, is_sensitive(key, "format", self._format))
                 for key, value in self._options.items()}
        return f"FormatDescriptor({self._format!r}, {shown!r})"

    class Builder:
        def __init__(self, format: str) -> None:
            self._format = format
            self._options: dict[str, str] = {}

        def option(self, key: str, value: Any) -> FormatDescriptor.Builder:
            self._options[key] = option_text(value)
            return self

        def build(self) -> FormatDescriptor:
            return FormatDescriptor(self._format, self._options)


class TableDescriptor:
    """A table: connector, schema, options, partition keys and comment.

    ``TableDescriptor.for_connector('datagen').schema(...).option('rows-per-second', 10).build()``
    """

    def __init__(self, connector: str, schema: Schema | None, options: Mapping[str, str],
                 partition_keys: list[str], comment: str | None) -> None:
        self._connector = connector
        self._schema = schema
        self._options = dict(options)
        self._partition_keys = list(partition_keys)
        self._comment = comment

    @staticmethod
    def for_connector(connector: str) -> TableDescriptor.Builder:
        return TableDescriptor.Builder(connector)

    def get_connector(self) -> str:
        return self._connector

    def get_schema(self) -> Schema | None:
        return self._schema

    def get_options(self) -> dict[str, str]:
        """Every option, ``connector`` included, as in PyFlink."""
        return {"connector": self._connector, **self._options}

    def get_partition_keys(self) -> list[str]:
        return list(self._partition_keys)

    def get_comment(self) -> str | None:
        return self._comment

    def to_builder(self) -> TableDescriptor.Builder:
        """A builder holding this descriptor, to add options to a typed builder's result."""
        builder = TableDescriptor.Builder(self._connector)
        builder._schema = self._schema
        builder._options = dict(self._options)
        builder._partition_keys = list(self._partition_keys)
        builder._comment = self._comment
        return builder

    def to_json(self) -> dict[str, Any]:
        """The descriptor JSON with secrets masked (see the module's doc)."""
        return self._json(self._shown_options())

    def _wire_json(self) -> dict[str, Any]:
        """The descriptor JSON with the real values, for the engine only."""
        return self._json(self._options)

    def _json(self, options: Mapping[str, str]) -> dict[str, Any]:
        node: dict[str, Any] = {"connector": self._connector}
        if self._schema is not None:
            node["schema"] = self._schema.to_json()
        node["options"] = dict(options)
        if self._partition_keys:
            node["partitionedBy"] = list(self._partition_keys)
        if self._comment is not None:
            node["comment"] = self._comment
        return node

    def _shown_options(self) -> dict[str, str]:
        return shown_options(self._connector, self._options)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TableDescriptor) and self._wire_json() == other._wire_json()

    def __hash__(self) -> int:
        return hash(repr(self._wire_json()))

    def __str__(self) -> str:
        schema = f"{self._schema}\n" if self._schema is not None else ""
        partitions = ("PARTITIONED BY (" + ", ".join(f"`{k}`" for k in self._partition_keys) + ")\n"
                      if self._partition_keys else "")
        comment = f"COMMENT '{self._comment}'\n" if self._comment is not None else ""
        shown = {"connector": self._connector, **self._shown_options()}
        options = ",\n".join(f"  '{k}' = '{v}'" for k, v in shown.items())
        return f"{schema}{comment}{partitions}WITH (\n{options}\n)"

    def __repr__(self) -> str:
        return f"TableDescriptor({self.to_json()!r})"

    class Builder:
        def __init__(self, connector: str) -> None:
            self._connector = connector
            self._schema: Schema | None = None
            self._options: dict[str, str] = {}
            self._partition_keys: list[str] = []
            self._comment: str | None = None

        def schema(self, schema: Schema) -> TableDescriptor.Builder:
            self._schema = schema
            return self

        def option(self, key: str, value: Any) -> TableDescriptor.Builder:
            if key == "connector":
                self._connector = option_text(value)
            else:
                self._options[key] = option_text(value)
            return self

        def format(self, format: str | FormatDescriptor, format_option: str | None = None) -> TableDescriptor.Builder:
            """Sets the format (option ``format``, or ``format_option`` such as ``value.format``); a
            FormatDescriptor's options go under the format's prefix (``json.fail-on-missing-field``)."""
            key = format_option or "format"
            if isinstance(format, str):
                self._options[key] = format
                return self
            self._options[key] = format.get_format()
            prefix = format_prefix(key, format.get_format())
            for option_key, value in format.get_options().items():
                self._options[prefix + option_key] = value
            return self

        def partitioned_by(self, *partition_keys: str) -> TableDescriptor.Builder:
            self._partition_keys = list(partition_keys)
            return self

        def comment(self, comment: str) -> TableDescriptor.Builder:
            self._comment = comment
            return self

        def build(self) -> TableDescriptor:
            return TableDescriptor(self._connector, self._schema, self._options, self._partition_keys, self._comment)
