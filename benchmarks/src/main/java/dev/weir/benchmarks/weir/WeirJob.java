package dev.weir.benchmarks.weir;

import static dev.weir.engine.table.Expressions.$;
import static dev.weir.engine.table.Expressions.callSql;

import dev.weir.api.data.Row;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.schema.Schema;
import dev.weir.api.types.DataTypes;
import dev.weir.benchmarks.ChildProtocol;
import dev.weir.benchmarks.ChildProtocol.ChildArgs;
import dev.weir.benchmarks.JobShape;
import dev.weir.benchmarks.JobShape.JsonStage;
import dev.weir.engine.plan.JobConfig;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.engine.table.CloseableIterator;
import dev.weir.engine.table.EnvironmentSettings;
import dev.weir.engine.table.Table;
import dev.weir.engine.table.TableEnvironment;
import dev.weir.engine.table.TableResult;

/**
 * The benchmark job on Weir's Table API with its own connectors: datagen -> JSON_OBJECT -> filter
 * even ids -> blackhole (or filter -> blackhole with 'format' = 'json', for {@link JsonStage#IN_SINK}).
 * The launch job ends in a collect sink instead, whose first row is the first record at the sink.
 * Throughput runs also report when the first record reached the blackhole, as Flink's do.
 * A child JVM of the harness.
 */
public final class WeirJob {
    private static final String EVEN_IDS = "id % 2 = 0";
    /** The engine names sink operators {@code Sink[<table>]} and counts each operator's input rows. */
    private static final String SINK_OPERATORS = "Sink[";
    private static final String JSON = "JSON_OBJECT('id' VALUE id, 'name' VALUE name, 'price' VALUE price)";

    private WeirJob() {
    }

    public static void main(String[] args) throws Exception {
        ChildArgs job = ChildArgs.parse(args);
        long started = System.nanoTime();
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        env.getConfig().set(JobConfig.PARALLELISM, Integer.toString(job.parallelism()));
        Table generated = env.from(generator(job.rows()));

        long rowsOut;
        if (job.launch()) {
            rowsOut = 0;
            TableResult result = encodeThenFilter(generated).execute();
            try (CloseableIterator<Row> rows = result.collect()) {
                while (rows.hasNext()) {
                    rows.next();
                    if (rowsOut++ == 0) {
                        ChildProtocol.reportFirstRecord();
                    }
                }
            }
        } else {
            TableResult result = job.jsonStage() == JsonStage.BEFORE_FILTER
                    ? encodeThenFilter(generated).executeInsert(TableDescriptor.forConnector("blackhole").build())
                    : generated.filter(EVEN_IDS).executeInsert(
                            TableDescriptor.forConnector("blackhole").option("format", "json").build());
            awaitFirstSinkRecord(result.getJobExecution());
            result.await();
            rowsOut = result.getJobExecution().metricSum(SINK_OPERATORS, "numRecordsIn");
        }
        double jobSeconds = (System.nanoTime() - started) / 1e9;
        double processingSeconds = job.launch() ? -1 : ChildProtocol.nanosSinceFirstRecord() / 1e9;
        ChildProtocol.reportResult(job.rows(), rowsOut, jobSeconds, processingSeconds);
        ChildProtocol.reportPeakRss();
    }

    /**
     * The blackhole sink has no hook of its own, so the first record is seen through the engine's
     * count of the sink's input, polled every millisecond: at most about a millisecond late, and a
     * mostly sleeping thread costs the job next to nothing.
     */
    private static void awaitFirstSinkRecord(JobExecution execution) throws InterruptedException {
        while (!execution.completion().isDone()) {
            if (execution.metricSum(SINK_OPERATORS, "numRecordsIn") > 0) {
                ChildProtocol.reportFirstRecord();
                return;
            }
            Thread.sleep(1);
        }
    }

    private static Table encodeThenFilter(Table generated) {
        return generated.select($("id"), callSql(JSON).as("json")).filter(EVEN_IDS);
    }

    /** Ids 0 .. rows - 1 in sequence, a random hex name, a random price; a rate limit far above reach. */
    private static TableDescriptor generator(long rows) {
        return TableDescriptor.forConnector("datagen")
                .schema(Schema.newBuilder()
                        .column("id", DataTypes.BIGINT().notNull())
                        .column("name", DataTypes.STRING())
                        .column("price", DataTypes.DOUBLE())
                        .build())
                .option("rows-per-second", "1000000000000")
                .option("number-of-rows", Long.toString(rows))
                .option("fields.id.kind", "sequence")
                .option("fields.id.start", "0")
                .option("fields.id.end", Long.toString(rows - 1))
                .option("fields.name.length", Integer.toString(JobShape.NAME_LENGTH))
                .option("fields.price.min", Double.toString(JobShape.PRICE_MIN))
                .option("fields.price.max", Double.toString(JobShape.PRICE_MAX))
                .build();
    }
}
