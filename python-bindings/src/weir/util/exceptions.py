"""The exception names of ``pyflink.util.exceptions``."""

from weir.errors import JavaException, TableException, ValidationException, WeirException

__all__ = ["JavaException", "TableException", "ValidationException", "WeirException"]
