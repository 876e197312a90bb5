package dev.weir.api.sink;

import dev.weir.api.data.Row;

/** Writes rows for one parallel subtask. */
public interface SinkWriter extends AutoCloseable {
    /** May block while the external system is busy: that is how back-pressure reaches the job. */
    void write(Row row) throws Exception;

    /**
     * Makes everything written so far durable (at-least-once) or ready to commit. Called before each
     * checkpoint and at the end of input.
     */
    void flush(boolean endOfInput) throws Exception;

    @Override
    void close() throws Exception;
}
