"""The row type of results and of ``from_elements`` input, with PyFlink's ``Row`` behaviour."""

from __future__ import annotations

from enum import Enum
from typing import Any, Iterator, Sequence


class RowKind(Enum):
    """The change a row stands for in a changelog."""

    INSERT = 0
    UPDATE_BEFORE = 1
    UPDATE_AFTER = 2
    DELETE = 3

    def short_string(self) -> str:
        """``+I``, ``-U``, ``+U`` or ``-D``, as Flink prints changelog rows."""
        return _SHORT_STRINGS[self]

    @staticmethod
    def from_short_string(text: str) -> RowKind:
        for kind, short in _SHORT_STRINGS.items():
            if short == text:
                return kind
        raise ValueError(f"'{text}' is not a row kind; expected one of +I, -U, +U, -D")


_SHORT_STRINGS = {RowKind.INSERT: "+I", RowKind.UPDATE_BEFORE: "-U",
                  RowKind.UPDATE_AFTER: "+U", RowKind.DELETE: "-D"}


class Row:
    """A row of values, positional (``Row(1, 'a')``) or named (``Row(id=1, name='a')``).

    Fields are read by position (``row[0]``), by name (``row['name']``, ``row.name``) or converted
    with :meth:`as_dict`. Rows returned by ``collect()`` carry their column names and row kind.
    """

    __slots__ = ("_values", "_fields", "_row_kind")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args and kwargs:
            raise ValueError("Can not use both args and kwargs to create Row")
        fields: list[str] | None = list(kwargs) if kwargs else None
        object.__setattr__(self, "_fields", fields)
        object.__setattr__(self, "_values", list(kwargs.values()) if kwargs else list(args))
        object.__setattr__(self, "_row_kind", RowKind.INSERT)

    def as_dict(self, recursive: bool = False) -> dict[str, Any]:
        """The row as ``{name: value}``; nested rows too when ``recursive``."""
        if self._fields is None:
            raise TypeError("Cannot convert a Row without field names to a dict")

        def convert(value: Any) -> Any:
            if not recursive:
                return value
            if isinstance(value, Row):
                return value.as_dict(True)
            if isinstance(value, list):
                return [convert(item) for item in value]
            if isinstance(value, dict):
                return {key: convert(item) for key, item in value.items()}
            return value

        return {name: convert(value) for name, value in zip(self._fields, self._values)}

    def get_row_kind(self) -> RowKind:
        return self._row_kind

    def set_row_kind(self, row_kind: RowKind) -> None:
        object.__setattr__(self, "_row_kind", row_kind)

    def set_field_names(self, field_names: Sequence[str]) -> None:
        if len(field_names) != len(self._values):
            raise ValueError(f"{len(field_names)} field names for a row of {len(self._values)} values")
        object.__setattr__(self, "_fields", list(field_names))

    def get_fields_by_names(self, names: Sequence[str]) -> list[Any]:
        return [self[name] for name in names]

    def __call__(self, *args: Any) -> Row:
        """A row of this row's field names holding new values: ``Person = Row('name', 'age'); Person('a', 1)``."""
        if len(args) > len(self._values):
            raise ValueError(f"Can not create Row with fields {self._values}, expected {len(self._values)} "
                             f"values but got {args}")
        row = Row(*args)
        row.set_field_names([str(name) for name in self._values[:len(args)]])
        return row

    def __getitem__(self, item: int | slice | str) -> Any:
        if isinstance(item, str):
            if self._fields is None or item not in self._fields:
                raise KeyError(item)
            return self._values[self._fields.index(item)]
        return self._values[item]

    def __setitem__(self, index: int, value: Any) -> None:
        self._values[index] = value

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        fields = object.__getattribute__(self, "_fields")
        if fields is None or name not in fields:
            raise AttributeError(name)
        return object.__getattribute__(self, "_values")[fields.index(name)]

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Row is read-only; use row[index] = value")

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __contains__(self, item: object) -> bool:
        return item in self._fields if self._fields is not None else item in self._values

    def __eq__(self, other: object) -> bool:
        # Field names are compared only when both rows have them, so that a collected row (named)
        # equals Row(1, 'a') written in a test.
        if not isinstance(other, Row):
            return NotImplemented
        if self._fields is not None and other._fields is not None and self._fields != other._fields:
            return False
        return self._row_kind == other._row_kind and self._values == other._values

    def __hash__(self) -> int:
        return hash((self._row_kind, tuple(_hashable(value) for value in self._values)))

    def __repr__(self) -> str:
        if self._fields is not None:
            return "Row(" + ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self._values)) + ")"
        return "<Row(" + ", ".join(repr(value) for value in self._values) + ")>"

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild_row, (self._values, self._fields, self._row_kind)


def _rebuild_row(values: list[Any], fields: list[str] | None, row_kind: RowKind) -> Row:
    row = Row(*values)
    if fields is not None:
        row.set_field_names(fields)
    row.set_row_kind(row_kind)
    return row


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_hashable(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((repr(key), _hashable(item)) for key, item in value.items()))
    return value
