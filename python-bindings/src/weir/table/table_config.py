"""The configuration of a TableEnvironment, as ``pyflink.table.TableConfig``."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlparse

from weir._jvm.artifacts import MAVEN_SETTINGS_PREFIX
from weir.table.table_descriptor import option_text

PIPELINE_JARS = "pipeline.jars"
PIPELINE_CLASSPATHS = "pipeline.classpaths"
_GATEWAY_ONLY_KEYS = (PIPELINE_JARS, PIPELINE_CLASSPATHS)


class TableConfig:
    """Key/value settings passed to the engine with every job. ``pipeline.jars`` (``;``-separated
    ``file://`` URLs, as in PyFlink) adds connector jars to the engine's class path."""

    def __init__(self, initial: dict[str, str] | None = None) -> None:
        self._values: dict[str, str] = dict(initial or {})

    def set(self, key: str, value: Any) -> TableConfig:
        self._values[key] = option_text(value)
        return self

    def get(self, key: str, default_value: Any = None) -> Any:
        return self._values.get(key, default_value)

    def get_configuration(self) -> dict[str, str]:
        return dict(self._values)

    def jars(self) -> list[str]:
        """The local paths of ``pipeline.jars`` and ``pipeline.classpaths``."""
        paths = []
        for key in (PIPELINE_JARS, PIPELINE_CLASSPATHS):
            for url in filter(None, (part.strip() for part in self._values.get(key, "").split(";"))):
                paths.append(unquote(urlparse(url).path) if url.startswith("file:") else url)
        return paths

    def engine_configuration(self) -> dict[str, str]:
        """What goes into the job spec's ``config``: everything but the class path and artifact
        resolution settings, which the gateway applies itself."""
        return {key: value for key, value in self._values.items()
                if key not in _GATEWAY_ONLY_KEYS and not key.startswith(MAVEN_SETTINGS_PREFIX)}
