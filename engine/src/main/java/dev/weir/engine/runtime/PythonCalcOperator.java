package dev.weir.engine.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.weir.api.data.Row;
import dev.weir.api.metrics.MetricGroup;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import dev.weir.engine.expr.CompiledExpression;
import dev.weir.engine.plan.PlanNode;
import dev.weir.engine.python.ColumnCodec;
import dev.weir.engine.python.PythonCall;
import dev.weir.engine.python.PythonWorker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Evaluates Python function calls ({@link PlanNode.PythonCalcNode}) in batches: argument
 * expressions are evaluated here per row, rows are held until the batch is full
 * ({@code python.fn-execution.bundle.size}), old enough ({@code python.fn-execution.bundle.time}),
 * the chain runs out of input, a checkpoint barrier or the end arrives. One batch is in the worker
 * while the next is filled; results come back as columns and are appended to the held rows.
 * Watermarks wait behind the rows that came before them.
 */
final class PythonCalcOperator extends StreamOperator {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DataType PARENT_INDEX = DataTypes.INT().notNull();

    private final Downstream out;
    private final PlanNode.PythonCalcNode node;
    private final CompiledExpression[] arguments;
    private final DataType[] argumentTypes;
    private final DataType[] resultTypes;
    private final int inputArity;
    private final int bundleSize;
    private final long bundleTimeNanos;
    private final ArrayDeque<Batch> inFlight = new ArrayDeque<>();
    private final Consumer<Runnable> mailbox;
    private PythonWorker worker;
    private Batch filling;
    private long fillingSinceNanos;

    /** Rows sent (or being collected) together, and the watermark that followed them. */
    private static final class Batch {
        final Row[] rows;
        final Object[][] columns;
        int count;
        long watermarkAfter = Long.MIN_VALUE;

        Batch(int capacity, int argumentCount) {
            rows = new Row[capacity];
            columns = new Object[argumentCount][capacity];
        }
    }

    /** @param mailbox runs an action on the chain's thread (a crashed worker fails the chain from there) */
    PythonCalcOperator(PlanNode.PythonCalcNode node, int subtask, int parallelism, Downstream out,
                       Consumer<Runnable> mailbox) {
        super(node.id(), node.name(), subtask, parallelism);
        this.out = out;
        this.mailbox = mailbox;
        this.node = node;
        List<CompiledExpression> args = new ArrayList<>();
        for (PythonCall call : node.calls()) {
            call.arguments().forEach(a -> args.add(a.copy()));
        }
        this.arguments = args.toArray(CompiledExpression[]::new);
        this.argumentTypes = args.stream().map(CompiledExpression::type).toArray(DataType[]::new);
        DataType resultRow = node.table() ? node.calls().get(0).resultType() : null;
        this.resultTypes = node.table() ? resultRow.fields().stream().map(DataTypes.Field::type).toArray(DataType[]::new)
                : node.calls().stream().map(PythonCall::resultType).toArray(DataType[]::new);
        this.inputArity = node.inputs().get(0).outputType().fieldCount();
        this.bundleSize = node.environment().bundleSize();
        this.bundleTimeNanos = node.environment().bundleTimeNanos();
    }

