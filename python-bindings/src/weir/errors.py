"""Exceptions raised by Weir.

The names follow ``pyflink.util.exceptions`` (also importable as ``weir.util.exceptions``) so that
``except ValidationException`` clauses keep working after an import change.
"""

from __future__ import annotations

from typing import Sequence


class WeirException(Exception):
    """Base class of every exception Weir raises."""


class TableException(WeirException):
    """A Table API call cannot be carried out (for example, a job failed while running)."""


class ValidationException(WeirException, ValueError):
    """A table, option or query is wrong; raised before anything runs.

    ``problems`` lists every problem found, each a self-contained sentence, so a descriptor can be
    fixed in one pass.
    """

    def __init__(self, problems: str | Sequence[str], java_trace: str | None = None) -> None:
        self.problems: list[str] = [problems] if isinstance(problems, str) else list(problems)
        self.java_trace = java_trace
        message = (self.problems[0] if len(self.problems) == 1
                   else "\n".join("- " + problem for problem in self.problems))
        super().__init__(message)


class JavaException(TableException):
    """The engine JVM reported an error. ``str()`` summarises the Java cause; the full Java stack
    trace is kept in ``java_trace`` and the Java class name in ``java_class``."""

    def __init__(self, message: str, java_class: str = "", java_trace: str = "") -> None:
        super().__init__(message)
        self.java_class = java_class
        self.java_trace = java_trace


class PythonFunctionException(JavaException):
    """A Python function failed inside a job (or its worker died). ``function_name`` names it,
    ``python_traceback`` is the worker's traceback and ``input_row`` the row it failed on (as the
    engine prints rows, ``+I[1, a]``; None when no single row is to blame)."""

    def __init__(self, message: str, java_class: str, java_trace: str, function_name: str, python_traceback: str,
                 input_row: str | None) -> None:
        super().__init__(message, java_class, java_trace)
        self.function_name = function_name
        self.python_traceback = python_traceback
        self.input_row = input_row


class JavaNotFoundError(WeirException, RuntimeError):
    """No Java 17+ runtime was found to start the engine."""


class GatewayError(WeirException, RuntimeError):
    """The engine JVM could not be started or stopped answering."""


class StdoutClosed(SystemExit):
    """Ends the program quietly, with exit status 1, because ``sys.stdout``'s reader went away
    (``python job.py | head``): raised by every call waiting on the engine then, and every later
    one, as the ``signal`` module's note on SIGPIPE recommends for Python scripts. A ``SystemExit``,
    so ``except Exception`` clauses let it through."""

    def __init__(self) -> None:
        super().__init__(1)
