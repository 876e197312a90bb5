package dev.weir.engine.python;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The accumulator of a Python aggregate in the engine's keyed state (so it is checkpointed): the
 * pickled Python accumulator ({@code state}, empty before the first update) and the argument
 * rows not yet sent to the worker. Rows are sent in one request when the result is needed or
 * enough are pending, so a worker round trip is per group and batch, not per row. A vectorized
 * aggregate keeps all its rows here: the function sees the whole group at once.
 */
public final class PythonAccumulator implements Serializable {
    private static final long serialVersionUID = 1L;

    byte[] state = new byte[0];
    final List<Object[]> rows = new ArrayList<>();
    final List<Boolean> accumulate = new ArrayList<>();
    transient Object value;
    transient boolean valueCurrent;

    void add(Object[] arguments, boolean add) {
        rows.add(arguments.clone());
        accumulate.add(add);
        valueCurrent = false;
    }

    /** Removes one row equal to {@code arguments} (vectorized aggregates hold their rows). */
    void remove(Object[] arguments) {
        for (int i = rows.size() - 1; i >= 0; i--) {
            if (Arrays.deepEquals(rows.get(i), arguments)) {
                rows.remove(i);
                accumulate.remove(i);
                valueCurrent = false;
                return;
            }
        }
    }

    void clearRows() {
        rows.clear();
        accumulate.clear();
    }
}
