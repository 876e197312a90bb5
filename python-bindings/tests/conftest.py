"""Shared fixtures: the package from src/ (no install needed), the user-facing weir.testing
fixtures, a recording stand-in for the JVM, and the real engine when its jars are built."""

from __future__ import annotations

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
