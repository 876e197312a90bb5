package dev.weir.formats.avro;

import dev.weir.api.data.Row;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Encodes rows into messages of Avro binary data, optionally after a header (the Confluent wire
 * format's magic byte and schema id). One buffer and one encoder live as long as the writer. Not
 * thread-safe, like every encoder.
 */
public final class AvroMessageWriter {
    private static final byte[] NO_HEADER = new byte[0];

    private final AvroRowWriter rowWriter;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private BinaryEncoder encoder;

    public AvroMessageWriter(AvroRowWriter rowWriter) {
        this.rowWriter = rowWriter;
        this.encoder = EncoderFactory.get().binaryEncoder(buffer, null);
    }

    public AvroRowWriter rowWriter() {
        return rowWriter;
    }

    /** @throws IllegalArgumentException naming the field when a value cannot be written */
    public byte[] write(Row row) {
        return write(NO_HEADER, row);
    }

    /** The header's bytes, then the row's. */
    public byte[] write(byte[] header, Row row) {
        buffer.reset();
        try {
            buffer.write(header);
            rowWriter.write(row, encoder);
            encoder.flush();
        } catch (IllegalArgumentException badValue) {
            // The encoder may hold part of the row: start afresh for the next one.
            encoder = EncoderFactory.get().binaryEncoder(buffer, null);
            throw badValue;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not expected when writing to memory
        }
        return buffer.toByteArray();
    }
}
