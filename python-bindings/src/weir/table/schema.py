"""The schema of a table, as in ``pyflink.table.schema.Schema``."""

from __future__ import annotations

from typing import Any, Sequence

from weir.errors import ValidationException
from weir.table.expression import Expression
from weir.table.types import DataType, RowType

__all__ = ["Schema"]


def _sql(expression: str | Expression[Any]) -> str:
    return expression if isinstance(expression, str) else expression.to_sql()


class Schema:
    """Columns (physical, computed, metadata), an optional watermark and primary key.

    Build one with ``Schema.new_builder()``; ``to_json()`` is the ``schema`` object of Weir's
    table descriptor JSON.
    """

    def __init__(self, columns: Sequence[dict[str, Any]], watermark: dict[str, str] | None,
                 primary_key: Sequence[str]) -> None:
        self._columns = [dict(column) for column in columns]
        self._watermark = dict(watermark) if watermark else None
        self._primary_key = list(primary_key)

    @staticmethod
    def new_builder() -> Schema.Builder:
        return Schema.Builder()

    def get_column_names(self) -> list[str]:
        return [column["name"] for column in self._columns]

    def physical_row_type(self) -> list[tuple[str, str]]:
        """``(name, SQL type)`` of the physical columns, in order."""
        return [(c["name"], c["type"]) for c in self._columns if "expression" not in c and "metadata" not in c]

    def to_json(self) -> dict[str, Any]:
        node: dict[str, Any] = {"columns": [dict(column) for column in self._columns]}
        if self._watermark:
            node["watermark"] = dict(self._watermark)
        if self._primary_key:
            node["primaryKey"] = list(self._primary_key)
        return node

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Schema) and self.to_json() == other.to_json()

    def __hash__(self) -> int:
        return hash(repr(self.to_json()))

    def __str__(self) -> str:
        lines = []
        for column in self._columns:
            if "expression" in column:
                lines.append(f"  `{column['name']}` AS {column['expression']}")
            elif "metadata" in column:
                key = column["metadata"]
                from_key = f" FROM '{key}'" if isinstance(key, str) else ""
                virtual = " VIRTUAL" if column.get("virtual") else ""
                lines.append(f"  `{column['name']}` {column['type']} METADATA{from_key}{virtual}")
            else:
                lines.append(f"  `{column['name']}` {column['type']}")
        if self._watermark:
            lines.append(f"  WATERMARK FOR `{self._watermark['column']}` AS {self._watermark['expression']}")
        if self._primary_key:
            lines.append("  PRIMARY KEY (" + ", ".join(f"`{k}`" for k in self._primary_key) + ") NOT ENFORCED")
        return "(\n" + ",\n".join(lines) + "\n)"

    def __repr__(self) -> str:
        return f"Schema({self.to_json()!r})"

    class Builder:
        """Adds columns in order; ``build()`` checks names."""

        def __init__(self) -> None:
            self._columns: list[dict[str, Any]] = []
            self._watermark: dict[str, str] | None = None
            self._primary_key: list[str] = []

        def from_schema(self, unresolved_schema: Schema) -> Schema.Builder:
            self._columns.extend(dict(c) for c in unresolved_schema._columns)
            if unresolved_schema._watermark:
                self._watermark = dict(unresolved_schema._watermark)
            self._primary_key.extend(unresolved_schema._primary_key)
            return self

        def from_row_data_type(self, data_type: DataType) -> Schema.Builder:
            if not isinstance(data_type, RowType):
                raise ValidationException(f"from_row_data_type needs a ROW type, got {data_type}.")
            return self.from_fields(data_type.field_names(), data_type.field_types())

        def from_fields(self, field_names: Sequence[str], field_data_types: Sequence[DataType | str]) -> Schema.Builder:
            if len(field_names) != len(field_data_types):
                raise ValidationException(f"{len(field_names)} field names but {len(field_data_types)} types.")
            for name, data_type in zip(field_names, field_data_types):
                self.column(name, data_type)
            return self

        def column(self, column_name: str, data_type: DataType | str) -> Schema.Builder:
            self._columns.append({"name": column_name, "type": str(data_type)})
            return self

        def column_by_expression(self, column_name: str, expr: str | Expression[Any]) -> Schema.Builder:
            self._columns.append({"name": column_name, "expression": _sql(expr)})
            return self

        def column_by_metadata(self, column_name: str, data_type: DataType | str,
                               metadata_key: str | None = None, is_virtual: bool = False) -> Schema.Builder:
            column: dict[str, Any] = {"name": column_name, "type": str(data_type),
                                      "metadata": metadata_key if metadata_key is not None else True}
            if is_virtual:
                column["virtual"] = True
            self._columns.append(column)
            return self

        def watermark(self, column_name: str, watermark_expr: str | Expression[Any]) -> Schema.Builder:
            if self._watermark is not None:
                raise ValidationException("Weir supports one watermark per table; it is already declared on "
                                          f"'{self._watermark['column']}'.")
            self._watermark = {"column": column_name, "expression": _sql(watermark_expr)}
            return self

        def primary_key(self, *column_names: str) -> Schema.Builder:
            if self._primary_key:
                raise ValidationException("The primary key is already declared.")
            self._primary_key = list(column_names)
            return self

        def primary_key_named(self, constraint_name: str, *column_names: str) -> Schema.Builder:
            # Weir's descriptors carry no constraint names; the name only serves readability here.
            return self.primary_key(*column_names)

        def build(self) -> Schema:
            names = [column["name"] for column in self._columns]
            duplicates = sorted({name for name in names if names.count(name) > 1})
            if duplicates:
                raise ValidationException(f"Schema declares column(s) {', '.join(duplicates)} more than once.")
            for key in self._primary_key:
                if key not in names:
                    raise ValidationException(f"Primary key column '{key}' is not a column of the schema.")
            if self._watermark and self._watermark["column"] not in names:
                raise ValidationException(f"Watermark column '{self._watermark['column']}' is not a column "
                                          f"of the schema.")
            return Schema(self._columns, self._watermark, self._primary_key)
