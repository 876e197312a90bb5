"""Shared fixtures: the package from src/ (no install needed), the user-facing weir.testing
fixtures, a recording stand-in for the JVM, and the real engine when its jars are built."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from weir._jvm.classpath import gateway_classpath  # noqa: E402
from weir._jvm.gateway import Gateway, get_gateway  # noqa: E402
from weir.errors import GatewayError, JavaNotFoundError  # noqa: E402
from weir.table.table_environment import TableEnvironment  # noqa: E402

pytest_plugins = ["weir.testing"]


class RecordingGateway:
    """Answers like the gateway without a JVM: descriptors are valid, jobs get an id."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, Any]]] = []

    def request(self, method: str, params: dict[str, Any] | None = None, timeout: float | None = None) -> Any:
        self.requests.append((method, params or {}))
        if method == "submitJob":
            return {"jobId": "job-1", "columns": []}
        return {}


@pytest.fixture
def recording_gateway(monkeypatch: pytest.MonkeyPatch) -> RecordingGateway:
    gateway = RecordingGateway()
    monkeypatch.setattr(TableEnvironment, "_gateway", lambda self: gateway)
    return gateway


def engine_unavailable_reason() -> str | None:
    try:
        gateway_classpath()
        get_gateway()
    except (GatewayError, JavaNotFoundError) as error:
        return str(error).splitlines()[0]
    return None


@pytest.fixture(scope="session")
def engine() -> Iterator[Gateway]:
    """The real gateway JVM; tests using it are skipped (with the reason) while it cannot start."""
    reason = engine_unavailable_reason()
    if reason is not None:
        pytest.skip(f"engine JVM not available: {reason}")
    yield get_gateway()


# Interpreters that may run func_type='pandas' workers: this one, else the system Python, where
# scripts/test.sh installs Debian's python3-pandas when pip cannot reach PyPI.
PANDAS_INTERPRETERS = (sys.executable, "/usr/bin/python3")
_SRC = str(Path(__file__).resolve().parent.parent / "src")
# what a worker imports, and the same minor version: functions travel as cloudpickle'd bytecode
_PANDAS_PROBE = ("import sys, numpy, cloudpickle, pandas, weir._worker.main; "
                 f"assert sys.version_info[:2] == {tuple(sys.version_info[:2])}, sys.version")


def _python_with_pandas() -> tuple[str | None, str]:
    """The first interpreter whose worker can run pandas functions, or None and why none can."""
    reasons = []
    for executable in dict.fromkeys(PANDAS_INTERPRETERS):
        if not os.access(executable, os.X_OK):
            reasons.append(f"{executable}: not found")
            continue
        probe = subprocess.run([executable, "-c", _PANDAS_PROBE], capture_output=True, text=True, timeout=120,
                               env={**os.environ, "PYTHONPATH": _SRC})
        if probe.returncode == 0:
            return executable, ""
        reasons.append(f"{executable}: {(probe.stderr.strip().splitlines() or ['failed'])[-1]}")
    return None, "; ".join(reasons)


@pytest.fixture(scope="session")
def pandas_python() -> str:
    """An interpreter with pandas (and numpy, cloudpickle) for the workers of func_type='pandas'
    functions; tests using it are skipped, with each candidate's reason, when there is none."""
    executable, reason = _python_with_pandas()
    if executable is None:
        pytest.skip(f"no Python {sys.version_info[0]}.{sys.version_info[1]} with pandas for the workers "
                    f"(scripts/test.sh installs python3-pandas): {reason}")
    return executable


@pytest.fixture
def pandas_table_env(table_env: TableEnvironment, pandas_python: str) -> TableEnvironment:
    """A streaming TableEnvironment whose Python workers run on :func:`pandas_python`."""
    table_env.get_config().set("python.executable", pandas_python)
    return table_env


@pytest.fixture
def pandas_batch_table_env(batch_table_env: TableEnvironment, pandas_python: str) -> TableEnvironment:
    """A batch TableEnvironment whose Python workers run on :func:`pandas_python`."""
    batch_table_env.get_config().set("python.executable", pandas_python)
    return batch_table_env
