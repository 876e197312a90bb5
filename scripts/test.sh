#!/usr/bin/env bash
# Runs every test from a fresh machine: installs what the tests need, then builds and tests all modules.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
if ! need java || ! need mvn; then
  echo "test.sh: installing a JDK and Maven (apt-get)"
  apt-get update -qq && apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null
fi

# -ntp keeps download progress out of the log; the Surefire summary stays visible.
mvn -B -ntp install "$@"
