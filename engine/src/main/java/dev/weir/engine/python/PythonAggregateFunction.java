package dev.weir.engine.python;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import dev.weir.engine.expr.AggregateFunction;
import dev.weir.engine.expr.OperatorContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * A Python aggregate function. Each subtask ({@link #open}) has its own worker; accumulators are
 * {@link PythonAccumulator}s in the operator's keyed state. {@code U} frames apply pending rows to
 * a pickled accumulator and answer the new one with the result; {@code M} frames merge
 * accumulators (session windows).
 */
public final class PythonAggregateFunction implements AggregateFunction<PythonAccumulator> {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String name;
    private final DataType resultType;
    private final List<DataType> argumentTypes;
    private final boolean vectorized;
    private final String callJson;
    private final PythonEnvironment environment;
    private transient OperatorContext context;
    private transient PythonWorker worker;
    private transient FrameBuffer buffer;

    PythonAggregateFunction(String name, DataType resultType, List<DataType> argumentTypes, boolean vectorized,
                            String callJson, PythonEnvironment environment) {
        this.name = name;
        this.resultType = resultType;
        this.argumentTypes = List.copyOf(argumentTypes);
        this.vectorized = vectorized;
        this.callJson = callJson;
        this.environment = environment;
    }

    @Override
    public AggregateFunction<PythonAccumulator> open(OperatorContext context) {
        PythonAggregateFunction instance = new PythonAggregateFunction(name, resultType, argumentTypes, vectorized,
                callJson, environment);
        instance.context = context;
        instance.buffer = new FrameBuffer(1 << 12);
        return instance;
    }

    /** True for numpy/pandas functions, which take a group's whole columns. */
    public boolean vectorized() {
        return vectorized;
    }

    @Override
    public DataType resultType() {
        return resultType;
    }

    @Override
    public PythonAccumulator createAccumulator() {
        return new PythonAccumulator();
    }

    @Override
    public PythonAccumulator accumulate(PythonAccumulator accumulator, Object[] args) {
        accumulator.add(args, true);
        if (!vectorized && accumulator.rows.size() >= environment.bundleSize()) {
            update(accumulator);
        }
        return accumulator;
    }

    @Override
    public PythonAccumulator retract(PythonAccumulator accumulator, Object[] args) {
        if (vectorized) {
            accumulator.remove(args);
        } else {
            accumulator.add(args, false);
        }
        return accumulator;
    }

    @Override
    public PythonAccumulator merge(PythonAccumulator left, PythonAccumulator right) {
        PythonAccumulator merged = new PythonAccumulator();
        if (vectorized) {
            for (int i = 0; i < left.rows.size(); i++) {
                merged.add(left.rows.get(i), true);
            }
            for (int i = 0; i < right.rows.size(); i++) {
                merged.add(right.rows.get(i), true);
            }
            return merged;
        }
        update(left);
        update(right);
        buffer.clear();
        buffer.putInt(0);
        buffer.putInt(2);
        putState(left.state);
        putState(right.state);
        PythonWorker w = worker();
        w.send('M', buffer);
        readState(w.expect('S', null), merged);
        return merged;
    }

    @Override
    public Object getValue(PythonAccumulator accumulator) {
        if (!accumulator.valueCurrent) {
            update(accumulator);
        }
        return accumulator.value;
    }

    /** Sends the pending rows (all rows, when vectorized) and takes the new state and result. */
    private void update(PythonAccumulator accumulator) {
        int count = accumulator.rows.size();
        buffer.clear();
        buffer.putInt(0);
        buffer.putInt(0);
        putState(vectorized ? new byte[0] : accumulator.state);
        buffer.putInt(count);
        buffer.putInt(0);
        Object[] column = new Object[count];
        for (int a = 0; a < argumentTypes.size(); a++) {
            for (int i = 0; i < count; i++) {
                column[i] = accumulator.rows.get(i)[a];
            }
            ColumnCodec.write(buffer, argumentTypes.get(a), column, count);
        }
        ColumnCodec.write(buffer, DataTypes.BOOLEAN().notNull(), accumulator.accumulate.toArray(), count);
        PythonWorker w = worker();
        w.send('U', buffer);
        List<Object[]> rows = List.copyOf(accumulator.rows);
        readState(w.expect('S', i -> Arrays.deepToString(rows.get(i))), accumulator);
        if (!vectorized) {
            accumulator.clearRows();
        }
    }

    private void putState(byte[] state) {
        buffer.putInt(state.length);
        buffer.putInt(0);
        buffer.putBytes(state, 0, state.length);
        buffer.align();
    }

    private void readState(PythonWorker.Frame frame, PythonAccumulator into) {
        ByteBuffer in = frame.payload();
        int length = in.getInt();
        in.getInt();
        byte[] state = new byte[length];
        in.get(state);
        in.position(in.position() + (-in.position() & 7));
        if (!vectorized) {
            into.state = state;
        }
        into.value = ColumnCodec.read(in, resultType, 1)[0];
        into.valueCurrent = true;
    }

    private PythonWorker worker() {
        if (worker == null) {
            ArrayNode calls = MAPPER.createArrayNode();
            try {
                calls.add(MAPPER.readTree(callJson));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            worker = PythonWorker.start(environment, context.operator(), context.subtask(), context.parallelism(),
                    context.metrics(), MAPPER.createArrayNode(), calls);
            worker.onUnexpectedExit(crash -> context.mailbox().accept(() -> {
                throw crash;
            }));
        }
        return worker;
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.close();
            worker = null;
        }
    }
}
