"""Where the gateway's jars are.

Looked up in this order: the ``WEIR_GATEWAY_CLASSPATH`` environment variable (a classpath string),
jars shipped inside the package (``weir/_jars``, copied there by the gateway's Maven build), and the source checkout's
``python-bindings/gateway/target`` (``weir-python-gateway.jar`` plus ``lib/*.jar``).
"""

from __future__ import annotations

import os
from pathlib import Path

from weir.errors import GatewayError

GATEWAY_JAR = "weir-python-gateway.jar"
_PACKAGE_DIR = Path(__file__).resolve().parent.parent
_CHECKOUT_TARGET = _PACKAGE_DIR.parent.parent / "gateway" / "target"


def gateway_classpath() -> list[str]:
    """Every jar the gateway JVM needs, the gateway's own first."""
    explicit = os.environ.get("WEIR_GATEWAY_CLASSPATH")
    if explicit:
        return [entry for entry in explicit.split(os.pathsep) if entry]
    for directory in (_PACKAGE_DIR / "_jars", _CHECKOUT_TARGET):
        jar = directory / GATEWAY_JAR
        if jar.is_file():
            return [str(jar)] + sorted(str(lib) for lib in (directory / "lib").glob("*.jar"))
    raise GatewayError(
        f"Weir's engine jars were not found (looked for {GATEWAY_JAR} in {_PACKAGE_DIR / '_jars'} and "
        f"{_CHECKOUT_TARGET}). In a source checkout build them once with: "
        f"(cd {_CHECKOUT_TARGET.parent} && mvn -q package), or set WEIR_GATEWAY_CLASSPATH.")


def gateway_available() -> bool:
    try:
        gateway_classpath()
    except GatewayError:
        return False
    return True
