"""Connector jars by name: a Weir identifier ('kafka') or a Maven coordinate ('g:a:v') resolved,
with its runtime dependencies, by the gateway JVM (Maven Resolver; the user's local repository
first, then Weir's cache, then the remote repositories; downloads go to the cache)."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from weir._jvm.cache import jar_cache_directory
from weir._jvm.gateway import Gateway

# TableConfig keys that steer resolution; they never reach the engine.
MAVEN_SETTINGS_PREFIX = "weir.maven."
MAVEN_REPOSITORIES = "weir.maven.repositories"
MAVEN_LOCAL_REPOSITORY = "weir.maven.local-repository"
MAVEN_OFFLINE = "weir.maven.offline"


def resolve_artifacts(gateway: Gateway, artifacts: Sequence[str], settings: Mapping[str, str] | None = None,
                      offline: bool = False) -> list[str]:
    """The jars of the artifacts and their dependencies, without those the gateway already has.

    ``settings``: ``weir.maven.repositories`` (comma-separated URLs, default Maven Central),
    ``weir.maven.local-repository`` (default ~/.m2/repository), ``weir.maven.offline`` (true: no
    download). Raises ValidationException for an unknown identifier or an artifact not found."""
    settings = settings or {}
    params: dict[str, Any] = {
        "artifacts": list(artifacts),
        "cacheDirectory": str(jar_cache_directory()),
        "offline": offline or settings.get(MAVEN_OFFLINE, "false").lower() == "true",
    }
    repositories = [url.strip() for url in settings.get(MAVEN_REPOSITORIES, "").split(",") if url.strip()]
    if repositories:
        params["repositories"] = repositories
    if settings.get(MAVEN_LOCAL_REPOSITORY):
        params["localRepository"] = settings[MAVEN_LOCAL_REPOSITORY]
    return list(gateway.request("resolveArtifacts", params)["jars"])


def weir_artifacts(gateway: Gateway) -> dict[str, str]:
    """Every Weir connector and format identifier with its Maven coordinate."""
    return dict(gateway.request("weirArtifacts")["artifacts"])
