"""Kafka (json) -> a Python scalar UDF -> Elasticsearch, upserting by primary key.

Customer profile updates arrive as JSON, several per customer. A Python UDF turns the free-typed
name into a display name, and the Elasticsearch sink, keyed by customer_id, keeps one document per
customer: the latest update. Run by KafkaJsonUdfToElasticsearchPythonIT, which produces the
updates, passes the addresses in environment variables and reads the index back. The source is
bounded (latest-offset), so the job finishes, and the sink flushes what is left when it does.
"""

import os
import sys

from weir.connectors import elasticsearch, kafka
from weir.formats import json
from weir.table import DataTypes, EnvironmentSettings, JobStatus, Schema, TableEnvironment
from weir.table.expressions import col
from weir.table.udf import udf


@udf(result_type=DataTypes.STRING())
def display_name(name: str | None) -> str | None:
    """'  jean-luc   PICARD ' -> 'Jean-Luc Picard': whitespace collapsed, each part of a word capitalised."""
    if name is None:
        return None
    return " ".join("-".join(part.capitalize() for part in word.split("-")) for word in name.split())


def main() -> int:
    t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    # Neither is built in: both resolve from the local Maven repository, as a user's would.
    t_env.add_connector("kafka")
    t_env.add_connector("elasticsearch")

    t_env.create_temporary_table("profile_updates", kafka.descriptor(
        Schema.new_builder()
        .column("customer_id", DataTypes.BIGINT().not_null())
        .column("name", DataTypes.STRING())
        .column("points", DataTypes.INT())
        .build(),
        properties_bootstrap_servers=os.environ["BOOTSTRAP_SERVERS"],
        topic=os.environ["INPUT_TOPIC"],
        scan_startup_mode="earliest-offset",
        scan_bounded_mode="latest-offset",
        value_format=json.descriptor()))
    t_env.create_temporary_table("customers", elasticsearch.descriptor(
        Schema.new_builder()
        .column("customer_id", DataTypes.BIGINT().not_null())
        .column("display_name", DataTypes.STRING())
        .column("points", DataTypes.INT())
        .primary_key("customer_id")
        .build(),
        hosts=os.environ["ELASTICSEARCH_URL"],
        index=os.environ["INDEX"]))

    result = (t_env.from_path("profile_updates")
              .select(col("customer_id"), display_name(col("name")).alias("display_name"), col("points"))
              .execute_insert("customers"))
    result.wait()  # raises the job's error if it failed
    status = result.get_job_client().get_job_status()
    print(f"job ended {status.name}")
    return 0 if status is JobStatus.FINISHED else 1


if __name__ == "__main__":
    sys.exit(main())
