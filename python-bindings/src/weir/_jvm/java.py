"""Finds a Java 17+ runtime to start the engine with."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from weir.errors import JavaNotFoundError

MINIMUM_JAVA_VERSION = 17

_INSTALL_HINT = ("Install a JDK or JRE 17 or newer (Debian/Ubuntu: apt-get install openjdk-17-jre-headless; "
                 "macOS: brew install openjdk@17) and put its bin directory on PATH or set JAVA_HOME.")


def find_java() -> str:
    """The ``java`` executable of JAVA_HOME, else the one on PATH, checked to be version 17+."""
    java_home = os.environ.get("JAVA_HOME")
    candidate: str | None = None
    if java_home:
        home_java = Path(java_home) / "bin" / ("java.exe" if os.name == "nt" else "java")
        if home_java.is_file():
            candidate = str(home_java)
    if candidate is None:
        candidate = shutil.which("java")
    if candidate is None:
        raise JavaNotFoundError("Weir needs Java to run its engine, but no 'java' was found on PATH or in "
                                f"JAVA_HOME. {_INSTALL_HINT}")
    version = java_major_version(candidate)
    if version < MINIMUM_JAVA_VERSION:
        raise JavaNotFoundError(f"Weir needs Java {MINIMUM_JAVA_VERSION} or newer, but {candidate} is Java "
                                f"{version}. {_INSTALL_HINT}")
    return candidate


def java_major_version(java: str) -> int:
    """The feature version of a ``java`` executable (8 for '1.8.0_392', 17 for '17.0.9'): from the
    runtime's ``release`` file when it has one (no JVM start: this runs before every gateway
    start), else from ``java -version``."""
    release = Path(java).resolve().parent.parent / "release"
    try:
        match = re.search(r'^JAVA_VERSION="([^"]+)"', release.read_text(encoding="utf-8", errors="replace"), re.M)
    except OSError:
        match = None
    if match is not None:
        return parse_java_version(f'version "{match.group(1)}"')
    try:
        completed = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise JavaNotFoundError(f"Cannot run '{java} -version': {error}. {_INSTALL_HINT}") from error
    return parse_java_version(completed.stderr + completed.stdout)


def parse_java_version(version_output: str) -> int:
    match = re.search(r'version "([^"]+)"', version_output)
    if match is None:
        raise JavaNotFoundError(f"Cannot tell the Java version from: {version_output.strip()!r}. {_INSTALL_HINT}")
    parts = match.group(1).split(".")
    major = parts[1] if parts[0] == "1" and len(parts) > 1 else parts[0]
    digits = re.match(r"\d+", major)
    if digits is None:
        raise JavaNotFoundError(f"Cannot tell the Java version from: {version_output.strip()!r}. {_INSTALL_HINT}")
    return int(digits.group(0))
