package dev.weir.engine.expr;

import dev.weir.api.ValidationException;

/**
 * A job cannot be planned: an unknown column or function, a type mismatch. The message names the
 * expression and, where it helps, the closest valid name. Raised before anything runs.
 */
public class PlanException extends ValidationException {
    public PlanException(String problem) {
        super(problem);
    }
}
