package dev.weir.api.source;

import dev.weir.api.metrics.MetricGroup;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

/** What the engine offers an enumerator. */
public interface SplitEnumeratorContext<SplitT extends SourceSplit> {
    int currentParallelism();

    /** Subtasks whose readers have registered. */
    Set<Integer> registeredReaders();

    /** Assigns splits to readers: subtask id to splits. */
    void assignSplits(Map<Integer, List<SplitT>> assignment);

    default void assignSplit(SplitT split, int subtaskId) {
        assignSplits(Map.of(subtaskId, List.of(split)));
    }

    /** Tells a reader it will get no more splits: a bounded reader finishes when its splits are done. */
    void signalNoMoreSplits(int subtaskId);

    /**
     * Runs a callable on a worker thread (e.g. listing partitions, which blocks) and its handler on
     * the enumerator thread. With a period above zero it repeats.
     */
    <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler, long initialDelayMillis, long periodMillis);

    default <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {
        callAsync(callable, handler, 0, 0);
    }

    MetricGroup metrics();
}
