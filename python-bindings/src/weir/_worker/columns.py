"""The columnar batch encoding shared with the engine (``dev.weir.engine.python.ColumnCodec``).

Every buffer starts at a multiple of 8 bytes from the start of the frame payload. A column is an
8-byte header (byte 0: 1 when a validity bitmap follows, 0 when no value is null), the bitmap
(``ceil(n / 8)`` bytes, least significant bit first, 1 = valid), then its values:

* fixed width, little-endian: BOOLEAN/TINYINT (1 byte), SMALLINT (2), INT/DATE (epoch days)/TIME
  (millisecond of the day)/FLOAT (4), BIGINT/DOUBLE/TIMESTAMP/TIMESTAMP_LTZ (epoch microseconds) (8);
* STRING, BYTES and DECIMAL (its plain text): ``n + 1`` int32 offsets, then the UTF-8 bytes;
* ARRAY: ``n + 1`` int32 offsets into the element column, which follows;
* MAP: ``n + 1`` int32 offsets into the key column, which follows, then the value column (as
  long as the key column); a map's entries are in its iteration order;
* ROW: one column per field, in order.

Decoding wraps the received bytes with ``np.frombuffer`` (no copy); encoding returns a list of
buffers for one ``writev``.
"""

from __future__ import annotations

import datetime
import decimal
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from weir.common.types import Row

FIXED_DTYPES: dict[str, np.dtype[Any]] = {
    "BOOLEAN": np.dtype(np.bool_), "TINYINT": np.dtype("<i1"), "SMALLINT": np.dtype("<i2"),
    "INT": np.dtype("<i4"), "BIGINT": np.dtype("<i8"), "FLOAT": np.dtype("<f4"), "DOUBLE": np.dtype("<f8"),
    "DATE": np.dtype("<i4"), "TIME": np.dtype("<i4"), "TIMESTAMP": np.dtype("<i8"), "TIMESTAMP_LTZ": np.dtype("<i8"),
}
VARIABLE_WIDTH = frozenset({"VARCHAR", "BYTES", "DECIMAL"})
INTEGER_ROOTS = frozenset({"TINYINT", "SMALLINT", "INT", "BIGINT"})
_EPOCH = datetime.datetime(1970, 1, 1)
_EPOCH_UTC = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
_EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()
_ZERO_PADDING = bytes(8)
_NO_NULLS_HEADER = bytes(8)
_NULLS_HEADER = b"\x01" + bytes(7)


def padding(length: int) -> int:
    return -length % 8


@dataclass
class Column:
    """A decoded column: ``values`` is an ndarray (fixed width), offsets + ``data`` (variable
    width), offsets + ``element`` (ARRAY), offsets + ``map_keys`` and ``map_values`` (MAP) or
    ``fields`` (ROW); ``valid`` is None without nulls."""

    type: dict[str, Any]
    length: int
    valid: np.ndarray | None
    values: np.ndarray | None = None
    offsets: np.ndarray | None = None
    data: memoryview | None = None
    element: Column | None = None
    map_keys: Column | None = None
    map_values: Column | None = None
    fields: list[Column] | None = None


def read_column(buffer: memoryview, position: int, length: int, data_type: dict[str, Any]) -> tuple[Column, int]:
    """Decodes one column starting at ``position``; returns it and the position after it."""
    has_nulls = buffer[position] == 1
    position += 8
    valid = None
    if has_nulls:
        bitmap_bytes = (length + 7) // 8
        bits = np.frombuffer(buffer, np.uint8, bitmap_bytes, position)
        valid = np.unpackbits(bits, bitorder="little", count=length).view(np.bool_)
        position += bitmap_bytes + padding(bitmap_bytes)
    root = data_type["root"]
    column = Column(data_type, length, valid)
    if root in FIXED_DTYPES:
        dtype = FIXED_DTYPES[root]
        column.values = np.frombuffer(buffer, dtype, length, position)
        size = length * dtype.itemsize
        return column, position + size + padding(size)
    if root in VARIABLE_WIDTH or root in ("ARRAY", "MAP"):
        column.offsets = np.frombuffer(buffer, "<i4", length + 1, position)
        position += 4 * (length + 1) + padding(4 * (length + 1))
        end = int(column.offsets[-1])
        if root == "ARRAY":
            column.element, position = read_column(buffer, position, end, data_type["element"])
            return column, position
        if root == "MAP":
            column.map_keys, position = read_column(buffer, position, end, data_type["key"])
            column.map_values, position = read_column(buffer, position, end, data_type["value"])
            return column, position
        column.data = buffer[position:position + end]
        return column, position + end + padding(end)
    if root == "ROW":
        column.fields = []
        for field in data_type["fields"]:
            child, position = read_column(buffer, position, length, field["type"])
            column.fields.append(child)
        return column, position
    raise ValueError(f"Python functions do not support the type {root}")


