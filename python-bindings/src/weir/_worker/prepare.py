"""Prepares a job's Python environment once, before its workers start
(``python -m weir._worker.prepare task.json``, run by the engine): extracts ``python.archives``
and installs ``python.requirements`` with pip from local wheels only (``--no-index``)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path


def main(task_file: str) -> int:
    task = json.loads(Path(task_file).read_text(encoding="utf-8"))
    for archive in task.get("archives", []):
        shutil.unpack_archive(archive["path"], archive["target"])
    requirements = task.get("requirements")
    if requirements is not None:
        command = [sys.executable, "-m", "pip", "install", "--no-index", "--find-links", requirements["findLinks"],
                   "--target", requirements["target"], "--disable-pip-version-check", "--no-warn-script-location",
                   "-r", requirements["file"]]
        completed = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if completed.returncode != 0:
            print(f"{' '.join(command)} failed:\n{completed.stdout}", file=sys.stderr)
            return completed.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
