package dev.weir.engine.python;

/**
 * A Python function raised (or its worker died). Carries what the driver shows: the function's
 * name, the worker's Python traceback and the input row that caused it (null when the failure
 * belongs to no single row, e.g. a vectorized call or a crashed worker).
 */
public final class PythonFunctionException extends RuntimeException {
    private final String functionName;
    private final String pythonTraceback;
    private final String inputRow;

    public PythonFunctionException(String message, String functionName, String pythonTraceback, String inputRow) {
        super(message);
        this.functionName = functionName;
        this.pythonTraceback = pythonTraceback;
        this.inputRow = inputRow;
    }

    public String functionName() {
        return functionName;
    }

    public String pythonTraceback() {
        return pythonTraceback;
    }

    /** The input row as the engine prints rows ({@code +I[1, a]}), or null. */
    public String inputRow() {
        return inputRow;
    }
}
