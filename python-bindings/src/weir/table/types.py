"""SQL data types with ``pyflink.table.types.DataTypes`` names.

``str(data_type)`` is Weir's SQL form, the one table descriptors and job specs carry, for example
``DataTypes.DECIMAL(10, 2).not_null()`` -> ``DECIMAL(10, 2) NOT NULL``.
"""

from __future__ import annotations

import re
from typing import Sequence

from weir.common.types import Row, RowKind
from weir.errors import ValidationException

__all__ = ["DataType", "AtomicType", "ArrayType", "MapType", "RowType", "RowField", "DataTypes",
           "Row", "RowKind"]

_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def quote_name(name: str) -> str:
    """A field name as SQL text: backquoted unless it is a plain identifier (as the Java side does)."""
    return name if _PLAIN_NAME.fullmatch(name) else "`" + name.replace("`", "``") + "`"


class DataType:
    """A SQL type. Types are immutable; ``not_null()`` and ``nullable()`` return new ones."""

    def __init__(self, nullable: bool = True) -> None:
        self._nullable = nullable

    @property
    def is_nullable(self) -> bool:
        return self._nullable

    def not_null(self) -> DataType:
        return self._with_nullability(False)

    def nullable(self) -> DataType:
        return self._with_nullability(True)

    def _with_nullability(self, nullable: bool) -> DataType:
        raise NotImplementedError

    def _base_sql(self) -> str:
        raise NotImplementedError

    def type_name(self) -> str:
        """The SQL name without parameters, e.g. ``DECIMAL``."""
        return self._base_sql().split("(")[0].split("<")[0]

    def __str__(self) -> str:
        return self._base_sql() if self._nullable else self._base_sql() + " NOT NULL"

    def __repr__(self) -> str:
        return f"DataType({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DataType) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))


class AtomicType(DataType):
    """A type without children: numbers, strings, bytes, temporal types."""

    def __init__(self, sql: str, nullable: bool = True) -> None:
        super().__init__(nullable)
        self._sql = sql

    def _with_nullability(self, nullable: bool) -> AtomicType:
        return AtomicType(self._sql, nullable)

    def _base_sql(self) -> str:
        return self._sql


class ArrayType(DataType):
    def __init__(self, element_type: DataType, nullable: bool = True) -> None:
        super().__init__(nullable)
        self.element_type = element_type

    def _with_nullability(self, nullable: bool) -> ArrayType:
        return ArrayType(self.element_type, nullable)

    def _base_sql(self) -> str:
        return f"ARRAY<{self.element_type}>"


class MapType(DataType):
    def __init__(self, key_type: DataType, value_type: DataType, nullable: bool = True) -> None:
        super().__init__(nullable)
        self.key_type = key_type
        self.value_type = value_type

    def _with_nullability(self, nullable: bool) -> MapType:
        return MapType(self.key_type, self.value_type, nullable)

    def _base_sql(self) -> str:
        return f"MAP<{self.key_type}, {self.value_type}>"


class RowField:
    """A named field of a ROW type."""

    def __init__(self, name: str, data_type: DataType, description: str | None = None) -> None:
        self.name = name
        self.data_type = data_type
        self.description = description

    def __repr__(self) -> str:
        return f"RowField({self.name!r}, {self.data_type})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RowField) and (self.name, self.data_type) == (other.name, other.data_type)

    def __hash__(self) -> int:
        return hash((self.name, self.data_type))


class RowType(DataType):
    def __init__(self, fields: Sequence[RowField], nullable: bool = True) -> None:
        super().__init__(nullable)
        self.fields = list(fields)

    def field_names(self) -> list[str]:
        return [field.name for field in self.fields]

    def field_types(self) -> list[DataType]:
        return [field.data_type for field in self.fields]

    def _with_nullability(self, nullable: bool) -> RowType:
        return RowType(self.fields, nullable)

    def _base_sql(self) -> str:
        return "ROW<" + ", ".join(f"{quote_name(f.name)} {f.data_type}" for f in self.fields) + ">"


def _unsupported(name: str, instead: str) -> ValidationException:
    return ValidationException(f"DataTypes.{name}() has no Weir equivalent yet; use {instead}.")


