package dev.weir.engine.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The checkpoint an attempt starts from (or none), handed out per operator and subtask. */
final class RestoredState {
    static final RestoredState NONE = new RestoredState(null);

    private final CheckpointData checkpoint;

    RestoredState(CheckpointData checkpoint) {
        this.checkpoint = checkpoint;
    }

    OptionalLong checkpointId() {
        return checkpoint == null ? OptionalLong.empty() : OptionalLong.of(checkpoint.id());
    }

    CheckpointData checkpoint() {
        return checkpoint;
    }

    /**
     * Keyed state: every old subtask's snapshot (each operator keeps the keys that hash to it now).
     * Other state (reader splits, writer state): the same subtask's, or after a parallelism change
     * the old subtasks' snapshots dealt round-robin.
     */
    List<byte[]> statesFor(String operatorId, int subtask, int parallelism, boolean keyed) {
        if (checkpoint == null) {
            return List.of();
        }
        Map<Integer, byte[]> states = checkpoint.operatorStates().get(operatorId);
        if (states == null) {
            return List.of();
        }
        List<byte[]> out = new ArrayList<>();
        states.forEach((oldSubtask, bytes) -> {
            if (keyed || (checkpoint.parallelism() == parallelism ? oldSubtask == subtask : oldSubtask % parallelism == subtask)) {
                out.add(bytes);
            }
        });
        return out;
    }

    byte[] enumeratorState(String operatorId) {
        return checkpoint == null ? null : checkpoint.enumeratorStates().get(operatorId);
    }
}
