package dev.weir.engine.runtime;

import dev.weir.api.data.Row;
import dev.weir.api.metrics.InMemoryMetricGroup;
import dev.weir.engine.plan.PhysicalPlan;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;

/**
 * A chain fed by exchanges. Its watermark is the minimum over input channels that are neither idle
 * nor ended; once every live channel is idle, the largest watermark among them. Checkpoint barriers are aligned: a channel that delivered barrier n is held back
 * (its messages stashed) until every other live channel delivered it too; an ended channel counts
 * as aligned.
 */
final class InputTask extends ChainTask {
    private final long[] channelWatermarks;
    private final boolean[] channelIdle;
    private final boolean[] channelEnded;
    private final boolean[] channelBlocked;
    private final ArrayDeque<Message>[] stashed;
    private int endedChannels;
    private long emittedWatermark = Long.MIN_VALUE;
    private long aligningCheckpoint = -1;
    private long lastCheckpoint = -1;
    private boolean idleSent;

    @SuppressWarnings("unchecked")
    InputTask(PhysicalPlan.Chain chain, int subtask, int parallelism, int channels, InputGate gate, TaskListener listener,
              InMemoryMetricGroup metrics, RestoredState restored, int attemptNumber) {
        super(chain, subtask, parallelism, gate, listener, metrics, restored, attemptNumber);
        channelWatermarks = new long[channels];
        Arrays.fill(channelWatermarks, Long.MIN_VALUE);
        channelIdle = new boolean[channels];
        channelEnded = new boolean[channels];
        channelBlocked = new boolean[channels];
        stashed = new ArrayDeque[channels];
    }

    @Override
    void runTask() throws Exception {
        gate.registerMetrics(operatorMetrics(chain.head().name()));
        int channels = channelEnded.length;
        while (endedChannels < channels && !cancelled) {
            Object next = gate.poll();
            if (next == null) {
                flushIdle();
                next = gate.take();
            }
            if (next instanceof Runnable mail) {
                mail.run();
                continue;
            }
            Message m = (Message) next;
            if (channelBlocked[m.channel]) {
                stash(m);
            } else {
                process(m);
            }
            if (exchange != null) {
                exchange.flushIfLingering();
            }
        }
        if (!cancelled) {
            first.endInput();
        }
    }

    private void stash(Message m) {
        if (stashed[m.channel] == null) {
            stashed[m.channel] = new ArrayDeque<>();
        }
        stashed[m.channel].add(m);
    }

    private void process(Message m) throws Exception {
        switch (m.kind) {
            case Message.DATA -> processData(m);
            case Message.BARRIER -> processBarrier(m.channel, m.checkpointId);
            default -> {
                channelEnded[m.channel] = true;
                endedChannels++;
                if (aligningCheckpoint >= 0) {
                    completeAlignmentIfReady();
                }
                updateWatermark();
            }
        }
    }

    private void processData(Message m) {
        int channel = m.channel;
        Object[] elements = m.elements;
        Downstream head = first;
        for (int i = 0; i < m.size; i++) {
            Object e = elements[i];
            if (e instanceof Row row) {
                if (channelIdle[channel]) {
                    channelIdle[channel] = false;
                }
                head.accept(row);
            } else if (e instanceof Message.Watermark w) {
                channelIdle[channel] = false;
                if (w.value > channelWatermarks[channel]) {
                    channelWatermarks[channel] = w.value;
                }
                updateWatermark();
            } else {
                channelIdle[channel] = true;
                updateWatermark();
            }
        }
    }

    private void updateWatermark() {
        long min = Long.MAX_VALUE;
        boolean anyActive = false;
        for (int c = 0; c < channelWatermarks.length; c++) {
            if (!channelIdle[c] && !channelEnded[c]) {
                anyActive = true;
                min = Math.min(min, channelWatermarks[c]);
            }
        }
        if (!anyActive) {
            // as Flink's StatusWatermarkValve: when the last active channel goes idle, event time moves to the
            // largest watermark any live channel reached, so a channel that went idle early holds nothing back
            long max = Long.MIN_VALUE;
            for (int c = 0; c < channelWatermarks.length; c++) {
                if (!channelEnded[c]) {
                    max = Math.max(max, channelWatermarks[c]);
                }
            }
            if (max > emittedWatermark) {
                emittedWatermark = max;
                first.watermark(max);
            }
            if (endedChannels < channelEnded.length && !idleSent && exchange != null) {
                idleSent = true;
                exchange.idle();
            }
            return;
        }
        idleSent = false;
        if (min > emittedWatermark) {
            emittedWatermark = min;
            first.watermark(min);
        }
    }

    private void processBarrier(int channel, long checkpointId) throws Exception {
        if (checkpointId <= lastCheckpoint) {
            return;
        }
        if (checkpointId > aligningCheckpoint) {
            if (aligningCheckpoint >= 0) {
                // a newer barrier overtook an unfinished alignment (that checkpoint was abandoned)
                unblockAll();
            }
            aligningCheckpoint = checkpointId;
        }
        channelBlocked[channel] = true;
        completeAlignmentIfReady();
    }

    private void completeAlignmentIfReady() throws Exception {
        for (int c = 0; c < channelBlocked.length; c++) {
            if (!channelBlocked[c] && !channelEnded[c]) {
                return;
            }
        }
        long checkpointId = aligningCheckpoint;
        aligningCheckpoint = -1;
        lastCheckpoint = checkpointId;
        checkpoint(checkpointId, new LinkedHashMap<>());
        unblockAll();
    }

    private void unblockAll() throws Exception {
        Arrays.fill(channelBlocked, false);
        for (int c = 0; c < stashed.length; c++) {
            while (stashed[c] != null && !stashed[c].isEmpty() && !channelBlocked[c]) {
                process(stashed[c].poll());
            }
        }
    }
}
