package dev.weir.engine.runtime;

import java.util.List;
import java.util.Map;

/** How subtasks report to their job attempt. Called from subtask threads. */
interface TaskListener {
    void taskFailed(ChainTask task, Throwable cause);

    void taskFinished(ChainTask task);

    /**
     * The subtask took its part of checkpoint {@code checkpointId}.
     *
     * @param states operator id to its state bytes
     * @param committables sink operator id to the committables its writer prepared
     */
    void acknowledgeCheckpoint(long checkpointId, ChainTask task, Map<String, byte[]> states,
                               Map<String, List<Object>> committables);
}
