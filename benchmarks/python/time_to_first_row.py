"""Measures `python3 first_row.py` from process start to its first printed row, and prints the figures.

Usage: python3 benchmarks/python/time_to_first_row.py [runs]   (after the Maven build of the gateway)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE.parent.parent / "python-bindings" / "src"
TARGET_SECONDS = 1.5


def time_one_run() -> float:
    env = dict(os.environ, PYTHONPATH=str(SOURCES))
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-u", str(HERE / "first_row.py")], stdout=subprocess.PIPE,
                               text=True, env=env)
    assert process.stdout is not None
    first_line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.wait(timeout=60)
    if not first_line or process.returncode != 0:
        raise SystemExit(f"first_row.py failed (exit {process.returncode})")
    return elapsed


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    time_one_run()  # warms the OS page cache for the jars, as any second run of a user would
    times = [time_one_run() for _ in range(runs)]
    median = statistics.median(times)
    print(f"python3 first_row.py -> first printed row, {runs} runs, load average {os.getloadavg()[0]:.1f}")
    print("runs (s): " + ", ".join(f"{t:.2f}" for t in times))
    print(f"median: {median:.2f} s (target < {TARGET_SECONDS} s: {'met' if median < TARGET_SECONDS else 'NOT met'})")


if __name__ == "__main__":
    main()