def to_python(column: Column) -> list[Any]:
    """The column as Python values (PyFlink's conversions), None for nulls."""
    root = column.type["root"]
    if root in FIXED_DTYPES:
        assert column.values is not None
        values = column.values.tolist()
        if root == "DATE":
            values = [datetime.date.fromordinal(_EPOCH_ORDINAL + days) for days in values]
        elif root == "TIME":
            values = [(_EPOCH + datetime.timedelta(milliseconds=millis)).time() for millis in values]
        elif root == "TIMESTAMP":
            values = [_EPOCH + datetime.timedelta(microseconds=micros) for micros in values]
        elif root == "TIMESTAMP_LTZ":
            values = [_EPOCH_UTC + datetime.timedelta(microseconds=micros) for micros in values]
    elif root in VARIABLE_WIDTH:
        values = _slices(column)
    elif root == "ARRAY":
        assert column.offsets is not None and column.element is not None
        elements = to_python(column.element)
        bounds = column.offsets.tolist()
        values = [elements[start:end] for start, end in zip(bounds, bounds[1:])]
    elif root == "MAP":
        assert column.offsets is not None and column.map_keys is not None and column.map_values is not None
        entries = list(zip(to_python(column.map_keys), to_python(column.map_values)))
        bounds = column.offsets.tolist()
        values = [dict(entries[start:end]) for start, end in zip(bounds, bounds[1:])]
    else:
        assert column.fields is not None
        names = [field["name"] for field in column.type["fields"]]
        values = []
        for field_values in zip(*(to_python(field) for field in column.fields)):
            row = Row(*field_values)
            row.set_field_names(names)
            values.append(row)
    if column.valid is not None:
        for index in np.flatnonzero(~column.valid).tolist():
            values[index] = None
    return values


def _slices(column: Column) -> list[Any]:
    assert column.offsets is not None and column.data is not None
    root = column.type["root"]
    raw = column.data.tobytes()
    starts = column.offsets[:-1].tolist()
    ends = column.offsets[1:].tolist()
    bounds = list(map(slice, starts, ends))
    if root == "BYTES":
        return list(map(raw.__getitem__, bounds))
    if raw.isascii():
        # ASCII text: byte offsets are character offsets, so one decode serves every row
        text = raw.decode("ascii")
        values: list[Any] = list(map(text.__getitem__, bounds))
    else:
        values = [raw[bound].decode("utf-8") for bound in bounds]
    if root == "DECIMAL":
        # a decimal's text is never empty: empty text is a null's placeholder
        values = [decimal.Decimal(text) if text else None for text in values]
    return values


def to_numpy(column: Column) -> np.ndarray:
    """The column as one ndarray for vectorized functions: numbers zero-copy (nulls become NaN, in
    a float64 copy for integers), DATE/TIMESTAMP as datetime64, anything else an object array."""
    root = column.type["root"]
    if root in FIXED_DTYPES:
        assert column.values is not None
        values = column.values
        if root == "DATE":
            values = values.astype("datetime64[D]")
        elif root in ("TIMESTAMP", "TIMESTAMP_LTZ"):
            values = values.view("datetime64[us]")
        if column.valid is None:
            return values
        if values.dtype.kind in "iuf":
            copy = values.astype(np.float64)
            copy[~column.valid] = np.nan
            return copy
        if values.dtype.kind in "mM":
            copy = values.copy()
            copy[~column.valid] = np.datetime64("NaT")
            return copy
    array = np.empty(column.length, dtype=object)
    array[:] = to_python(column)
    return array


