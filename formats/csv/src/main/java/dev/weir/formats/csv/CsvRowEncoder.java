package dev.weir.formats.csv;

import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import dev.weir.api.data.Row;
import dev.weir.api.format.RowEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Encodes a row as a message holding one CSV record, without a line break. */
final class CsvRowEncoder implements RowEncoder {
    private static final long serialVersionUID = 1L;

    private final CsvRecordWriter writer;
    private transient CsvFactory csvFactory;

    CsvRowEncoder(CsvRecordWriter writer) {
        this.writer = writer;
    }

    @Override
    public byte[] encode(Row row) {
        if (csvFactory == null) {
            csvFactory = new CsvFactory();
        }
        ByteArrayOutputStream message = new ByteArrayOutputStream(64);
        try (CsvGenerator generator = writer.configure(csvFactory.createGenerator(message), "")) {
            writer.write(generator, row);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write a CSV message to memory", e); // not expected
        }
        return message.toByteArray();
    }
}
