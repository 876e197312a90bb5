#!/bin/sh
# Formats fresh KRaft storage and starts the broker and controller in one JVM.
set -eu

# The client listener must advertise the host port Docker mapped, which exists only once the
# container runs: the test side (KafkaContainer) copies this file in with ADVERTISED_LISTENERS.
start_env=/tmp/weir-container.env
while [ ! -s "$start_env" ]; do
  sleep 0.1
done
. "$start_env"

# Inter-broker traffic stays on BROKER (127.0.0.1:9094, see server.properties): through the
# advertised host-mapped port, transactional commits hang awaiting EndTxn. The storage tool
# validates the same configuration, so both read the completed file.
config=/tmp/server.properties
{
  while IFS= read -r line; do
    printf '%s\n' "$line"
  done </opt/kafka/config/server.properties
  printf 'advertised.listeners=%s,BROKER://127.0.0.1:9094\n' "$ADVERTISED_LISTENERS"
} >"$config"

# A fixed cluster id is enough: every container formats its own empty storage.
java $KAFKA_JVM_OPTS -cp '/opt/kafka/libs/*' kafka.tools.StorageTool format \
  --config "$config" --cluster-id weir-it-kafka-cluster1 --ignore-formatted
exec java $KAFKA_JVM_OPTS -cp '/opt/kafka/libs/*' kafka.Kafka "$config"
