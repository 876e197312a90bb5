package dev.weir.engine.runtime;

import dev.weir.api.config.SensitiveUrls;
import dev.weir.api.io.SimpleVersionedSerializer;
import dev.weir.api.metrics.MetricGroup;
import dev.weir.api.source.Source;
import dev.weir.api.source.SourceSplit;
import dev.weir.api.source.SplitEnumerator;
import dev.weir.api.source.SplitEnumeratorContext;
import dev.weir.engine.plan.PlanNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Runs one source's split enumerator on its own thread. Split assignments reach readers as mail, in
 * the order they were made, and so does a checkpoint trigger: a checkpoint's enumerator state and
 * the readers' splits are consistent (a split is in exactly one of them).
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class EnumeratorHost {
    private final PlanNode.SourceNode node;
    private final SourceTask[] readers;
    private final ExecutorService thread;
    private final Set<Integer> registered = ConcurrentHashMap.newKeySet();
    private final Consumer<Throwable> onFailure;
    private final MetricGroup metrics;
    private ScheduledExecutorService workers;
    private SplitEnumerator enumerator;
    private SimpleVersionedSerializer stateSerializer;
    private volatile boolean closed;

    EnumeratorHost(PlanNode.SourceNode node, int parallelism, MetricGroup metrics, Consumer<Throwable> onFailure) {
        this.node = node;
        this.readers = new SourceTask[parallelism];
        this.metrics = metrics;
        this.onFailure = onFailure;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "weir-enumerator-" + node.name());
            t.setDaemon(true);
            return t;
        });
    }

    String sourceId() {
        return node.id();
    }

    void setReader(int subtask, SourceTask task) {
        readers[subtask] = task;
    }

    /** Creates (or restores) and starts the enumerator on its thread. */
    void start(byte[] restoredState) {
        run(() -> {
            Source source = node.newSource();
            stateSerializer = source.enumeratorStateSerializer();
            Context context = new Context();
            enumerator = restoredState == null ? source.createEnumerator(context)
                    : source.restoreEnumerator(context, StateBytes.readOne(restoredState, stateSerializer));
            enumerator.start();
        });
    }

    void registerReader(int subtask) {
        run(() -> {
            registered.add(subtask);
            enumerator.addReader(subtask);
        });
    }

    void handleSplitRequest(int subtask) {
        run(() -> enumerator.handleSplitRequest(subtask));
    }

    /** Snapshots the enumerator, then sends the trigger to every reader, all on the enumerator thread. */
    void triggerCheckpoint(long checkpointId, Consumer<byte[]> enumeratorState) {
        run(() -> {
            enumeratorState.accept(StateBytes.writeOne(enumerator.snapshotState(checkpointId), stateSerializer));
            for (SourceTask reader : readers) {
                reader.gate.putMail(() -> reader.triggerCheckpoint(checkpointId));
            }
        });
    }

    void notifyCheckpointComplete(long checkpointId) {
        run(() -> enumerator.notifyCheckpointComplete(checkpointId));
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        thread.execute(() -> {
            try {
                if (enumerator != null) {
                    enumerator.close();
                }
            } catch (Exception e) {
                // closing after the job ended: nothing left to fail
            }
        });
        thread.shutdown();
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    private void run(ThrowingRunnable action) {
        if (closed) {
            return;
        }
        try {
            thread.execute(() -> {
                try {
                    action.run();
                } catch (Throwable t) {
                    if (!closed) {
                        onFailure.accept(new IllegalStateException(SensitiveUrls.mask("Split enumerator of " + node.name()
                                + " failed: " + OperatorFailure.describe(t)), t));
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // closed concurrently
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private final class Context implements SplitEnumeratorContext {
        @Override
        public int currentParallelism() {
            return readers.length;
        }

        @Override
        public Set<Integer> registeredReaders() {
            return Set.copyOf(registered);
        }

        @Override
        public void assignSplits(Map assignment) {
            ((Map<Integer, List<SourceSplit>>) assignment).forEach((subtask, splits) -> {
                SourceTask reader = readers[subtask];
                List<SourceSplit> copy = List.copyOf(splits);
                reader.gate.putMail(() -> reader.addSplits(copy));
            });
        }

        @Override
        public void signalNoMoreSplits(int subtaskId) {
            SourceTask reader = readers[subtaskId];
            reader.gate.putMail(reader::noMoreSplits);
        }

        @Override
        public void callAsync(Callable callable, BiConsumer handler, long initialDelayMillis, long periodMillis) {
            Runnable call = () -> {
                Object result = null;
                Throwable error = null;
                try {
                    result = callable.call();
                } catch (Throwable t) {
                    error = t;
                }
                Object r = result;
                Throwable e = error;
                run(() -> handler.accept(r, e));
            };
            ScheduledExecutorService pool = workers();
            if (periodMillis > 0) {
                pool.scheduleWithFixedDelay(call, initialDelayMillis, periodMillis, TimeUnit.MILLISECONDS);
            } else {
                pool.schedule(call, initialDelayMillis, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public MetricGroup metrics() {
            return metrics;
        }
    }

    /** The worker thread for callAsync, created on first use (most sources never need it). */
    private synchronized ScheduledExecutorService workers() {
        if (workers == null) {
            ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "weir-enumerator-worker-" + node.name());
                t.setDaemon(true);
                return t;
            });
            pool.setRemoveOnCancelPolicy(true);
            workers = pool;
        }
        return workers;
    }
}