    @Override
    void open(MetricGroup metrics, List<byte[]> restored) throws Exception {
        super.open(metrics, restored);
        ArrayNode inputTypes = MAPPER.createArrayNode();
        for (DataType type : argumentTypes) {
            inputTypes.add(PythonWorker.typeJson(type));
        }
        ArrayNode calls = MAPPER.createArrayNode();
        for (PythonCall call : node.calls()) {
            try {
                calls.add(MAPPER.readTree(call.callJson()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        worker = PythonWorker.start(node.environment(), name, subtask, parallelism, metrics, inputTypes, calls);
        // Idle, the chain sends the worker nothing, so it would notice a crash only with its next row.
        worker.onUnexpectedExit(crash -> mailbox.accept(() -> {
            throw failure(null, crash);
        }));
    }

    @Override
    public void accept(Row row) {
        numRecordsIn++;
        if (filling == null) {
            filling = new Batch(bundleSize, arguments.length);
            fillingSinceNanos = System.nanoTime();
        }
        int index = filling.count;
        try {
            for (int a = 0; a < arguments.length; a++) {
                filling.columns[a][index] = arguments[a].eval(row);
            }
        } catch (RuntimeException e) {
            throw failure(row, e);
        }
        filling.rows[index] = row.copy();
        filling.count++;
        if (filling.count == bundleSize || System.nanoTime() - fillingSinceNanos >= bundleTimeNanos) {
            send();
        }
    }

    /** Sends the filling batch; then waits for the one before it, so one batch is always in the worker. */
    private void send() {
        Batch batch = filling;
        filling = null;
        worker.sendBatch(argumentTypes, batch.columns, batch.count);
        inFlight.add(batch);
        while (inFlight.size() > 1) {
            receive();
        }
    }

    private void receive() {
        Batch batch = inFlight.poll();
        ByteBuffer in;
        try {
            in = worker.receiveResults(i -> batch.rows[i].toString());
        } catch (RuntimeException e) {
            throw failure(null, e);
        }
        int produced = in.getInt();
        in.getInt();
        if (node.table()) {
            emitTableResults(batch, in, produced);
        } else {
            Object[][] results = new Object[resultTypes.length][];
            for (int c = 0; c < resultTypes.length; c++) {
                results[c] = ColumnCodec.read(in, resultTypes[c], batch.count);
            }
            for (int i = 0; i < batch.count; i++) {
                Object[] values = new Object[inputArity + resultTypes.length];
                Row input = batch.rows[i];
                for (int f = 0; f < inputArity; f++) {
                    values[f] = input.getField(f);
                }
                for (int c = 0; c < resultTypes.length; c++) {
                    values[inputArity + c] = results[c][i];
                }
                emit(new Row(input.kind(), values));
            }
        }
        if (batch.watermarkAfter != Long.MIN_VALUE) {
            out.watermark(batch.watermarkAfter);
        }
    }

    private void emitTableResults(Batch batch, ByteBuffer in, int produced) {
        Object[] parents = ColumnCodec.read(in, PARENT_INDEX, produced);
        Object[][] fields = new Object[resultTypes.length][];
        for (int c = 0; c < resultTypes.length; c++) {
            fields[c] = ColumnCodec.read(in, resultTypes[c], produced);
        }
        int next = 0;
        for (int i = 0; i < batch.count; i++) {
            Row input = batch.rows[i];
            boolean any = false;
            while (next < produced && (Integer) parents[next] == i) {
                Object[] values = new Object[inputArity + resultTypes.length];
                for (int f = 0; f < inputArity; f++) {
                    values[f] = input.getField(f);
                }
                for (int c = 0; c < resultTypes.length; c++) {
                    values[inputArity + c] = fields[c][next];
                }
                emit(new Row(input.kind(), values));
                next++;
                any = true;
            }
            if (!any && node.leftOuter()) {
                Object[] values = new Object[inputArity + resultTypes.length];
                for (int f = 0; f < inputArity; f++) {
                    values[f] = input.getField(f);
                }
                emit(new Row(input.kind(), values));
            }
        }
    }

    private void emit(Row row) {
        numRecordsOut++;
        out.accept(row);
    }

    private void drain() {
        if (filling != null) {
            send();
        }
        while (!inFlight.isEmpty()) {
            receive();
        }
    }

    @Override
    public void watermark(long watermark) {
        if (filling != null) {
            filling.watermarkAfter = watermark;
        } else if (!inFlight.isEmpty()) {
            inFlight.peekLast().watermarkAfter = watermark;
        } else {
            out.watermark(watermark);
        }
    }

    @Override
    void flushBuffered() {
        drain();
    }

    /** A checkpoint holds no rows in flight: every row before the barrier has its results emitted. */
    @Override
    byte[] snapshotState(long checkpointId) {
        drain();
        return null;
    }

    @Override
    public void endInput() {
        drain();
        out.endInput();
    }

    @Override
    void close() {
        if (worker != null) {
            worker.close();
        }
    }
}
