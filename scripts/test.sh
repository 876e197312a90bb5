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
python3 -c 'import numpy, cloudpickle' 2>/dev/null || missing+=(python3-numpy python3-cloudpickle)  # Python UDFs
# Optional: Python workers of func_type='pandas' functions need pandas, in python3 or, when pip cannot
# install it there, in the system Python (tests/conftest.py, pandas_python); their tests skip without.
optional=()
{ python3 -c 'import pandas, cloudpickle' || /usr/bin/python3 -c 'import pandas, cloudpickle'; } 2>/dev/null \
  || optional+=(python3-pandas python3-cloudpickle)
as_root() { if ((EUID == 0)); then "$@"; elif need sudo; then sudo "$@"; else return 1; fi; }
apt_install() { as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; }
if ((${#missing[@]} + ${#optional[@]})) && need apt-get && as_root apt-get update -qq; then
  if ((${#missing[@]})); then
    echo "test.sh: installing ${missing[*]} (apt-get)"
    apt_install "${missing[@]}"
  fi
  if ((${#optional[@]})); then
    echo "test.sh: installing ${optional[*]} (apt-get)"
    apt_install "${optional[@]}" || echo "test.sh: could not install ${optional[*]}; the pandas UDF tests will skip" >&2
  fi
elif ((${#missing[@]})); then
  echo "test.sh: install ${missing[*]} first (apt-get is unavailable or failed)" >&2
  exit 1
elif ((${#optional[@]})); then
  echo "test.sh: without apt-get, ${optional[*]} stay missing; the pandas UDF tests will skip" >&2
fi

# Java: every module's unit tests, then the integration tests, which bring up Docker and build the
# images they need (integration-tests/harness). -ntp keeps download progress out of the log.
mvn -B -ntp install "$@"

# Python: the weir package against the gateway and jars built above.
python3 -m pytest python-bindings/tests -q
