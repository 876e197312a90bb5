package dev.weir.api;

import dev.weir.api.config.SensitiveUrls;
import java.util.List;

/**
 * A user's configuration is wrong: an unknown identifier, a missing or misspelt option, a value of
 * the wrong form. Raised before anything runs. Carries every problem found, not only the first, so
 * a user fixes a descriptor in one pass. The user info of any URL a problem quotes is masked
 * ({@link SensitiveUrls}), so no check can echo a password written into a host list.
 */
public class ValidationException extends RuntimeException {
    private final List<String> problems;

    public ValidationException(String problem) {
        this(List.of(problem));
    }

    public ValidationException(List<String> problems) {
        super(joined(masked(problems)));
        this.problems = masked(problems);
    }

    public ValidationException(String problem, Throwable cause) {
        super(SensitiveUrls.mask(problem), cause);
        this.problems = masked(List.of(problem));
    }

    private static List<String> masked(List<String> problems) {
        return problems.stream().map(SensitiveUrls::mask).toList();
    }

    private static String joined(List<String> problems) {
        return problems.size() == 1 ? problems.get(0) : "- " + String.join("\n- ", problems);
    }

    /** Each problem as one self-contained sentence. */
    public List<String> problems() {
        return problems;
    }
}
