package dev.weir.api.sink;

import dev.weir.api.metrics.MetricGroup;
import java.util.OptionalLong;

/** What the engine offers a writer. */
public interface WriterInitContext {
    int subtaskIndex();

    int parallelism();

    /** How often this job has been restarted (0 on first run). */
    int attemptNumber();

    /** The checkpoint the job was restored from, if any. */
    OptionalLong restoredCheckpointId();

    MetricGroup metrics();
}
