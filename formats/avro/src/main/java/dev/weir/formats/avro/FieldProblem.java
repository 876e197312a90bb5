package dev.weir.formats.avro;

/**
 * A value that does not fit its type, or bytes that are not Avro, met while reading or writing.
 * Thrown from deep inside a record; each enclosing record, array or map adds its step to the path
 * while the exception unwinds, so the path costs nothing until something is wrong. No stack trace:
 * the reader and writer always turn it into an exception of their own.
 */
final class FieldProblem extends RuntimeException {
    private String path = "";

    FieldProblem(String problem) {
        this(problem, null);
    }

    /** An error Avro raised, described; kept as the cause so that readers can tell corrupt bytes from misfits. */
    FieldProblem(String problem, Throwable cause) {
        super(problem, cause, false, false);
    }

    FieldProblem inField(String name) {
        return prepend(name);
    }

    FieldProblem atIndex(long index) {
        return prepend("[" + index + "]");
    }

    /** Any element of an array or value of a map, for problems found before there is data. */
    FieldProblem inElements() {
        return prepend("[]");
    }

    FieldProblem atKey(String key) {
        return prepend("[\"" + key + "\"]");
    }

    private FieldProblem prepend(String step) {
        boolean joinWithDot = !path.isEmpty() && !path.startsWith("[");
        path = step + (joinWithDot ? "." : "") + path;
        return this;
    }

    /** {@code field 'address.city': ...}, or just the problem at the top level. */
    String describe() {
        return path.isEmpty() ? getMessage() : "field '" + path + "': " + getMessage();
    }
}
