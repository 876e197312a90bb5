"""The package builds and installs offline with nothing beyond the standard library."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "build_backend"))

import weir_build  # noqa: E402  (the in-tree backend, importable only from its directory)


def test_wheel_carries_the_package_stubs_and_catalog(tmp_path: Path) -> None:
    name = weir_build.build_wheel(str(tmp_path))
    with zipfile.ZipFile(tmp_path / name) as wheel:
        names = set(wheel.namelist())
        metadata = wheel.read("weir-0.1.0.dev0.dist-info/METADATA").decode()
    assert {"weir/__init__.py", "weir/py.typed", "weir/_catalog.json",
            "weir/connectors/datagen.py", "weir/connectors/datagen.pyi"} <= names
    assert not any("__pycache__" in n for n in names)
    assert "Name: weir" in metadata and "Requires-Python: >=3.11" in metadata


def test_editable_wheel_points_at_the_source_tree(tmp_path: Path) -> None:
    name = weir_build.build_editable(str(tmp_path))
    with zipfile.ZipFile(tmp_path / name) as wheel:
        pth = wheel.read("__editable__.weir.pth").decode().strip()
    assert Path(pth) == PROJECT / "src"


def test_pip_installs_it_offline_without_build_isolation(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-index", "--no-build-isolation", "-e", str(PROJECT)],
        capture_output=True, text=True, timeout=120)
    assert install.returncode == 0, install.stdout + install.stderr
    probe = subprocess.run([str(python), "-c", "import weir.table; print(weir.table.__file__)"],
                           capture_output=True, text=True, timeout=60)
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip().startswith(str(PROJECT / "src"))


def test_an_installed_package_runs_a_job_with_the_jars_it_carries(tmp_path: Path) -> None:
    if not (PROJECT / "src" / "weir" / "_jars" / "weir-python-gateway.jar").exists():
        pytest.fail("src/weir/_jars is empty: build the gateway first (cd python-bindings/gateway && mvn package)")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-index", "--no-build-isolation", str(PROJECT)],
        capture_output=True, text=True, timeout=180)
    assert install.returncode == 0, install.stdout + install.stderr
    script = (
        "from weir.table import EnvironmentSettings, TableEnvironment, DataTypes\n"
        "from weir.table.expressions import col\n"
        "env = TableEnvironment.create(EnvironmentSettings.in_batch_mode())\n"
        "t = env.from_elements([(1, 'a'), (2, 'b'), (3, 'c')], ['id', 'name'])\n"
        "with t.filter(col('id') >= 2).execute().collect() as rows:\n"
        "    print(sorted(r[1] for r in rows))\n")
    # Run outside the checkout, so only the installed copy (and its jars) can be found.
    run = subprocess.run([str(python), "-c", script], capture_output=True, text=True, timeout=120,
                         cwd=tmp_path, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "['b', 'c']"
    installed = subprocess.run([str(python), "-c", "import weir; print(weir.__file__)"],
                               capture_output=True, text=True, cwd=tmp_path)
    assert str(env_dir) in installed.stdout