class ColumnWriter:
    """Collects the buffers of columns for one frame, keeping every buffer 8-byte aligned."""

    def __init__(self) -> None:
        self.buffers: list[Any] = []
        self.size = 0

    def add(self, buffer: Any) -> None:
        length = memoryview(buffer).nbytes
        self.buffers.append(buffer)
        self.size += length
        pad = padding(length)
        if pad:
            self.buffers.append(_ZERO_PADDING[:pad])
            self.size += pad

    def write_python(self, values: Sequence[Any], data_type: dict[str, Any], what: str) -> None:
        """Encodes Python values (None for null); ``what`` names the function in type errors."""
        nulls = _null_mask(values, data_type)
        self._header(nulls)
        root = data_type["root"]
        if nulls is not None:
            values = [_placeholder(root) if value is None else value for value in values]
        try:
            if root in FIXED_DTYPES:
                self.add(_fixed_from_python(values, root))
            elif root in VARIABLE_WIDTH:
                self._variable_from_python(values, root)
            elif root == "ARRAY":
                lengths = np.fromiter(map(len, values), np.int32, len(values))
                self._offsets(lengths)
                self.write_python([item for value in values for item in value], data_type["element"], what)
            elif root == "MAP":
                lengths = np.fromiter(map(len, values), np.int32, len(values))
                self._offsets(lengths)
                self.write_python([key for value in values for key in value.keys()], data_type["key"], what)
                self.write_python([item for value in values for item in value.values()], data_type["value"], what)
            elif root == "ROW":
                for index, field in enumerate(data_type["fields"]):
                    self.write_python([_field(value, index, field["name"]) for value in values], field["type"], what)
            else:
                raise ValueError(f"Python functions do not support the type {root}")
        except (TypeError, ValueError, OverflowError, AttributeError) as error:
            raise TypeError(f"{what} returned a value that is not {_type_name(data_type)}: {error}") from error

    def write_numpy(self, values: Any, data_type: dict[str, Any], what: str) -> None:
        """Encodes an array-like result of a vectorized function. NaN and NaT are null (as a NULL
        argument arrives as NaN or NaT, and as Arrow reads pandas results), as are masked entries;
        integer results may come as floats (NULL arguments make integer columns float64), but
        only with whole values: a fraction is refused, never truncated."""
        root = data_type["root"]
        if root not in FIXED_DTYPES or isinstance(values, np.ma.MaskedArray) or _is_object(values):
            data = values.tolist() if hasattr(values, "tolist") else list(values)
            self.write_python(data, data_type, what)
            return
        array = np.asarray(values)
        missing = _missing(array)
        if root in INTEGER_ROOTS and array.dtype.kind == "f":
            present = array if missing is None else array[~missing]
            fractions = present != np.trunc(present)
            if fractions.any():
                raise TypeError(f"{what} returned a value that is not {_type_name(data_type)}: "
                                f"{present[fractions][0].item()!r} has a fraction")
        if missing is not None:
            array = array.copy()
            array[missing] = 0
        if root in ("TIMESTAMP", "TIMESTAMP_LTZ") and array.dtype.kind == "M":
            array = array.astype("datetime64[us]").view(np.int64)
        elif root == "DATE" and array.dtype.kind == "M":
            array = array.astype("datetime64[D]").view(np.int64)
        self._header(missing)
        self.add(np.ascontiguousarray(array, dtype=FIXED_DTYPES[root]))

    def _header(self, nulls: np.ndarray | None) -> None:
        if nulls is None:
            self.buffers.append(_NO_NULLS_HEADER)
            self.size += 8
            return
        self.buffers.append(_NULLS_HEADER)
        self.size += 8
        self.add(np.packbits(~nulls, bitorder="little"))

    def _offsets(self, lengths: np.ndarray) -> None:
        offsets = np.zeros(len(lengths) + 1, dtype="<i4")
        np.cumsum(lengths, out=offsets[1:])
        self.add(offsets)

    def _variable_from_python(self, values: Sequence[Any], root: str) -> None:
        if root == "BYTES":
            encoded = [bytes(value) for value in values]
        else:
            texts = values if root == "VARCHAR" else [_decimal_text(value) for value in values]
            joined = "".join(texts)
            if joined.isascii():
                self._offsets(np.fromiter(map(len, texts), np.int32, len(texts)))
                self.add(joined.encode("ascii"))
                return
            encoded = [text.encode("utf-8") for text in texts]
        self._offsets(np.fromiter(map(len, encoded), np.int32, len(encoded)))
        self.add(b"".join(encoded))


