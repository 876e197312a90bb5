"""The job timed by time_to_first_row.py: datagen -> collect, printing the first row."""

from weir.table import DataTypes, EnvironmentSettings, Schema, TableDescriptor, TableEnvironment

env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
source = (TableDescriptor.for_connector("datagen")
          .schema(Schema.new_builder().column("id", DataTypes.BIGINT()).column("name", DataTypes.STRING()).build())
          .option("number-of-rows", "3")
          .option("fields.name.length", "5")
          .build())
with env.from_descriptor(source).execute().collect() as rows:
    for row in rows:
        print(row, flush=True)
        break
