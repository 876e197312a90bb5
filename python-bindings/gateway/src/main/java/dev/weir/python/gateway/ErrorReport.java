package dev.weir.python.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.api.ValidationException;
import dev.weir.engine.python.PythonFunctionException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.Set;

/**
 * The {@code error} of a response. A user's mistake ({@link ValidationException}, which includes
 * planning errors) is kind "validation" with every problem listed; anything else is kind "java",
 * with a message summarising the cause chain. Both carry the full Java stack trace.
 */
final class ErrorReport {
    private ErrorReport() {
    }

    static ObjectNode of(Throwable error) {
        ObjectNode node = ProtocolWriter.MAPPER.createObjectNode();
        ValidationException validation = findValidation(error);
        if (validation != null) {
            node.put("kind", "validation").put("message", validation.getMessage());
            ArrayNode problems = node.putArray("problems");
            validation.problems().forEach(problems::add);
        } else {
            node.put("kind", "java").put("message", summary(error));
        }
        node.put("javaClass", (validation != null ? validation : error).getClass().getName());
        PythonFunctionException python = findPython(error);
        if (python != null) {
            node.putObject("python").put("function", python.functionName()).put("traceback", python.pythonTraceback())
                    .put("inputRow", python.inputRow());
        }
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        node.put("trace", trace.toString());
        return node;
    }

    /** A validation problem raised inside a job (say, a source validating late) still reads as one. */
    private static ValidationException findValidation(Throwable error) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof ValidationException v) {
                return v;
            }
        }
        return null;
    }

    /** A Python function's failure anywhere in the cause chain: the driver raises it with its traceback. */
    private static PythonFunctionException findPython(Throwable error) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof PythonFunctionException p) {
                return p;
            }
        }
        return null;
    }

    /** "Job failed: x (caused by IOException: y)": the top message and the root cause, by class. */
    static String summary(Throwable error) {
        Throwable root = error;
        Set<Throwable> seen = new HashSet<>();
        while (root.getCause() != null && seen.add(root)) {
            root = root.getCause();
        }
        String top = describe(error);
        if (root == error || top.contains(String.valueOf(root.getMessage()))) {
            return top;
        }
        return top + " (caused by " + describe(root) + ")";
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + message;
    }
}
