package dev.weir.api;

import java.util.List;

/**
 * A user's configuration is wrong: an unknown identifier, a missing or misspelt option, a value of
 * the wrong form. Raised before anything runs. Carries every problem found, not only the first, so
 * a user fixes a descriptor in one pass.
 */
public class ValidationException extends RuntimeException {
    private final List<String> problems;

    public ValidationException(String problem) {
        this(List.of(problem));
    }

    public ValidationException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0) : "- " + String.join("\n- ", problems));
        this.problems = List.copyOf(problems);
    }

    public ValidationException(String problem, Throwable cause) {
        super(problem, cause);
        this.problems = List.of(problem);
    }

    /** Each problem as one self-contained sentence. */
    public List<String> problems() {
        return problems;
    }
}
