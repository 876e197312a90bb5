#!/usr/bin/env bash
# Runs every test from a fresh machine: installs what the tests need, then builds and tests all modules.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
missing=()
need java || missing+=(openjdk-17-jdk-headless)
need mvn || missing+=(maven)
need node || missing+=(nodejs)
need npm || missing+=(npm)
need unzip || missing+=(unzip)  # the Elasticsearch image is built from a distribution zip
python3 -c 'import pytest' 2>/dev/null || missing+=(python3-pytest)
if ((${#missing[@]})); then
  echo "test.sh: installing ${missing[*]} (apt-get)"
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Java: every module's unit tests, then the integration tests, which bring up Docker and build the
# images they need (integration-tests/harness). -ntp keeps download progress out of the log.
mvn -B -ntp install "$@"

# Python: the weir package against the gateway and jars built above.
python3 -m pytest python-bindings/tests -q
