package dev.weir.engine.runtime;

/** An operator failed on a row; the message names operator, subtask and row. */
public final class OperatorFailure extends RuntimeException {
    OperatorFailure(String operator, int subtask, int parallelism, Object row, Throwable cause) {
        super("Operator '" + operator + "' (subtask " + (subtask + 1) + "/" + parallelism + ") failed"
                + (row == null ? "" : " on row " + row) + ": " + describe(cause), cause);
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
