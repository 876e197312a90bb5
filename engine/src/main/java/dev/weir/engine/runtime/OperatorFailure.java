package dev.weir.engine.runtime;

import dev.weir.api.config.SensitiveUrls;

/**
 * An operator failed on a row; the message names operator, subtask and row, with the user info of
 * any URL in it masked (a client's error quoting a host URL must not show its password).
 */
public final class OperatorFailure extends RuntimeException {
    OperatorFailure(String operator, int subtask, int parallelism, Object row, Throwable cause) {
        super(SensitiveUrls.mask("Operator '" + operator + "' (subtask " + (subtask + 1) + "/" + parallelism + ") failed"
                + (row == null ? "" : " on row " + row) + ": " + describe(cause)), cause);
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
