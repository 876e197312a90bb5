package dev.weir.engine.bench;

import dev.weir.api.data.Row;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.io.SimpleVersionedSerializer;
import dev.weir.api.schema.Schema;
import dev.weir.api.sink.Sink;
import dev.weir.api.sink.SinkWriter;
import dev.weir.api.source.Boundedness;
import dev.weir.api.source.InputStatus;
import dev.weir.api.source.ReaderOutput;
import dev.weir.api.source.Source;
import dev.weir.api.source.SourceReader;
import dev.weir.api.source.SourceReaderContext;
import dev.weir.api.source.SourceSplit;
import dev.weir.api.source.SplitEnumerator;
import dev.weir.api.source.SplitEnumeratorContext;
import dev.weir.engine.table.EnvironmentSettings;
import dev.weir.engine.table.TableEnvironment;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A manual throughput check (not a test: no timing assertions belong in tests): generate rows
 * {id, name, price} -> JSON_OBJECT -> keep even ids -> discard, and print rows per second.
 * Run with the test classpath: {@code java -cp ... dev.weir.engine.bench.ThroughputCheck <rows> [json|aggregate] [parallelism]}.
 */
public final class ThroughputCheck {
    public static void main(String[] args) {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 20_000_000L;
        long start = System.nanoTime();
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        env.createTemporaryTable("gen", TableDescriptor.forConnector("bench-generator")
                .schema(Schema.newBuilder().column("id", "BIGINT").column("name", "STRING").column("price", "DOUBLE").build())
                .option("rows", String.valueOf(rows)).build());
        env.createTemporaryTable("discard", TableDescriptor.forConnector("bench-discard").build());
        env.getConfig().set("parallelism.default", args.length > 2 ? args[2] : "1");
        if (args.length > 1 && args[1].equals("aggregate")) {
            // through a hash exchange: a changelog row per input row
            env.from("gen").groupBy("MOD(id, 1000)").select("MOD(id, 1000) AS k", "COUNT(*) AS n", "SUM(price) AS total")
                    .executeInsert("discard").await();
        } else {
            env.from("gen").select("id", "JSON_OBJECT('id' VALUE id, 'name' VALUE name, 'price' VALUE price) AS json")
                    .filter("MOD(id, 2) = 0").select("json").executeInsert("discard").await();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%,d rows in %.2f s: %,.0f rows/s%n", rows, seconds, rows / seconds);
    }

    /** Emits {@code rows} rows from one split, up to 1024 per pollNext. */
    static final class Generator implements Source<Generator.Split, Boolean> {
        private final long rows;

        Generator(long rows) {
            this.rows = rows;
        }

        record Split(long next) implements SourceSplit {
            @Override
            public String splitId() {
                return "0";
            }
        }

        @Override
        public Boundedness boundedness() {
            return Boundedness.BOUNDED;
        }

        @Override
        public SplitEnumerator<Split, Boolean> createEnumerator(SplitEnumeratorContext<Split> context) {
            return new SplitEnumerator<>() {
                private boolean assigned;

                @Override
                public void start() {
                }

                @Override
                public void handleSplitRequest(int subtaskId) {
                }

                @Override
                public void addSplitsBack(List<Split> splits, int subtaskId) {
                }

                @Override
                public void addReader(int subtaskId) {
                    if (!assigned) {
                        assigned = true;
                        context.assignSplit(new Split(0), subtaskId);
                    }
                    context.signalNoMoreSplits(subtaskId);
                }

                @Override
                public Boolean snapshotState(long checkpointId) {
                    return assigned;
                }
            };
        }

        @Override
        public SplitEnumerator<Split, Boolean> restoreEnumerator(SplitEnumeratorContext<Split> context, Boolean checkpoint) {
            return createEnumerator(context);
        }

        @Override
        public SourceReader<Split> createReader(SourceReaderContext context) {
            return new SourceReader<>() {
                private long next = -1;
                private boolean noMore;

                @Override
                public void start() {
                }

                @Override
                public InputStatus pollNext(ReaderOutput output) {
                    if (next < 0) {
                        return noMore ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
                    }
                    for (int i = 0; i < 1024 && next < rows; i++, next++) {
                        output.collect(Row.of(next, "name-" + (next & 1023), next * 0.5));
                    }
                    return next < rows ? InputStatus.MORE_AVAILABLE : InputStatus.END_OF_INPUT;
                }

                @Override
                public CompletableFuture<Void> isAvailable() {
                    return CompletableFuture.completedFuture(null);
                }

                @Override
                public void addSplits(List<Split> splits) {
                    next = splits.get(0).next();
                }

                @Override
                public void notifyNoMoreSplits() {
                    noMore = true;
                }

                @Override
                public List<Split> snapshotState(long checkpointId) {
                    return next < 0 ? List.of() : List.of(new Split(next));
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public SimpleVersionedSerializer<Split> splitSerializer() {
            return null;
        }

        @Override
        public SimpleVersionedSerializer<Boolean> enumeratorStateSerializer() {
            return null;
        }
    }

    static Sink discard() {
        return context -> new SinkWriter() {
            @Override
            public void write(Row row) {
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }
}