def _missing(array: np.ndarray) -> np.ndarray | None:
    """Where a float array holds NaN or a datetime64 array NaT; None when nowhere."""
    if array.dtype.kind == "f":
        missing = np.isnan(array)
    elif array.dtype.kind in "mM":
        missing = np.isnat(array)
    else:
        return None
    return missing if missing.any() else None


def _is_object(values: Any) -> bool:
    return isinstance(values, np.ndarray) and values.dtype == object


def _null_mask(values: Sequence[Any], data_type: dict[str, Any]) -> np.ndarray | None:
    if None not in values:
        return None
    if not data_type.get("nullable", True):
        raise TypeError(f"a function returned NULL for a {_type_name(data_type)} result")
    return np.fromiter((value is None for value in values), np.bool_, len(values))


def _placeholder(root: str) -> Any:
    if root in ("VARCHAR",):
        return ""
    if root == "BYTES":
        return b""
    if root == "DECIMAL":
        return decimal.Decimal(0)
    if root == "ARRAY":
        return []
    if root == "MAP":
        return {}
    if root == "ROW":
        return None
    if root == "DATE":
        return datetime.date(1970, 1, 1)
    if root == "TIME":
        return datetime.time()
    if root in ("TIMESTAMP", "TIMESTAMP_LTZ"):
        return _EPOCH
    return 0


def _field(value: Any, index: int, name: str) -> Any:
    if value is None:
        return None
    if isinstance(value, Row):
        names = value._fields
        return value[name] if names is not None and name in names else value[index]
    if isinstance(value, dict):
        return value.get(name)
    return value[index]


def _fixed_from_python(values: Sequence[Any], root: str) -> np.ndarray:
    dtype = FIXED_DTYPES[root]
    if root == "DATE":
        return np.array([value.toordinal() - _EPOCH_ORDINAL for value in values], dtype=dtype)
    if root == "TIME":
        return np.array([((value.hour * 60 + value.minute) * 60 + value.second) * 1000 + value.microsecond // 1000
                         for value in values], dtype=dtype)
    if root in ("TIMESTAMP", "TIMESTAMP_LTZ"):
        return np.array([_epoch_micros(value) for value in values], dtype=dtype)
    if root == "BOOLEAN":
        return np.array(values, dtype=dtype)
    if root in ("FLOAT", "DOUBLE"):
        return np.array(values, dtype=dtype)
    # integers: refuse floats and strings rather than truncate them silently
    array = np.array(values)
    if array.size and array.dtype.kind not in "iub":
        raise TypeError(f"got {type(values[0]).__name__} values")
    return array.astype(dtype)


def _epoch_micros(value: datetime.datetime) -> int:
    if value.tzinfo is not None:
        delta = value - _EPOCH_UTC
    else:
        delta = value - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _decimal_text(value: Any) -> str:
    if isinstance(value, float):
        value = decimal.Decimal(repr(value))
    return format(decimal.Decimal(value), "f")


def _type_name(data_type: dict[str, Any]) -> str:
    return str(data_type.get("sql", data_type["root"]))
