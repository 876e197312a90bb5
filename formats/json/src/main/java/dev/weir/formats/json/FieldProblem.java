package dev.weir.formats.json;

/**
 * A value that does not fit its type, met while reading or writing. Thrown from deep inside a
 * record; each enclosing ROW, ARRAY or MAP adds its step to the path while the exception unwinds,
 * so the path costs nothing until something is wrong. No stack trace: the decoder and encoder
 * always turn it into an exception of their own that names the record.
 */
final class FieldProblem extends RuntimeException {
    private String path = "";

    FieldProblem(String problem) {
        super(problem, null, false, false);
    }

    FieldProblem inField(String name) {
        return prepend(name);
    }

    FieldProblem atIndex(int index) {
        return prepend("[" + index + "]");
    }

    FieldProblem atKey(String key) {
        return prepend("[\"" + key + "\"]");
    }

    private FieldProblem prepend(String step) {
        boolean joinWithDot = !path.isEmpty() && !path.startsWith("[");
        path = step + (joinWithDot ? "." : "") + path;
        return this;
    }

    /** {@code field 'address.city': expected STRING, found number 5}, or just the problem at the top level. */
    String describe() {
        return path.isEmpty() ? getMessage() : "field '" + path + "': " + getMessage();
    }
}
