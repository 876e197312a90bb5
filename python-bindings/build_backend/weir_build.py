"""A PEP 517 build backend for the weir package, using only the standard library.

Why hand-written: setuptools on these machines cannot build editable installs without the
``wheel`` package, which cannot be installed offline, and ``pip install --no-build-isolation -e``
must work here. A pure-Python package needs little: a wheel is a zip with three metadata files.

Wheels include ``src/weir/_jars/**`` when a build put the engine's jars there, so an installed
package carries a working JVM side.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import tarfile
import tomllib
import zipfile
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
_SOURCES = _ROOT / "src"
_WHEEL_TAG = "py3-none-any"


def _project() -> dict:
    with open(_ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]


def _dist_name() -> str:
    project = _project()
    return f"{project['name']}-{project['version']}"


def _metadata() -> str:
    project = _project()
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {project['version']}",
        f"Summary: {project['description']}",
        f"Requires-Python: {project['requires-python']}",
    ]
    lines += [f"Requires-Dist: {requirement}" for requirement in project.get("dependencies", [])]
    for extra, requirements in project.get("optional-dependencies", {}).items():
        lines.append(f"Provides-Extra: {extra}")
        lines += [f'Requires-Dist: {r}; extra == "{extra}"' for r in requirements]
    readme = _ROOT / project.get("readme", "README.md")
    body = readme.read_text(encoding="utf-8") if readme.exists() else ""
    return "\n".join(lines) + "\nDescription-Content-Type: text/markdown\n\n" + body


def _package_files() -> list[Path]:
    return sorted(
        path for path in (_SOURCES / "weir").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )


class _WheelWriter:
    """Writes files into a wheel and keeps the RECORD of their hashes."""

    def __init__(self, path: Path) -> None:
        self._zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED)
        self._records: list[str] = []

    def add(self, name: str, data: bytes) -> None:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))  # reproducible archives
        info.external_attr = 0o644 << 16
        self._zip.writestr(info, data)
        self._records.append(f"{name},sha256={digest},{len(data)}")

    def close(self, dist_info: str) -> None:
        self._records.append(f"{dist_info}/RECORD,,")
        info = zipfile.ZipInfo(f"{dist_info}/RECORD", date_time=(2020, 1, 1, 0, 0, 0))
        self._zip.writestr(info, "\n".join(self._records) + "\n")
        self._zip.close()


def _build(wheel_directory: str, editable: bool) -> str:
    dist = _dist_name()
    dist_info = f"{dist}.dist-info"
    filename = f"{dist}-{_WHEEL_TAG}.whl"
    writer = _WheelWriter(Path(wheel_directory) / filename)
    if editable:
        # A .pth line puts the source tree on sys.path: edits take effect without reinstalling.
        writer.add("__editable__.weir.pth", (str(_SOURCES) + "\n").encode())
    else:
        for path in _package_files():
            writer.add(path.relative_to(_SOURCES).as_posix(), path.read_bytes())
    writer.add(f"{dist_info}/METADATA", _metadata().encode())
    writer.add(f"{dist_info}/WHEEL", (
        "Wheel-Version: 1.0\nGenerator: weir_build\nRoot-Is-Purelib: true\n"
        f"Tag: {_WHEEL_TAG}\n").encode())
    writer.close(dist_info)
    return filename


def get_requires_for_build_wheel(config_settings: dict | None = None) -> list[str]:
    return []


def get_requires_for_build_editable(config_settings: dict | None = None) -> list[str]:
    return []


def get_requires_for_build_sdist(config_settings: dict | None = None) -> list[str]:
    return []


def build_wheel(wheel_directory: str, config_settings: dict | None = None,
                metadata_directory: str | None = None) -> str:
    return _build(wheel_directory, editable=False)


def build_editable(wheel_directory: str, config_settings: dict | None = None,
                   metadata_directory: str | None = None) -> str:
    return _build(wheel_directory, editable=True)


def build_sdist(sdist_directory: str, config_settings: dict | None = None) -> str:
    dist = _dist_name()
    filename = f"{dist}.tar.gz"
    with tarfile.open(Path(sdist_directory) / filename, "w:gz") as archive:
        for relative in ["pyproject.toml", "README.md", "build_backend/weir_build.py"]:
            archive.add(_ROOT / relative, arcname=f"{dist}/{relative}")
        for path in _package_files():
            archive.add(path, arcname=f"{dist}/{path.relative_to(_ROOT).as_posix()}")
        info = tarfile.TarInfo(f"{dist}/PKG-INFO")
        data = _metadata().encode()
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return filename
