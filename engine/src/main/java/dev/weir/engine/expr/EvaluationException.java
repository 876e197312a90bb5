package dev.weir.engine.expr;

/**
 * An expression failed on a particular row: a failing CAST, a division by zero. The message names the
 * expression and the offending value. Raised while a job runs, unlike {@link PlanException}.
 */
public class EvaluationException extends RuntimeException {
    public EvaluationException(String message) {
        super(message);
    }

    public EvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
