"""The factory catalog (``bin/weir catalog``): every connector and format with its options.

The snapshot committed with the package (``weir/_catalog.json``) is what the generated modules were
made from; :func:`live_catalog` asks the engine for the current one, with every Weir connector and
format on its class path (the built-in ones and those ``add_connector`` resolves: Kafka, Pulsar,
Elasticsearch, Avro, ...). It also carries ``sensitiveKeys``, the Java side's rule for keys whose
values are secrets (the words such a key contains and the mask), which descriptors mask by.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Sequence

from weir._jvm.artifacts import resolve_artifacts, weir_artifacts
from weir._jvm.gateway import get_gateway

SNAPSHOT = Path(__file__).resolve().parent.parent / "_catalog.json"


def live_catalog(jars: Sequence[str] = (), offline: bool = False) -> dict[str, Any]:
    """The catalog of the gateway's class path plus every Weir artifact and ``jars``, exactly as
    the CLI's ``catalog`` command writes it. Weir's artifacts are resolved as ``add_connector``
    resolves them (a source build installs them in ~/.m2); ``offline`` forbids downloads."""
    gateway = get_gateway()
    coordinates = sorted(set(weir_artifacts(gateway).values()))
    resolved = resolve_artifacts(gateway, coordinates, offline=offline)
    result: dict[str, Any] = gateway.request("catalog", {"jars": [*resolved, *(str(jar) for jar in jars)]})
    result["sensitiveKeys"] = gateway.request("sensitiveKeys")
    return result


def load_snapshot(path: Path = SNAPSHOT) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return result
