package dev.weir.engine.table;

import java.util.Iterator;

/** An iterator over a job's result; closing it cancels a job that is still running. */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
    @Override
    void close();
}
