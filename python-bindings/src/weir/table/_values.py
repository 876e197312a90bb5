"""Python values <-> the JSON form of job specs and results (Weir's ValueCodec): temporal values
are ISO strings, TIMESTAMP without zone, TIMESTAMP_LTZ as UTC instants, BYTES base64, DECIMAL exact
JSON numbers. Also infers SQL types of Python values, as PyFlink's ``from_elements`` does."""

from __future__ import annotations

import base64
import datetime
import decimal
import re
from typing import Any

from weir._jvm.protocol import RawJsonNumber
from weir.common.types import Row
from weir.errors import ValidationException
from weir.table.types import ArrayType, AtomicType, DataType, DataTypes, MapType, RowField, RowType


def infer_type(value: Any) -> DataType:
    """The SQL type PyFlink infers for a Python value (int -> BIGINT, float -> DOUBLE, ...)."""
    if value is None:
        return DataTypes.STRING()
    if isinstance(value, bool):
        return DataTypes.BOOLEAN()
    if isinstance(value, int):
        return DataTypes.BIGINT()
    if isinstance(value, float):
        return DataTypes.DOUBLE()
    if isinstance(value, str):
        return DataTypes.STRING()
    if isinstance(value, (bytes, bytearray)):
        return DataTypes.BYTES()
    if isinstance(value, decimal.Decimal):
        return DataTypes.DECIMAL(38, 18)
    if isinstance(value, datetime.datetime):
        return DataTypes.TIMESTAMP_LTZ(6) if value.tzinfo is not None else DataTypes.TIMESTAMP(6)
    if isinstance(value, datetime.date):
        return DataTypes.DATE()
    if isinstance(value, datetime.time):
        return DataTypes.TIME(0)
    if isinstance(value, Row):
        names = value._fields or [f"_{i + 1}" for i in range(len(value))]
        return DataTypes.ROW([DataTypes.FIELD(name, infer_type(item)) for name, item in zip(names, value)])
    if isinstance(value, (list, tuple)):
        return DataTypes.ARRAY(infer_type(next((item for item in value if item is not None), None)))
    if isinstance(value, dict):
        key, item = next(iter(value.items()), (None, None))
        return DataTypes.MAP(infer_type(key), infer_type(item))
    raise ValidationException(f"Cannot infer a SQL type for {type(value).__name__} values: pass a schema "
                              f"(a DataTypes.ROW) to from_elements.")


def to_json(value: Any, data_type: DataType) -> Any:
    """A Python value as the JSON the engine reads for a column of ``data_type``."""
    if value is None:
        return None
    if isinstance(data_type, RowType):
        values = [value[field.name] for field in data_type.fields] if isinstance(value, dict) else list(value)
        if len(values) != len(data_type.fields):
            raise ValidationException(f"Row {value!r} has {len(values)} values but the type {data_type} has "
                                      f"{len(data_type.fields)} fields.")
        return [to_json(item, field.data_type) for item, field in zip(values, data_type.fields)]
    if isinstance(data_type, ArrayType):
        return [to_json(item, data_type.element_type) for item in value]
    if isinstance(data_type, MapType):
        return {str(to_json(key, data_type.key_type)): to_json(item, data_type.value_type)
                for key, item in value.items()}
    name = data_type.type_name()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, decimal.Decimal):
        return RawJsonNumber(str(value))
    if name == "DECIMAL" and isinstance(value, (int, float)):
        return RawJsonNumber(repr(value))
    if isinstance(value, datetime.datetime):
        if name == "TIMESTAMP_LTZ":
            instant = value.astimezone(datetime.timezone.utc) if value.tzinfo else value
            return instant.replace(tzinfo=None).isoformat() + "Z"
        return value.replace(tzinfo=None).isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


