package dev.weir.formats.avro.confluent;

/**
 * Confluent's wire format: the magic byte 0, the schema id as a 4-byte big-endian int, then the
 * Avro binary record.
 */
final class ConfluentWireFormat {
    static final byte MAGIC_BYTE = 0;
    static final int HEADER_LENGTH = 5;

    private ConfluentWireFormat() {
    }

    static byte[] header(int schemaId) {
        return new byte[] {MAGIC_BYTE, (byte) (schemaId >>> 24), (byte) (schemaId >>> 16), (byte) (schemaId >>> 8),
                (byte) schemaId};
    }

    /** The schema id of a message at least {@link #HEADER_LENGTH} long. */
    static int schemaId(byte[] message) {
        return (message[1] & 0xFF) << 24 | (message[2] & 0xFF) << 16 | (message[3] & 0xFF) << 8 | (message[4] & 0xFF);
    }
}
