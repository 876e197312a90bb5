package dev.weir.benchmarks.flink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.weir.benchmarks.ChildProtocol;
import dev.weir.benchmarks.ChildProtocol.ChildArgs;
import dev.weir.benchmarks.JobShape;
import dev.weir.benchmarks.JobShape.JsonStage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The benchmark job on Flink's DataStream API in a local MiniCluster: DataGeneratorSource -> map to
 * JSON bytes -> filter even ids -> a discarding sink (or filter first, for {@link JsonStage#IN_SINK}).
 * A child JVM of the harness.
 */
public final class FlinkJob {
    private FlinkJob() {
    }

    public static void main(String[] args) throws Exception {
        ChildArgs job = ChildArgs.parse(args);
        // Timed from before the environment exists, as on Weir, so both jobs include their set-up.
        long started = System.nanoTime();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(job.parallelism());
        // What a throughput-minded Flink user sets: chained operators pass records on without copying.
        env.getConfig().enableObjectReuse();

        DataGeneratorSource<GeneratedRow> source = new DataGeneratorSource<>(new RowGenerator(), job.rows(),
                RateLimiterStrategy.noOp(), TypeInformation.of(GeneratedRow.class));
        DataStream<GeneratedRow> rows = env.fromSource(source, WatermarkStrategy.noWatermarks(), "datagen");
        DataStream<EncodedRow> kept = job.jsonStage() == JsonStage.BEFORE_FILTER
                ? rows.map(new JsonEncoder()).filter(row -> row.id % 2 == 0)
                : rows.filter(row -> row.id % 2 == 0).map(new JsonEncoder());
        kept.sinkTo(new CountingDiscardSink());

        env.execute("generate-json-filter-discard");
        double jobSeconds = (System.nanoTime() - started) / 1e9;
        double processingSeconds = ChildProtocol.nanosSinceFirstRecord() / 1e9;
        ChildProtocol.reportResult(job.rows(), CountingDiscardSink.RECORDS.sum(), jobSeconds, processingSeconds);
        ChildProtocol.reportPeakRss();
    }

    /** The generated row; a Flink POJO (public fields, no-argument constructor). */
    public static final class GeneratedRow {
        public long id;
        public String name;
        public double price;
    }

    /** The row after encoding: the id the filter needs and the JSON object as UTF-8 bytes. */
    public static final class EncodedRow {
        public long id;
        public byte[] json;
    }

    /**
     * Ids 0, 1, 2, ... (the source splits the index range across subtasks); the name is lower-case hex
     * from one random long and the price one random double, the same cost as Weir's datagen.
     */
    static final class RowGenerator implements GeneratorFunction<Long, GeneratedRow> {
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

        @Override
        public GeneratedRow map(Long index) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            byte[] name = new byte[JobShape.NAME_LENGTH];
            long bits = random.nextLong();
            for (int i = 0; i < name.length; i++) {
                name[i] = HEX[(int) bits & 0xF];
                bits >>>= 4;
            }
            GeneratedRow row = new GeneratedRow();
            row.id = index;
            row.name = new String(name, StandardCharsets.ISO_8859_1);
            row.price = random.nextDouble(JobShape.PRICE_MIN, JobShape.PRICE_MAX);
            return row;
        }
    }

    /**
     * Encodes like Weir's JSON format: one Jackson generator over one reused buffer per subtask, so
     * a row costs the writing plus the returned array.
     */
    static final class JsonEncoder implements MapFunction<GeneratedRow, EncodedRow> {
        private transient ByteArrayBuilder buffer;
        private transient JsonGenerator generator;

        @Override
        public EncodedRow map(GeneratedRow row) throws IOException {
            if (generator == null) {
                JsonFactory factory = new JsonFactoryBuilder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
                buffer = new ByteArrayBuilder(256);
                generator = factory.createGenerator(buffer).setRootValueSeparator(null);
            }
            generator.writeStartObject();
            generator.writeNumberField("id", row.id);
            generator.writeStringField("name", row.name);
            generator.writeNumberField("price", row.price);
            generator.writeEndObject();
            generator.flush();
            EncodedRow encoded = new EncodedRow();
            encoded.id = row.id;
            encoded.json = buffer.toByteArray();
            buffer.reset();
            return encoded;
        }
    }

    /**
     * Discards like Flink's DiscardingSink, but counts (to check the filter's output) and reports the
     * first record (for launch-to-first-record). The MiniCluster runs every subtask in this JVM, so
     * static state is visible to main().
     */
    static final class CountingDiscardSink implements Sink<EncodedRow> {
        static final LongAdder RECORDS = new LongAdder();

        @Override
        public SinkWriter<EncodedRow> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                private long records;

                @Override
                public void write(EncodedRow row, Context context) {
                    if (records++ == 0) {
                        ChildProtocol.reportFirstRecord();
                    }
                }

                @Override
                public void flush(boolean endOfInput) {
                }

                @Override
                public void close() {
                    RECORDS.add(records);
                }
            };
        }
    }
}
