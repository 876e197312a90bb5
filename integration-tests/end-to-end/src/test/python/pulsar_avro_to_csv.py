"""Pulsar (avro) -> filter and arithmetic -> files (csv).

Weather readings arrive in a Pulsar topic as plain Avro binary, written with Avro's own writer. The
job drops the calibration station's readings, adds the temperature in Fahrenheit and writes CSV
files. Run by PulsarAvroToCsvPythonIT, which produces the readings, passes the service URL, the
topic, the writer's Avro schema and the output directory in environment variables, and reads the
committed files back. The source stops at the latest message, so the job finishes, and the file
sink commits its files when the input ends.
"""

import os
import sys

from weir.connectors import filesystem, pulsar
from weir.formats import avro, csv
from weir.table import DataTypes, EnvironmentSettings, JobStatus, Schema, TableEnvironment
from weir.table.expressions import col


def main() -> int:
    t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    # Neither is built in: both resolve from the local Maven repository, as a user's would.
    t_env.add_connector("pulsar")
    t_env.add_connector("avro")

    t_env.create_temporary_table("readings", pulsar.descriptor(
        Schema.new_builder()
        .column("station", DataTypes.STRING().not_null())
        .column("celsius", DataTypes.DOUBLE().not_null())
        .column("humidity", DataTypes.INT())
        .build(),
        service_url=os.environ["PULSAR_SERVICE_URL"],
        topics=os.environ["TOPIC"],
        source_subscription_name="weir-e2e-readings",
        source_start_message_id="earliest",
        source_stop_at_message_id="latest",
        # Plain Avro carries no schema: the job reads with the one the producer wrote with.
        value_format=avro.descriptor(schema=os.environ["AVRO_SCHEMA"])))
    t_env.create_temporary_table("readings_csv", filesystem.descriptor(
        Schema.new_builder()
        .column("station", DataTypes.STRING())
        .column("celsius", DataTypes.DOUBLE())
        .column("fahrenheit", DataTypes.DECIMAL(5, 1))
        .column("humidity", DataTypes.INT())
        .build(),
        path=os.environ["OUTPUT_DIR"],
        format=csv.descriptor()))

    result = (t_env.from_path("readings")
              .filter(col("station") != "calibration")
              .select(col("station").upper_case.alias("station"),
                      col("celsius"),
                      (col("celsius") * 9 / 5 + 32).cast(DataTypes.DECIMAL(5, 1)).alias("fahrenheit"),
                      col("humidity"))
              .execute_insert("readings_csv"))
    result.wait()  # raises the job's error if it failed
    status = result.get_job_client().get_job_status()
    print(f"job ended {status.name}")
    return 0 if status is JobStatus.FINISHED else 1


if __name__ == "__main__":
    sys.exit(main())
