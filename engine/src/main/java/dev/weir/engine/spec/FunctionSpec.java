package dev.weir.engine.spec;

import java.util.List;
import java.util.Objects;

/**
 * A user-defined function of a job: {@code kind} scalar, table or aggregate; {@code language}
 * python (the only one so far), whose {@code payload} is the cloudpickled function in base64 and
 * {@code funcType} general, numpy or pandas. Types are SQL type text; {@code inputTypes} is null
 * when the function does not declare them.
 */
public record FunctionSpec(String language, String kind, String funcType, String payload, String resultType,
                           List<String> inputTypes, boolean deterministic) {
    public FunctionSpec {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(resultType, "resultType");
        funcType = funcType == null ? "general" : funcType;
        inputTypes = inputTypes == null ? null : List.copyOf(inputTypes);
    }
}
