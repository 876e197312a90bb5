package dev.weir.formats.avro;

/**
 * An Avro message that cannot be read as a row: truncated or corrupt bytes, or a value that does not
 * fit its column. The message names the field; decoders add where the record came from.
 */
public final class AvroDataException extends RuntimeException {
    private final boolean valueMisfit;

    AvroDataException(String problem, Throwable cause) {
        this(problem, cause, false);
    }

    AvroDataException(String problem, Throwable cause, boolean valueMisfit) {
        super(problem, cause);
        this.valueMisfit = valueMisfit;
    }

    /**
     * Whether the failure was a value the column refuses (out of range, NULL for NOT NULL, a decimal
     * that does not fit, a writer type or enum symbol the reader lacks) rather than bytes that are not
     * Avro data. Says nothing of the record's bytes after the value that failed.
     */
    boolean valueMisfit() {
        return valueMisfit;
    }
}
