package dev.weir.engine.runtime;

import java.util.Map;
import java.util.TreeMap;

/**
 * A complete checkpoint: per operator and subtask the state bytes (source operators: their reader
 * splits), per source the enumerator state, per two-phase-commit sink the committables to commit.
 */
record CheckpointData(long id, int parallelism, Map<String, byte[]> enumeratorStates,
                      Map<String, Map<Integer, byte[]>> operatorStates, Map<String, byte[]> committables) {

    static CheckpointData empty(long id, int parallelism) {
        return new CheckpointData(id, parallelism, new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
    }
}
