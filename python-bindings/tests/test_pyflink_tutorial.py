"""pyflink_tutorial.py, a PyFlink Table API program with only its imports changed, runs on Weir."""

from __future__ import annotations

import collections
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import weir

TUTORIAL = Path(__file__).resolve().parent / "pyflink_tutorial.py"
SOURCES = Path(weir.__file__).resolve().parent.parent


def tutorial_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pyflink_tutorial", TUTORIAL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_only_the_imports_name_weir():
    code = [line for line in TUTORIAL.read_text(encoding="utf-8").split('"""', 2)[2].splitlines()
            if not line.startswith(("from weir.", "import weir"))]
    assert not [line for line in code if "weir" in line]


def test_the_tutorial_runs_and_prints_word_counts_and_window_totals(engine, tmp_path):
    output = tmp_path / "totals"
    completed = subprocess.run([sys.executable, str(TUTORIAL), "--output", str(output)], capture_output=True,
                               text=True, timeout=300, env=dict(os.environ, PYTHONPATH=str(SOURCES)))
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()

    # The print sink shows the changelog of the count per word; its last value per word is the count.
    final: dict[str, int] = {}
    for line in lines:
        change = re.fullmatch(r"([+-][IU])\[(.*), (\d+)\]", line)
        if change and change.group(1) in ("+I", "+U"):
            final[change.group(2)] = int(change.group(3))
    expected = collections.Counter(word for line in tutorial_module().word_count_data for word in line.split())
    assert final == dict(expected)

    assert [line for line in lines if line.startswith("window ")] == [
        "window 1970-01-01 00:00:00: 9 orders, 0 over 30",
        "window 1970-01-01 00:00:20: 10 orders, 4 over 30",
        "window 1970-01-01 00:00:40: 10 orders, 10 over 30",
        "window 1970-01-01 00:01:00: 1 orders, 1 over 30",
    ]
    assert any(output.rglob("*")), "the filesystem sink wrote no file"
