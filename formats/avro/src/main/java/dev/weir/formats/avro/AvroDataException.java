package dev.weir.formats.avro;

/**
 * An Avro message that cannot be read as a row: truncated or corrupt bytes, or a value that does not
 * fit its column. The message names the field; decoders add where the record came from.
 */
public final class AvroDataException extends RuntimeException {
    AvroDataException(String problem, Throwable cause) {
        super(problem, cause);
    }
}
