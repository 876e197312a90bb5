"""``python -m weir bindings [--jar JAR]... [--output DIR] [--check] [--offline]``: (re)generates the
typed connector and format modules from the factory catalog of every Weir connector and format
(plus ``--jar`` ones)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from weir._bindings import generator
from weir._bindings.catalog import live_catalog, load_snapshot
from weir.errors import WeirException

_PACKAGE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m weir")
    commands = parser.add_subparsers(dest="command", required=True)
    bindings = commands.add_parser("bindings", help="generate typed connector and format modules")
    bindings.add_argument("--jar", action="append", default=[], help="a jar with more factories (repeatable)")
    bindings.add_argument("--output", type=Path, default=_PACKAGE,
                          help="the package directory to write connectors/ and formats/ into (default: weir's)")
    bindings.add_argument("--catalog", type=Path,
                          help="generate from this catalog JSON instead of asking the engine's jars")
    bindings.add_argument("--check", action="store_true",
                          help="write nothing; exit 1 if the generated files are out of date")
    bindings.add_argument("--offline", action="store_true",
                          help="resolve Weir's connectors from local repositories only, never download")
    arguments = parser.parse_args(argv)
    try:
        catalog = (load_snapshot(arguments.catalog) if arguments.catalog
                   else live_catalog(arguments.jar, offline=arguments.offline))
    except WeirException as error:
        print(f"weir bindings: {error}", file=sys.stderr)
        return 1
    if arguments.check:
        stale = generator.stale_files(catalog, arguments.output)
        for relative in stale:
            print(f"stale: {arguments.output / relative}", file=sys.stderr)
        return 1 if stale else 0
    for path in generator.write(catalog, arguments.output):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
