package dev.weir.testing;

import java.util.List;

/**
 * What {@link SinkDriver#checkpoint(long)} stores, serialized: each writer's state (for sinks with
 * writer state) and every committable not yet committed, as a committer's checkpoint holds them.
 *
 * @param writerStates index = subtask; empty lists for sinks without writer state
 * @param committables prepared in this or earlier checkpoints and not committed when this one was taken
 */
public record SinkCheckpoint(long checkpointId, List<List<SerializedState>> writerStates,
                             List<SerializedState> committables) {
    public SinkCheckpoint {
        writerStates = writerStates.stream().map(List::copyOf).toList();
        committables = List.copyOf(committables);
    }
}
