package dev.weir.engine.builtin;

import dev.weir.api.data.Row;
import dev.weir.api.sink.Sink;
import dev.weir.api.sink.SinkWriter;
import dev.weir.api.sink.WriterInitContext;
import java.io.PrintStream;

/** Prints changelog lines ({@code +I[1, Alice]}); with parallelism above one, prefixed by subtask as Flink does ({@code 2> }). */
public final class PrintSink implements InProcess, Sink {
    private final transient PrintStream out;

    public PrintSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public SinkWriter createWriter(WriterInitContext context) {
        String prefix = context.parallelism() > 1 ? (context.subtaskIndex() + 1) + "> " : "";
        return new SinkWriter() {
            @Override
            public void write(Row row) {
                out.println(prefix + row);
            }

            @Override
            public void flush(boolean endOfInput) {
                out.flush();
            }

            @Override
            public void close() {
            }
        };
    }
}
