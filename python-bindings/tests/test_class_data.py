"""The gateway JVM's class-data archive: made by the first run, used by later ones, never read half
written, dropped when the JVM refuses it, and off with WEIR_CDS=0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import weir
from weir._jvm.class_data import ClassDataArchive

SOURCES = Path(weir.__file__).resolve().parent.parent
# Starts the gateway, runs one query and prints the JVM's command line.
FIRST_ROW = """
from weir._jvm.gateway import get_gateway
from weir.table import EnvironmentSettings, TableEnvironment
env = TableEnvironment.create(EnvironmentSettings.in_batch_mode())
with env.from_elements([(1, 'a')], ['id', 'name']).execute().collect() as rows:
    print(list(rows))
print(' '.join(get_gateway()._command))
"""


def archive_in(directory: Path, classpath: list[str]) -> ClassDataArchive:
    return ClassDataArchive(sys.executable, ["-Xmx64m"], classpath, directory)


def test_a_dump_is_renamed_into_place_only_after_a_clean_exit(tmp_path):
    jar = tmp_path / "a.jar"
    jar.write_bytes(b"jar")
    archive = archive_in(tmp_path / "cds", [str(jar)])
    [dump_option, *_] = archive.jvm_options()
    assert dump_option.startswith("-XX:ArchiveClassesAtExit=")
    dump = Path(dump_option.split("=", 1)[1])
    assert dump != archive.path and dump.parent == archive.path.parent
    dump.write_bytes(b"archive")
    archive.jvm_exited(1)
    assert not dump.exists() and not archive.path.exists()

    archive = archive_in(tmp_path / "cds", [str(jar)])
    dump = Path(archive.jvm_options()[0].split("=", 1)[1])
    dump.write_bytes(b"archive")
    archive.jvm_exited(0)
    assert archive.path.read_bytes() == b"archive" and not dump.exists()
    assert archive_in(tmp_path / "cds", [str(jar)]).jvm_options()[0] == f"-XX:SharedArchiveFile={archive.path}"


def test_an_archive_the_jvm_refuses_is_deleted(tmp_path):
    archive = archive_in(tmp_path, [])
    archive.path.write_bytes(b"not an archive")
    assert archive.jvm_options()[0].startswith("-XX:SharedArchiveFile=")
    archive.note_cds_log("[0.006s][info][cds] UseSharedSpaces: The shared archive file has a bad magic number.")
    archive.jvm_exited(0)
    assert not archive.path.exists()


def test_each_class_path_and_jar_version_has_its_own_archive(tmp_path):
    jar = tmp_path / "a.jar"
    jar.write_bytes(b"one")
    first = archive_in(tmp_path, [str(jar)]).path
    assert archive_in(tmp_path, [str(jar), str(tmp_path / "b.jar")]).path != first
    jar.write_bytes(b"rebuilt")
    assert archive_in(tmp_path, [str(jar)]).path != first
    assert ClassDataArchive(sys.executable, ["-Xmx128m"], [str(jar)], tmp_path).path != archive_in(tmp_path, [str(jar)]).path


def run_first_row(cache: Path, **variables: str) -> tuple[str, str]:
    completed = subprocess.run([sys.executable, "-c", FIRST_ROW], capture_output=True, text=True, timeout=120,
                               env=dict(os.environ, PYTHONPATH=str(SOURCES), WEIR_CACHE_DIR=str(cache), **variables))
    assert completed.returncode == 0, completed.stderr
    rows, command = completed.stdout.strip().splitlines()[-2:]
    assert rows == "[Row(id=1, name='a')]"
    return command, completed.stderr


def test_the_first_run_makes_the_archive_and_later_runs_use_it(engine, tmp_path):
    command, _ = run_first_row(tmp_path)
    assert "-XX:ArchiveClassesAtExit=" in command
    [archive] = (tmp_path / "cds").glob("*.jsa")
    assert not list((tmp_path / "cds").glob("*.tmp"))
    command, errors = run_first_row(tmp_path)
    assert f"-XX:SharedArchiveFile={archive}" in command
    assert "warning" not in errors.lower()


def test_a_corrupt_archive_is_ignored_then_replaced(engine, tmp_path):
    run_first_row(tmp_path)
    [archive] = (tmp_path / "cds").glob("*.jsa")
    archive.chmod(0o644)
    archive.write_bytes(b"\0" * 4096)
    command, _ = run_first_row(tmp_path)
    assert f"-XX:SharedArchiveFile={archive}" in command
    assert not archive.exists()
    command, _ = run_first_row(tmp_path)
    assert "-XX:ArchiveClassesAtExit=" in command and archive.exists()


@pytest.mark.parametrize("setting", ["0", "off"])
def test_weir_cds_off_starts_without_an_archive(engine, tmp_path, setting):
    command, _ = run_first_row(tmp_path, WEIR_CDS=setting)
    assert "-XX:" not in command.replace("-XX:+UseSerialGC", "")
    assert not (tmp_path / "cds").exists()
