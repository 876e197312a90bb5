"""Execution mode of a TableEnvironment, as ``pyflink.table.EnvironmentSettings``."""

from __future__ import annotations

RUNTIME_MODE_KEY = "execution.runtime-mode"


class EnvironmentSettings:
    """``EnvironmentSettings.in_streaming_mode()`` or ``in_batch_mode()``; or ``new_instance()...build()``."""

    def __init__(self, streaming: bool, configuration: dict[str, str]) -> None:
        self._streaming = streaming
        self._configuration = dict(configuration)

    @staticmethod
    def in_streaming_mode() -> EnvironmentSettings:
        return EnvironmentSettings(True, {})

    @staticmethod
    def in_batch_mode() -> EnvironmentSettings:
        return EnvironmentSettings(False, {})

    @staticmethod
    def new_instance() -> EnvironmentSettings.Builder:
        return EnvironmentSettings.Builder()

    def is_streaming_mode(self) -> bool:
        return self._streaming

    def get_configuration(self) -> dict[str, str]:
        return dict(self._configuration)

    class Builder:
        def __init__(self) -> None:
            self._streaming = True
            self._configuration: dict[str, str] = {}

        def in_streaming_mode(self) -> EnvironmentSettings.Builder:
            self._streaming = True
            return self

        def in_batch_mode(self) -> EnvironmentSettings.Builder:
            self._streaming = False
            return self

        def with_configuration(self, config: dict[str, str]) -> EnvironmentSettings.Builder:
            self._configuration.update({str(key): str(value) for key, value in config.items()})
            return self

        def build(self) -> EnvironmentSettings:
            return EnvironmentSettings(self._streaming, self._configuration)
