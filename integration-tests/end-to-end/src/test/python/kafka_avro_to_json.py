"""Kafka (avro-confluent) -> filter, computed column, CAST, string functions -> Kafka (json).

The pipeline of the Java end-to-end tests (OrdersPipeline), written with the generated typed
bindings. Run by KafkaAvroToJsonPythonIT, which produces the orders, passes the addresses in
environment variables and reads the output topic back. The source is bounded (latest-offset), so
the job finishes, and the sink is exactly-once: its transaction commits when the input ends.
"""

import os
import sys

from weir.connectors import kafka
from weir.formats import avro_confluent, json
from weir.table import DataTypes, EnvironmentSettings, JobStatus, Schema, TableEnvironment
from weir.table.expressions import col, concat


def main() -> int:
    bootstrap_servers = os.environ["BOOTSTRAP_SERVERS"]
    t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    t_env.get_config().set("execution.checkpointing.interval", "200 ms")
    t_env.get_config().set("execution.checkpointing.dir", os.environ["CHECKPOINT_DIR"])
    # Neither is built in: both resolve from the local Maven repository, as a user's would.
    t_env.add_connector("kafka")
    t_env.add_connector("avro-confluent")

    orders_schema = (Schema.new_builder()
                     .column("order_id", DataTypes.BIGINT().not_null())
                     .column("customer", DataTypes.STRING())
                     .column("amount", DataTypes.DOUBLE().not_null())
                     .column("quantity", DataTypes.INT().not_null())
                     .column("status", DataTypes.STRING().not_null())
                     .column_by_expression("line_total", col("amount") * col("quantity"))
                     .build())
    t_env.create_temporary_table("orders", kafka.descriptor(
        orders_schema,
        properties_bootstrap_servers=bootstrap_servers,
        topic=os.environ["INPUT_TOPIC"],
        scan_startup_mode="earliest-offset",
        scan_bounded_mode="latest-offset",
        value_format=avro_confluent.descriptor(url=os.environ["REGISTRY_URL"])))

    totals_schema = (Schema.new_builder()
                     .column("order_id", DataTypes.BIGINT().not_null())
                     .column("customer", DataTypes.STRING())
                     .column("total", DataTypes.DECIMAL(10, 2))
                     .column("tag", DataTypes.STRING())
                     .column("name_length", DataTypes.INT())
                     .build())
    t_env.create_temporary_table("order_totals", kafka.descriptor(
        totals_schema,
        properties_bootstrap_servers=bootstrap_servers,
        topic=os.environ["OUTPUT_TOPIC"],
        sink_delivery_guarantee="exactly-once",
        sink_transactional_id_prefix=os.environ["TRANSACTIONAL_ID_PREFIX"],
        value_format=json.descriptor()))

    result = (t_env.from_path("orders")
              .filter((col("status") != "CANCELLED") & (col("amount") > 10))
              .select(col("order_id"),
                      col("customer").trim().upper_case.alias("customer"),
                      col("line_total").cast(DataTypes.DECIMAL(10, 2)).alias("total"),
                      concat(col("status"), "-", col("order_id").cast(DataTypes.STRING())).alias("tag"),
                      col("customer").trim().char_length.alias("name_length"))
              .execute_insert("order_totals"))
    result.wait()  # raises the job's error if it failed
    status = result.get_job_client().get_job_status()
    print(f"job ended {status.name}")
    return 0 if status is JobStatus.FINISHED else 1


if __name__ == "__main__":
    sys.exit(main())
