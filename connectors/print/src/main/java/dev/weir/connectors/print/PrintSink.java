package dev.weir.connectors.print;

import dev.weir.api.data.Row;
import dev.weir.api.sink.Sink;
import dev.weir.api.sink.SinkWriter;
import dev.weir.api.sink.WriterInitContext;
import java.io.PrintStream;

/** Prints rows; the stream is looked up when a writer is created, so a redirected System.out is honoured. */
final class PrintSink implements Sink {
    private final String identifier;
    private final boolean standardError;

    /** @param identifier null for none */
    PrintSink(String identifier, boolean standardError) {
        this.identifier = identifier;
        this.standardError = standardError;
    }

    @Override
    public SinkWriter createWriter(WriterInitContext context) {
        return new PrintWriter(standardError ? System.err : System.out,
                linePrefix(identifier, context.subtaskIndex(), context.parallelism()));
    }

    /** As Flink: 'id:2> ' in parallel (subtasks counted from 1), 'id> ' alone, '2> ' or nothing without an id. */
    static String linePrefix(String identifier, int subtaskIndex, int parallelism) {
        String prefix = identifier == null ? "" : identifier;
        if (parallelism > 1) {
            prefix += (prefix.isEmpty() ? "" : ":") + (subtaskIndex + 1);
        }
        return prefix.isEmpty() ? "" : prefix + "> ";
    }

    private static final class PrintWriter implements SinkWriter {
        private final PrintStream stream;
        private final String prefix;

        PrintWriter(PrintStream stream, String prefix) {
            this.stream = stream;
            this.prefix = prefix;
        }

        /** One println per row: PrintStream locks for the whole line, so parallel writers never interleave. */
        @Override
        public void write(Row row) {
            stream.println(prefix + row);
        }

        @Override
        public void flush(boolean endOfInput) {
            stream.flush();
        }

        /** The stream is the process's, not this writer's: it stays open. */
        @Override
        public void close() {
            stream.flush();
        }
    }
}
