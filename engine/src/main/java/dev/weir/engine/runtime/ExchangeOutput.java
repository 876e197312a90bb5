package dev.weir.engine.runtime;

import dev.weir.api.data.Row;
import dev.weir.engine.expr.CompiledExpression;
import java.util.Arrays;
import java.util.concurrent.CancellationException;

/**
 * The end of a chain that feeds another chain: buffers rows per target subtask and sends them as
 * batches (a full batch, before a barrier or the end, when the chain runs out of input, or when a
 * buffer lingers too long). Watermarks and idleness travel inside batches, in order with rows, so
 * downstream sees exactly which rows came before a watermark.
 */
final class ExchangeOutput implements Downstream {
    private static final long LINGER_NANOS = 50_000_000L;

    private final InputGate[] targets;
    private final int[] channelAtTarget;
    private final CompiledExpression[] keys;
    private final int batchSize;
    private final Object[][] buffers;
    private final int[] sizes;
    private long lastFlushNanos = System.nanoTime();

    /**
     * @param targets the consumer subtasks this output sends to (one for a forward exchange)
     * @param channelAtTarget this producer's channel index at each target
     * @param keys hash-partitioning keys; null for forward
     */
    ExchangeOutput(InputGate[] targets, int[] channelAtTarget, CompiledExpression[] keys, int batchSize) {
        this.targets = targets;
        this.channelAtTarget = channelAtTarget;
        this.keys = keys;
        this.batchSize = batchSize;
        this.buffers = new Object[targets.length][];
        this.sizes = new int[targets.length];
    }

    @Override
    public void accept(Row row) {
        int target = 0;
        if (keys != null) {
            Object[] key = new Object[keys.length];
            for (int i = 0; i < keys.length; i++) {
                key[i] = keys[i].eval(row);
            }
            target = KeyHashing.subtaskFor(Arrays.asList(key), targets.length);
        }
        append(target, row.copy());
    }

    @Override
    public void watermark(long watermark) {
        for (int t = 0; t < targets.length; t++) {
            Object[] buffer = buffers[t];
            int size = sizes[t];
            if (size > 0 && buffer[size - 1] instanceof Message.Watermark last) {
                last.value = watermark;
            } else {
                append(t, new Message.Watermark(watermark));
            }
        }
    }

    /** Every row of this channel so far is sent; downstream must not wait for it to advance event time. */
    void idle() {
        for (int t = 0; t < targets.length; t++) {
            append(t, Message.IDLE);
        }
    }

    @Override
    public void endInput() {
        flush();
        for (int t = 0; t < targets.length; t++) {
            put(t, Message.end(channelAtTarget[t]));
        }
    }

    void barrier(long checkpointId) {
        flush();
        for (int t = 0; t < targets.length; t++) {
            put(t, Message.barrier(channelAtTarget[t], checkpointId));
        }
    }

    void flush() {
        for (int t = 0; t < targets.length; t++) {
            if (sizes[t] > 0) {
                flush(t);
            }
        }
        lastFlushNanos = System.nanoTime();
    }

    /** Sends buffers that have waited longer than the linger time (called periodically by busy chains). */
    void flushIfLingering() {
        if (System.nanoTime() - lastFlushNanos > LINGER_NANOS) {
            flush();
        }
    }

    private void append(int target, Object element) {
        Object[] buffer = buffers[target];
        if (buffer == null) {
            buffer = buffers[target] = new Object[batchSize];
        }
        buffer[sizes[target]++] = element;
        if (sizes[target] == batchSize) {
            flush(target);
        }
    }

    private void flush(int target) {
        Message m = Message.data(channelAtTarget[target], buffers[target], sizes[target]);
        buffers[target] = null;
        sizes[target] = 0;
        put(target, m);
    }

    private void put(int target, Message m) {
        try {
            targets[target].put(m);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
    }
}
