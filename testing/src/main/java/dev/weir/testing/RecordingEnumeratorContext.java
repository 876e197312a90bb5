package dev.weir.testing;

import dev.weir.api.metrics.InMemoryMetricGroup;
import dev.weir.api.metrics.MetricGroup;
import dev.weir.api.source.SourceSplit;
import dev.weir.api.source.SplitEnumeratorContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

/**
 * An enumerator context that runs nothing and records what the enumerator asks of the engine: the
 * splits it assigns, the readers it tells there are no more splits, and the calls it schedules
 * (never run). For testing an enumerator's decisions step by step, with no system behind it; a test
 * double of the engine's side of the SPI. Used from the test's thread only.
 */
public final class RecordingEnumeratorContext<SplitT extends SourceSplit> implements SplitEnumeratorContext<SplitT> {
    private final int parallelism;
    private final Set<Integer> registeredReaders;
    private final List<Map<Integer, List<SplitT>>> assignments = new ArrayList<>();
    private final List<Integer> noMoreSplits = new ArrayList<>();
    private final List<Callable<?>> scheduledCalls = new ArrayList<>();

    /** Every reader of {@code parallelism} registered. */
    public RecordingEnumeratorContext(int parallelism) {
        this.parallelism = parallelism;
        Set<Integer> readers = new TreeSet<>();
        for (int i = 0; i < parallelism; i++) {
            readers.add(i);
        }
        this.registeredReaders = Set.copyOf(readers);
    }

    public List<Map<Integer, List<SplitT>>> assignments() {
        return assignments;
    }

    /** The readers told there are no more splits, in order. */
    public List<Integer> noMoreSplits() {
        return noMoreSplits;
    }

    /** What {@code callAsync} was given, not run. */
    public List<Callable<?>> scheduledCalls() {
        return scheduledCalls;
    }

    @Override
    public int currentParallelism() {
        return parallelism;
    }

    @Override
    public Set<Integer> registeredReaders() {
        return registeredReaders;
    }

    @Override
    public void assignSplits(Map<Integer, List<SplitT>> assignment) {
        assignments.add(assignment);
    }

    @Override
    public void signalNoMoreSplits(int subtaskId) {
        noMoreSplits.add(subtaskId);
    }

    @Override
    public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler,
                              long initialDelayMillis, long periodMillis) {
        scheduledCalls.add(callable);
    }

    @Override
    public MetricGroup metrics() {
        return new InMemoryMetricGroup();
    }
}