class DataTypes:
    """Factory methods for :class:`DataType`, named as in PyFlink."""

    @staticmethod
    def NULL() -> DataType:
        raise _unsupported("NULL", "a nullable type of the column, e.g. DataTypes.STRING()")

    @staticmethod
    def CHAR(length: int, nullable: bool = True) -> DataType:
        # Weir has no fixed-length strings: CHAR(n) is VARCHAR(n), as Weir's SQL type parser reads it.
        return AtomicType(f"VARCHAR({length})", nullable)

    @staticmethod
    def VARCHAR(length: int, nullable: bool = True) -> DataType:
        return AtomicType(f"VARCHAR({length})", nullable)

    @staticmethod
    def STRING(nullable: bool = True) -> DataType:
        return AtomicType("STRING", nullable)

    @staticmethod
    def BOOLEAN(nullable: bool = True) -> DataType:
        return AtomicType("BOOLEAN", nullable)

    @staticmethod
    def BINARY(length: int, nullable: bool = True) -> DataType:
        # Weir has one binary type, BYTES, which BINARY(n) and VARBINARY(n) map to.
        return AtomicType("BYTES", nullable)

    @staticmethod
    def VARBINARY(length: int, nullable: bool = True) -> DataType:
        return AtomicType("BYTES", nullable)

    @staticmethod
    def BYTES(nullable: bool = True) -> DataType:
        return AtomicType("BYTES", nullable)

    @staticmethod
    def DECIMAL(precision: int, scale: int, nullable: bool = True) -> DataType:
        if not 1 <= precision <= 38 or not 0 <= scale <= precision:
            raise ValidationException(f"DECIMAL({precision}, {scale}): precision must be 1 to 38 and scale "
                                      f"0 to the precision.")
        return AtomicType(f"DECIMAL({precision}, {scale})", nullable)

    @staticmethod
    def TINYINT(nullable: bool = True) -> DataType:
        return AtomicType("TINYINT", nullable)

    @staticmethod
    def SMALLINT(nullable: bool = True) -> DataType:
        return AtomicType("SMALLINT", nullable)

    @staticmethod
    def INT(nullable: bool = True) -> DataType:
        return AtomicType("INT", nullable)

    @staticmethod
    def BIGINT(nullable: bool = True) -> DataType:
        return AtomicType("BIGINT", nullable)

    @staticmethod
    def FLOAT(nullable: bool = True) -> DataType:
        return AtomicType("FLOAT", nullable)

    @staticmethod
    def DOUBLE(nullable: bool = True) -> DataType:
        return AtomicType("DOUBLE", nullable)

    @staticmethod
    def DATE(nullable: bool = True) -> DataType:
        return AtomicType("DATE", nullable)

    @staticmethod
    def TIME(precision: int = 0, nullable: bool = True) -> DataType:
        return AtomicType(f"TIME({precision})", nullable)

    @staticmethod
    def TIMESTAMP(precision: int = 6, nullable: bool = True) -> DataType:
        return AtomicType(f"TIMESTAMP({precision})", nullable)

    @staticmethod
    def TIMESTAMP_LTZ(precision: int = 6, nullable: bool = True) -> DataType:
        return AtomicType(f"TIMESTAMP_LTZ({precision})", nullable)

    @staticmethod
    def TIMESTAMP_WITH_LOCAL_TIME_ZONE(precision: int = 6, nullable: bool = True) -> DataType:
        return DataTypes.TIMESTAMP_LTZ(precision, nullable)

    @staticmethod
    def ARRAY(element_type: DataType, nullable: bool = True) -> DataType:
        return ArrayType(element_type, nullable)

    @staticmethod
    def MAP(key_type: DataType, value_type: DataType, nullable: bool = True) -> DataType:
        return MapType(key_type, value_type, nullable)

    @staticmethod
    def MULTISET(element_type: DataType, nullable: bool = True) -> DataType:
        raise _unsupported("MULTISET", "DataTypes.MAP(element_type, DataTypes.INT())")

    @staticmethod
    def ROW(row_fields: Sequence[RowField] = (), nullable: bool = True) -> DataType:
        return RowType(row_fields, nullable)

    @staticmethod
    def FIELD(name: str, data_type: DataType, description: str | None = None) -> RowField:
        return RowField(name, data_type, description)
