#!/usr/bin/env bash
# Builds what the benchmarks need and runs them: the same job on Weir and on Apache Flink 2.3.0,
# each measurement in its own JVM; prints every run and a table of medians. Options are passed to
# the harness, e.g.: bash benchmarks/run.sh --runs 5 --parallelism 1,2 --rows 20000000
# The table is also written to benchmarks/target/benchmark-results.md.
#
# bash benchmarks/run.sh --python-udf [--rows N] [--bundle-sizes 1000,10000] runs the Python UDF
# benchmark instead (benchmarks/python/udf_benchmark.py, through the weir Python package).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/.." && pwd)"

if [[ "${1:-}" == "--python-udf" ]]; then
  shift
  # the engine and the Python gateway (whose target/lib holds the connectors the job uses)
  (cd "$root" && mvn -B -q -ntp install -DskipTests -am -pl engine,cli,python-bindings/gateway)
  mkdir -p "$here/target"
  python3 "$here/python/udf_benchmark.py" "$@" | tee "$here/target/python-udf-results.md"
  exit 0
fi

# The Weir modules the benchmark uses, installed into the local repository (tests skipped: this is
# not a test run). -am adds the parent and the modules they depend on.
(cd "$root" && mvn -B -q -ntp install -DskipTests -am \
  -pl connector-api,engine,connectors/datagen,connectors/blackhole,connectors/print,formats/json)

# The benchmarks module is not in the root build; it is built on its own. 'package' also writes
# target/weir.classpath and target/flink.classpath, one per engine's child JVMs.
(cd "$here" && mvn -B -q -ntp package -DskipTests)

cd "$here"
java -cp target/classes dev.weir.benchmarks.Benchmarks "$@" | tee target/benchmark-results.md
