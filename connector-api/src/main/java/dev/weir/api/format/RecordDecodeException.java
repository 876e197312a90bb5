package dev.weir.api.format;

/** A record could not be decoded. The message names where it came from and what was expected. */
public class RecordDecodeException extends RuntimeException {
    private final RecordLocation location;

    public RecordDecodeException(RecordLocation location, String problem, Throwable cause) {
        super("Cannot decode the record at " + location + ": " + problem, cause);
        this.location = location;
    }

    public RecordDecodeException(RecordLocation location, String problem) {
        this(location, problem, null);
    }

    public RecordLocation location() {
        return location;
    }
}
