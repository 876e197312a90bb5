"""A PyFlink Table API program in the style of PyFlink's Table API tutorial (word count), extended
with the other things the tutorial and the Table API docs teach: a datagen source with a
watermark, where/select, a tumbling event-time window into a filesystem sink, and reading those
files back with a filesystem source.

It is written against PyFlink; the only change is its imports (``pyflink.`` -> ``weir.``).
``tests/test_pyflink_tutorial.py`` runs it and checks what it prints and writes.

    python3 pyflink_tutorial.py --output /tmp/totals
"""

import argparse
import logging
import sys

from weir.common import Row
from weir.table import (DataTypes, EnvironmentSettings, FormatDescriptor, Schema, TableDescriptor,
                        TableEnvironment)
from weir.table.expressions import col, lit
from weir.table.udf import udtf
from weir.table.window import Tumble

word_count_data = ["To be, or not to be,--that is the question:--",
                   "Whether 'tis nobler in the mind to suffer",
                   "The slings and arrows of outrageous fortune",
                   "Or to take arms against a sea of troubles,",
                   "And by opposing end them?--To die,--to sleep,--",
                   "No more; and by a sleep to say we end",
                   "The heartache, and the thousand natural shocks",
                   "That flesh is heir to,--'tis a consummation",
                   "Devoutly to be wish'd. To die,--to sleep;--",
                   "To sleep! perchance to dream:--ay, there's the rub;"]


def word_count():
    t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    # write all the data to one file
    t_env.get_config().set("parallelism.default", "1")

    tab = t_env.from_elements(map(lambda i: (i,), word_count_data),
                              DataTypes.ROW([DataTypes.FIELD('line', DataTypes.STRING())]))

    t_env.create_temporary_table(
        'sink',
        TableDescriptor.for_connector('print')
                       .schema(Schema.new_builder()
                               .column('word', DataTypes.STRING())
                               .column('count', DataTypes.BIGINT())
                               .build())
                       .build())

    @udtf(result_types=[DataTypes.STRING()])
    def split(line: Row):
        for s in line[0].split():
            yield Row(s)

    # compute word count
    tab.flat_map(split).alias('word') \
       .group_by(col('word')) \
       .select(col('word'), lit(1).count) \
       .execute_insert('sink') \
       .wait()


def windowed_totals(output_path):
    t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    t_env.get_config().set("parallelism.default", "1")

    # 60 orders, one per second of event time
    t_env.create_temporary_table(
        'orders',
        TableDescriptor.for_connector('datagen')
                       .schema(Schema.new_builder()
                               .column('id', DataTypes.BIGINT())
                               .column_by_expression('ts', "TO_TIMESTAMP_LTZ(id * 1000, 3)")
                               .watermark('ts', "ts - INTERVAL '1' SECOND")
                               .build())
                       .option('number-of-rows', 60)
                       .option('fields.id.kind', 'sequence')
                       .option('fields.id.start', 1)
                       .option('fields.id.end', 60)
                       .build())

    t_env.create_temporary_table(
        'totals',
        TableDescriptor.for_connector('filesystem')
                       .schema(Schema.new_builder()
                               .column('window_start', DataTypes.TIMESTAMP(3))
                               .column('orders', DataTypes.BIGINT())
                               .column('big_ids', DataTypes.BIGINT())
                               .build())
                       .option('path', output_path)
                       .format(FormatDescriptor.for_format('csv')
                               .option('field-delimiter', ',')
                               .build())
                       .build())

    orders = t_env.from_path('orders')
    big = orders.select(col('id'), col('ts'), (col('id') > 30).alias('big')) \
                .where(col('id') % 2 == 0)
    big.window(Tumble.over(lit(20).seconds).on(col('ts')).alias('w')) \
       .group_by(col('w')) \
       .select(col('w').start.cast(DataTypes.TIMESTAMP(3)).alias('window_start'),
               col('id').count.alias('orders'),
               col('big').cast(DataTypes.BIGINT()).sum.alias('big_ids')) \
       .execute_insert('totals') \
       .wait()

    # read the files back, as a batch job
    b_env = TableEnvironment.create(EnvironmentSettings.in_batch_mode())
    b_env.create_temporary_table(
        'written',
        TableDescriptor.for_connector('filesystem')
                       .schema(Schema.new_builder()
                               .column('window_start', DataTypes.TIMESTAMP(3))
                               .column('orders', DataTypes.BIGINT())
                               .column('big_ids', DataTypes.BIGINT())
                               .build())
                       .option('path', output_path)
                       .format('csv')
                       .build())
    with b_env.from_path('written').execute().collect() as results:
        for result in sorted(results, key=lambda r: r.window_start):
            print(f"window {result.window_start}: {result.orders} orders, {result.big_ids} over 30")


if __name__ == '__main__':
    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(message)s")

    parser = argparse.ArgumentParser()
    parser.add_argument('--output', dest='output', required=True, help='Output directory for the window totals.')
    known_args, _ = parser.parse_known_args(sys.argv[1:])

    word_count()
    windowed_totals(known_args.output)
