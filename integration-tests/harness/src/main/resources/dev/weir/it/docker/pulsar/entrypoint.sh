#!/bin/sh
# Starts Pulsar standalone with the client listener advertised on the host-mapped port.
set -eu

# Clients connect to the broker URL a topic lookup returns, so the broker must advertise the host
# port Docker mapped to 6650, which exists only once the container runs: the test side
# (PulsarContainer) copies this file in with ADVERTISED_BROKER_PORT.
start_env=/tmp/weir-container.env
while [ ! -s "$start_env" ]; do
  sleep 0.1
done
. "$start_env"

# The broker's own clients (system topics, transaction coordinator) also use the advertised URL, so
# the broker listens on the advertised port inside the container too (bindAddresses), besides 6650
# where Docker forwards the host's connections.
config=/tmp/standalone.conf
{
  while IFS= read -r line; do
    printf '%s\n' "$line"
  done </opt/pulsar/config/standalone.conf
  printf 'advertisedListeners=external:pulsar://localhost:%s\n' "$ADVERTISED_BROKER_PORT"
  printf 'bindAddresses=external:pulsar://0.0.0.0:%s\n' "$ADVERTISED_BROKER_PORT"
  printf 'internalListenerName=external\n'
} >"$config"

exec java $PULSAR_JVM_OPTS -cp '/opt/pulsar/libs/*' org.apache.pulsar.PulsarStandaloneStarter \
  --config "$config" --no-functions-worker --no-stream-storage \
  --metadata-dir /tmp/pulsar-data/metadata --bookkeeper-dir /tmp/pulsar-data/bookkeeper
