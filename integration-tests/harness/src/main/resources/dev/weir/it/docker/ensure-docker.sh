#!/usr/bin/env bash
# Makes sure a Docker engine answers `docker version`, installing and starting one only when needed.
# Idempotent; prints nothing when an engine already answers. It never starts a second dockerd: a
# second daemon on one machine (e.g. one started with --bridge=none) can delete docker0 and cut off
# every running container.
#
# Environment:
#   WEIR_DOCKERD_LOG              where a dockerd started here logs (default /var/log/weir-dockerd.log)
#   WEIR_DOCKERD_TIMEOUT_SECONDS  how long to wait for the engine to answer (default 60)
set -euo pipefail

dockerd_log=${WEIR_DOCKERD_LOG:-/var/log/weir-dockerd.log}
timeout_seconds=${WEIR_DOCKERD_TIMEOUT_SECONDS:-60}

engine_answers() {
  docker version >/dev/null 2>&1
}

if command -v docker >/dev/null && engine_answers; then
  exit 0
fi

# Two builds on one machine may both find no engine; the lock makes only one of them start it.
mkdir -p /run/lock
exec 9>/run/lock/weir-ensure-docker.lock
flock 9
if command -v docker >/dev/null && engine_answers; then
  exit 0
fi

if ! command -v dockerd >/dev/null || ! command -v docker >/dev/null; then
  echo "ensure-docker: installing docker.io" >&2
  apt_log=$(mktemp)
  if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y docker.io; } >"$apt_log" 2>&1; then
    echo "ensure-docker: installing docker.io failed:" >&2
    tail -n 30 "$apt_log" >&2
    exit 1
  fi
  rm -f "$apt_log"
fi

# A dockerd that is still starting (or was started by the package's init script) is waited for,
# not duplicated.
if ! pgrep -x dockerd >/dev/null; then
  mkdir -p "$(dirname "$dockerd_log")"
  # setsid: the daemon must outlive this script and the Maven build that ran it, and must not
  # receive the build's Ctrl-C. 9>&-: it must not inherit, and so hold forever, the lock.
  setsid -f dockerd >"$dockerd_log" 2>&1 </dev/null 9>&-
  echo "ensure-docker: started dockerd, logging to $dockerd_log" >&2
fi

deadline=$((SECONDS + timeout_seconds))
until engine_answers; do
  if ((SECONDS >= deadline)); then
    echo "ensure-docker: the Docker engine did not answer within ${timeout_seconds}s." >&2
    if [[ -f $dockerd_log ]]; then
      echo "Last lines of $dockerd_log:" >&2
      tail -n 30 "$dockerd_log" >&2
    fi
    exit 1
  fi
  sleep 0.2
done
