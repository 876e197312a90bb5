"""Where Weir keeps what it can rebuild: downloaded connector jars and the gateway JVM's class-data
archives. ``WEIR_CACHE_DIR`` overrides the platform's user cache directory."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def cache_directory() -> Path:
    """``$WEIR_CACHE_DIR``, else ``$XDG_CACHE_HOME/weir`` or ``~/.cache/weir`` (macOS:
    ``~/Library/Caches/weir``, Windows: ``%LOCALAPPDATA%\\weir\\Cache``)."""
    explicit = os.environ.get("WEIR_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "weir"
    if os.name == "nt":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "weir" / "Cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "weir"


def jar_cache_directory() -> Path:
    """Connector jars downloaded by ``add_connector``, in a Maven repository layout."""
    return cache_directory() / "jars"
