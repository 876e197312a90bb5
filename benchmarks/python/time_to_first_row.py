"""Measures `python3 first_row.py` from process start to its first printed row, and prints the figures.

Usage: python3 benchmarks/python/time_to_first_row.py [runs] [--compare NAME=VALUE ...]
(after the Maven build of the gateway). With --compare, runs alternate between the environment as
it is and the environment with those variables set (e.g. WEIR_CDS=0), so load from elsewhere falls
on both alike, and both medians are printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE.parent.parent / "python-bindings" / "src"
TARGET_SECONDS = 1.5


def time_one_run(variables: dict[str, str]) -> float:
    env = dict(os.environ, PYTHONPATH=str(SOURCES), **variables)
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


def report(label: str, times: list[float]) -> None:
    median = statistics.median(times)
    print(f"{label}runs (s): " + ", ".join(f"{t:.2f}" for t in times))
    print(f"{label}median: {median:.2f} s (target < {TARGET_SECONDS} s: "
          f"{'met' if median < TARGET_SECONDS else 'NOT met'})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("runs", type=int, nargs="?", default=7)
    parser.add_argument("--compare", action="append", default=[], metavar="NAME=VALUE",
                        help="alternate runs with these environment variables set")
    arguments = parser.parse_args()
    compared = dict(variable.split("=", 1) for variable in arguments.compare)
    load_before = os.getloadavg()[0]
    # Warms the OS page cache for the jars (and makes the class-data archive), as a user's first run would.
    time_one_run({})
    if compared:
        time_one_run(compared)
    times: list[float] = []
    compared_times: list[float] = []
    for _ in range(arguments.runs):
        times.append(time_one_run({}))
        if compared:
            compared_times.append(time_one_run(compared))
    print(f"python3 first_row.py -> first printed row, {arguments.runs} runs, "
          f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
    report("", times)
    if compared:
        report(" ".join(arguments.compare) + ": ", compared_times)


if __name__ == "__main__":
    main()
