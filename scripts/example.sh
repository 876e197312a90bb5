#!/usr/bin/env bash
# Builds Weir (tests skipped) and runs the main example on the embedded engine:
# datagen -> filter/project -> tumbling-window aggregate -> print.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
if ! need java || ! need mvn; then
  echo "example.sh: installing a JDK and Maven (apt-get)"
  apt-get update -qq && apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null
fi

mvn -B -q -ntp install -DskipTests
exec bin/weir run examples/orders-per-window.json
