package dev.weir.formats.avro.confluent;

/**
 * The schema registry could not be reached, refused a request, or answered something unusable. The
 * message names the registry's URL (never credentials), the request and the registry's own error.
 */
public final class SchemaRegistryException extends RuntimeException {
    private final int statusCode;

    private SchemaRegistryException(String message, int statusCode, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
    }

    static SchemaRegistryException unreachable(String url, String request, Exception cause) {
        String reason = cause.getMessage() == null || cause.getMessage().isBlank()
                ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new SchemaRegistryException("cannot reach the schema registry at " + url + " (" + request + "): "
                + reason, 0, cause);
    }

    static SchemaRegistryException refused(String url, String request, int statusCode, int errorCode, String message) {
        String detail = errorCode == 0 && message == null ? ""
                : " (" + (errorCode == 0 ? "" : "error " + errorCode + ": ") + (message == null ? "" : message) + ")";
        return new SchemaRegistryException("the schema registry at " + url + " answered " + request + " with HTTP "
                + statusCode + detail, statusCode, null);
    }

    static SchemaRegistryException unusable(String url, String problem) {
        return new SchemaRegistryException("the schema registry at " + url + ": " + problem, 0, null);
    }

    /** The HTTP status the registry answered with; 0 when it did not answer or answered 2xx with nonsense. */
    public int statusCode() {
        return statusCode;
    }

    /** The registry answered that the subject, version or schema id does not exist. */
    public boolean isNotFound() {
        return statusCode == 404;
    }

    /** The registry did not answer at all (refused connection, timeout, TLS failure). */
    public boolean isUnreachable() {
        return statusCode == 0 && getCause() != null;
    }
}
