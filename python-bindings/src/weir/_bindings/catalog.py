"""The factory catalog (``bin/weir catalog``): every connector and format with its options.

The snapshot committed with the package (``weir/_catalog.json``) is what the generated modules were
made from; :func:`live_catalog` asks the engine's jars for the current one.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any, Sequence

from weir._jvm.classpath import gateway_classpath
from weir._jvm.java import find_java
from weir.errors import GatewayError

SNAPSHOT = Path(__file__).resolve().parent.parent / "_catalog.json"
_CLI_MAIN = "dev.weir.cli.Main"


def live_catalog_text(jars: Sequence[str] = ()) -> str:
    """The catalog JSON written by the CLI's ``catalog`` command on the gateway's class path."""
    command = [find_java(), "-Xshare:auto", "-cp", os.pathsep.join(gateway_classpath()), _CLI_MAIN]
    for jar in jars:
        command += ["--jar", str(jar)]
    command.append("catalog")
    completed = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if completed.returncode != 0:
        raise GatewayError(f"'weir catalog' failed (exit {completed.returncode}): {completed.stderr.strip()}")
    return completed.stdout


def load_snapshot(path: Path = SNAPSHOT) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return result
