package dev.weir.engine.builtin;

import dev.weir.api.data.Row;
import dev.weir.api.sink.Sink;
import dev.weir.api.sink.SinkWriter;
import dev.weir.api.sink.WriterInitContext;
import java.util.concurrent.BlockingQueue;

/**
 * Hands rows to the caller of {@code TableResult.collect()} through a bounded queue, so a caller
 * that reads slowly back-pressures the job. Never serialized: it only runs in this JVM.
 */
public final class CollectSink implements InProcess, Sink {
    private final transient BlockingQueue<Row> rows;

    public CollectSink(BlockingQueue<Row> rows) {
        this.rows = rows;
    }

    @Override
    public SinkWriter createWriter(WriterInitContext context) {
        return new SinkWriter() {
            @Override
            public void write(Row row) throws InterruptedException {
                rows.put(row.copy());
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