def from_json(value: Any, data_type: DataType) -> Any:
    """A JSON value of a result column back to Python: Row, list, dict, Decimal, datetime, bytes."""
    if value is None:
        return None
    if isinstance(data_type, RowType):
        items = [value.get(f.name) for f in data_type.fields] if isinstance(value, dict) else value
        row = Row(*[from_json(item, field.data_type) for item, field in zip(items, data_type.fields)])
        row.set_field_names(data_type.field_names())
        return row
    if isinstance(data_type, ArrayType):
        return [from_json(item, data_type.element_type) for item in value]
    if isinstance(data_type, MapType):
        return {from_json(_parse_key(key, data_type.key_type), data_type.key_type):
                from_json(item, data_type.value_type) for key, item in value.items()}
    name = data_type.type_name()
    if name == "DECIMAL":
        return decimal.Decimal(str(value))
    if name == "BYTES":
        return base64.b64decode(value)
    if name == "DATE":
        return datetime.date.fromisoformat(value)
    if name == "TIME":
        return datetime.time.fromisoformat(value)
    if name == "TIMESTAMP":
        return datetime.datetime.fromisoformat(value.replace(" ", "T"))
    if name == "TIMESTAMP_LTZ":
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(datetime.timezone.utc)
    if name in ("FLOAT", "DOUBLE"):
        return float(value)
    return value


def _parse_key(key: str, key_type: DataType) -> Any:
    name = key_type.type_name()
    if name in ("TINYINT", "SMALLINT", "INT", "BIGINT"):
        return int(key)
    if name in ("FLOAT", "DOUBLE"):
        return float(key)
    if name == "BOOLEAN":
        return key == "true"
    return key


_TOKEN = re.compile(r"\s*(`(?:[^`]|``)*`|[A-Za-z_][A-Za-z0-9_]*|\d+|[(),<>])")


def parse_type(sql: str) -> DataType:
    """Parses Weir's SQL type text as the engine prints it (``ROW<a BIGINT, b STRING NOT NULL>``)."""
    tokens = [match.group(1) for match in _TOKEN.finditer(sql)]
    parser = _TypeParser(tokens, sql)
    data_type = parser.data_type()
    if parser.position != len(tokens):
        raise ValueError(f"Unexpected text after the type in '{sql}'")
    return data_type


class _TypeParser:
    def __init__(self, tokens: list[str], text: str) -> None:
        self.tokens = tokens
        self.text = text
        self.position = 0

    def peek(self) -> str:
        return self.tokens[self.position] if self.position < len(self.tokens) else ""

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if expected is not None and token.upper() != expected:
            raise ValueError(f"Expected '{expected}' but found '{token}' in type '{self.text}'")
        self.position += 1
        return token

    def numbers(self) -> list[int]:
        if self.peek() != "(":
            return []
        self.take("(")
        values = [int(self.take())]
        while self.peek() == ",":
            self.take(",")
            values.append(int(self.take()))
        self.take(")")
        return values

    def data_type(self) -> DataType:
        name = self.take().upper()
        result: DataType
        if name == "ARRAY":
            self.take("<")
            result = DataTypes.ARRAY(self.data_type())
            self.take(">")
        elif name == "MAP":
            self.take("<")
            key = self.data_type()
            self.take(",")
            result = DataTypes.MAP(key, self.data_type())
            self.take(">")
        elif name == "ROW":
            self.take("<")
            fields: list[RowField] = []
            while self.peek() != ">":
                field_name = self.take()
                if field_name.startswith("`"):
                    field_name = field_name[1:-1].replace("``", "`")
                fields.append(DataTypes.FIELD(field_name, self.data_type()))
                if self.peek() == ",":
                    self.take(",")
            self.take(">")
            result = DataTypes.ROW(fields)
        else:
            arguments = self.numbers()
            result = AtomicType(name + ("(" + ", ".join(map(str, arguments)) + ")" if arguments else ""))
        if self.peek().upper() == "NOT":
            self.take("NOT")
            self.take("NULL")
            return result.not_null()
        return result
