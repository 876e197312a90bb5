"""Row and RowKind, as in ``pyflink.common``."""

from weir.common.types import Row, RowKind

__all__ = ["Row", "RowKind"]
