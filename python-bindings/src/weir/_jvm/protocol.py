"""The wire format: one JSON object per line, UTF-8, in both directions.

Requests (Python -> JVM): ``{"id": 7, "method": "submitJob", "params": {...}}``.
Responses (JVM -> Python): ``{"id": 7, "result": {...}}`` or ``{"id": 7, "error": {...}}``.
Events (JVM -> Python, no id): ``{"event": "log", ...}`` and ``{"event": "stdout", "text": "..."}``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from weir.errors import JavaException, PythonFunctionException, ValidationException

PROTOCOL_VERSION = 1


class RawJsonNumber(str):
    """Decimal text to be written as a bare JSON number by :func:`dumps`, so it stays exact."""

_RAW_NUMBER_MARK = "\u0000raw-number:"
_RAW_NUMBER = re.compile(r'"\\u0000raw-number:([^"]*)"')


def dumps(message: Any) -> str:
    """JSON on one line; decimals stay exact (written as bare numbers, not floats)."""

    def mark(value: Any) -> Any:
        if isinstance(value, RawJsonNumber):
            return _RAW_NUMBER_MARK + str(value)
        if isinstance(value, dict):
            return {key: mark(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [mark(item) for item in value]
        return value

    return _RAW_NUMBER.sub(lambda match: match.group(1), json.dumps(mark(message), separators=(",", ":")))


def exception_from_error(error: dict[str, Any]) -> Exception:
    """The Python exception for an error response: ValidationException for a user's mistake
    (bad option, bad query), JavaException otherwise; both keep the Java stack trace."""
    trace = error.get("trace", "")
    if error.get("kind") == "validation":
        return ValidationException(error.get("problems") or [error.get("message", "")], java_trace=trace)
    python = error.get("python")
    if python is not None:
        return PythonFunctionException(error.get("message", "A Python function failed."), error.get("javaClass", ""),
                                       trace, python.get("function", ""), python.get("traceback", ""),
                                       python.get("inputRow"))
    return JavaException(error.get("message", "The engine reported an error."), error.get("javaClass", ""), trace)
