package dev.weir.engine.python;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.api.metrics.MetricGroup;
import dev.weir.api.types.DataType;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * One Python worker process (python -m weir._worker) serving one operator subtask, over its
 * stdin/stdout with length-prefixed frames (python-bindings/README.md, "Python workers"). A reader
 * thread takes every frame the worker sends: what it prints goes to the job's output and what it
 * logs to {@code System.Logger} "weir.python", each line prefixed with the operator and subtask;
 * counters become gauges of the operator; answers wait in a queue for the operator thread.
 * Several requests may be in flight: answers come in request order.
 */
public final class PythonWorker implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger("weir.python");
    private static final int STDERR_LINES_KEPT = 40;
    private static final Frame DIED = new Frame('!', null);

    /** A frame from the worker: {@code kind} is its type byte; {@code payload} is little-endian. */
    record Frame(char kind, ByteBuffer payload) {
    }

    private final String prefix;
    private final Process process;
    private final OutputStream toWorker;
    private final BlockingQueue<Frame> answers = new LinkedBlockingQueue<>();
    private final ArrayDeque<String> stderrTail = new ArrayDeque<>();
    private final Map<String, Long> metricValues = new ConcurrentHashMap<>();
    private final MetricGroup metrics;
    private final PrintStream output;
    private final byte[] header = new byte[5];
    private final FrameBuffer batch = new FrameBuffer(1 << 16);
    private volatile boolean closing;

    private PythonWorker(String prefix, Process process, MetricGroup metrics, PrintStream output) {
        this.prefix = prefix;
        this.process = process;
        this.toWorker = process.getOutputStream();
        this.metrics = metrics;
        this.output = output;
    }

    /**
     * Starts a worker and sends it the operator's functions; returns once every function's
     * {@code open()} ran (a failure there is thrown as a {@link PythonFunctionException}).
     */
    public static PythonWorker start(PythonEnvironment environment, String operator, int subtask, int parallelism,
                                     MetricGroup metrics, ArrayNode inputTypes, ArrayNode calls) {
        String prefix = "[" + operator + " (" + (subtask + 1) + "/" + parallelism + ")] ";
        Process process;
        try {
            process = environment.workerProcess().start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the Python worker for " + prefix.trim() + ": " + e.getMessage()
                    + ". Set 'python.executable' to a Python 3 with numpy and cloudpickle.", e);
        }
        PythonWorker worker = new PythonWorker(prefix, process, metrics, environment.output());
        worker.startThreads(operator, subtask);
        ObjectNode init = MAPPER.createObjectNode().put("protocol", 1).put("operator", operator)
                .put("subtask", subtask).put("parallelism", parallelism);
        ObjectNode parameters = init.putObject("jobParameters");
        environment.jobParameters().forEach(parameters::put);
        init.set("inputTypes", inputTypes);
        init.set("calls", calls);
        byte[] json = init.toString().getBytes(StandardCharsets.UTF_8);
        try {
            worker.send('I', json, json.length);
            worker.expect('K', null);
        } catch (RuntimeException e) {
            worker.close();
            throw e;
        }
        return worker;
    }

    private void startThreads(String operator, int subtask) {
        Thread reader = new Thread(this::readFrames, "python-worker-reader " + operator + " " + subtask);
        reader.setDaemon(true);
        reader.start();
        Thread errors = new Thread(this::readStderr, "python-worker-stderr " + operator + " " + subtask);
        errors.setDaemon(true);
        errors.start();
    }

    /** The description of a column type the worker decodes with. */
    public static ObjectNode typeJson(DataType type) {
        ObjectNode node = MAPPER.createObjectNode().put("root", type.root().name()).put("nullable", type.isNullable())
                .put("sql", type.toString());
        switch (type.root()) {
            case ARRAY -> node.set("element", typeJson(type.elementType()));
            case MAP -> node.<ObjectNode>set("key", typeJson(type.keyType())).set("value", typeJson(type.valueType()));
            case ROW -> {
                ArrayNode fields = node.putArray("fields");
                type.fields().forEach(f -> fields.addObject().put("name", f.name()).set("type", typeJson(f.type())));
            }
            default -> {
            }
        }
        return node;
    }

    void send(char kind, byte[] payload, int length) {
        header[0] = (byte) length;
        header[1] = (byte) (length >>> 8);
        header[2] = (byte) (length >>> 16);
        header[3] = (byte) (length >>> 24);
        header[4] = (byte) kind;
        try {
            toWorker.write(header);
            toWorker.write(payload, 0, length);
            toWorker.flush();
        } catch (IOException e) {
            throw died(e);
        }
    }

    /** Sends a batch frame: the row count, then one column per argument. */
    public void sendBatch(DataType[] types, Object[][] columns, int count) {
        batch.clear();
        batch.putInt(count);
        batch.putInt(0);
        for (int c = 0; c < types.length; c++) {
            ColumnCodec.write(batch, types[c], columns[c], count);
        }
        send('B', batch);
    }

    /**
     * The results of the oldest batch sent, positioned at its output row count; a function's
     * failure names the input row ({@code rows} describes the batch's rows by index).
     */
    public ByteBuffer receiveResults(IntFunction<String> rows) {
        return expect('R', rows).payload();
    }

    void send(char kind, FrameBuffer payload) {
        send(kind, payload.array(), payload.position());
    }

    /**
     * The next answer, which must be of {@code kind}; an error frame becomes a
     * {@link PythonFunctionException} naming {@code rows.apply(index)} when it names a row.
     */
    Frame expect(char kind, IntFunction<String> rows) {
        Frame frame;
        try {
            frame = answers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the Python worker");
        }
        if (frame == DIED) {
            answers.add(DIED);
            throw died(null);
        }
        if (frame.kind == 'E') {
            throw functionError(frame, rows);
        }
        if (frame.kind != kind) {
            throw new IllegalStateException(prefix + "expected a '" + kind + "' frame from the Python worker, got '" + frame.kind + "'");
        }
        return frame;
    }

    private PythonFunctionException functionError(Frame frame, IntFunction<String> rows) {
        JsonNode error = json(frame);
        String function = error.path("function").asText("");
        int row = error.path("row").asInt(-1);
        String input = row >= 0 && rows != null ? rows.apply(row) : null;
        String traceback = error.path("traceback").asText("");
        String message = (function.isEmpty() ? "The Python worker failed" : "Python function '" + function + "' failed")
                + (input == null ? "" : " on input row " + input) + ": " + error.path("message").asText()
                + (traceback.isEmpty() ? "" : "\n" + traceback.stripTrailing());
        return new PythonFunctionException(message, function, traceback, input);
    }

    private PythonFunctionException died(Exception cause) {
        int exit;
        try {
            exit = process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = -1;
        }
        String tail;
        synchronized (stderrTail) {
            tail = String.join("\n", stderrTail);
        }
        PythonFunctionException e = new PythonFunctionException(prefix + "the Python worker exited unexpectedly"
                + (exit == -1 ? "" : " with code " + exit) + (tail.isEmpty() ? "" : "; its last output:\n" + tail),
                "", tail, null);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    private void readFrames() {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16))) {
            byte[] head = new byte[5];
            while (true) {
                in.readFully(head);
                int length = (head[0] & 0xff) | (head[1] & 0xff) << 8 | (head[2] & 0xff) << 16 | (head[3] & 0xff) << 24;
                byte[] payload = new byte[length];
                in.readFully(payload);
                Frame frame = new Frame((char) head[4], ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN));
                switch (frame.kind) {
                    case 'O' -> printLines(json(frame).path("text").asText());
                    case 'L' -> log(json(frame));
                    case 'C' -> updateMetrics(json(frame));
                    default -> answers.add(frame);
                }
            }
        } catch (IOException | RuntimeException e) {
            // end of stream: the worker exited (or was closed)
        } finally {
            answers.add(DIED);
        }
    }

    private void readStderr() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_LINES_KEPT) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line);
                }
                LOG.log(System.Logger.Level.WARNING, prefix + line);
            }
        } catch (IOException ignored) {
            // the worker exited
        }
    }

    private void printLines(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            out.append(prefix).append(line).append('\n');
        }
        synchronized (output) {
            output.print(out);
            output.flush();
        }
    }

    private void log(JsonNode record) {
        System.Logger.Level level = switch (record.path("level").asText()) {
            case "DEBUG" -> System.Logger.Level.DEBUG;
            case "WARNING" -> System.Logger.Level.WARNING;
            case "ERROR", "CRITICAL" -> System.Logger.Level.ERROR;
            default -> System.Logger.Level.INFO;
        };
        LOG.log(level, prefix + record.path("logger").asText() + ": " + record.path("message").asText());
    }

    private void updateMetrics(JsonNode values) {
        values.fields().forEachRemaining(e -> {
            if (metricValues.put(e.getKey(), e.getValue().asLong()) == null && metrics != null) {
                String name = e.getKey();
                metrics.gauge(name, () -> metricValues.getOrDefault(name, 0L));
            }
        });
    }

    private static JsonNode json(Frame frame) {
        ByteBuffer b = frame.payload;
        try {
            return MAPPER.readTree(new String(b.array(), b.arrayOffset(), b.limit(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Malformed frame from the Python worker", e);
        }
    }

    /**
     * Calls {@code handler} (on another thread) if the worker process ends before {@link #close()}:
     * so an operator learns of a crashed worker while it has nothing to send it, not only at its
     * next batch.
     */
    public void onUnexpectedExit(Consumer<PythonFunctionException> handler) {
        process.onExit().thenRun(() -> {
            if (!closing) {
                handler.accept(died(null));
            }
        });
    }

    /** Asks the worker to close its functions and exit; kills it if it does not within 5 s. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        try {
            if (process.isAlive()) {
                send('X', new byte[0], 0);
                toWorker.close();
            }
        } catch (RuntimeException | IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
