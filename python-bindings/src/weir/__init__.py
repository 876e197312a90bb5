"""Weir: connectors, formats and a compact streaming engine, with PyFlink's Table API in Python.

Start with :mod:`weir.table`; typed connector and format builders are in :mod:`weir.connectors`
and :mod:`weir.formats`; pytest fixtures in :mod:`weir.testing`.
"""

from weir.errors import (GatewayError, JavaException, JavaNotFoundError, PythonFunctionException, StdoutClosed,
                         TableException, ValidationException, WeirException)

__version__ = "0.1.0.dev0"

__all__ = ["GatewayError", "JavaException", "JavaNotFoundError", "PythonFunctionException", "StdoutClosed",
           "TableException", "ValidationException", "WeirException", "__version__"]
