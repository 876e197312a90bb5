package dev.weir.formats.csv;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import dev.weir.api.data.Row;
import dev.weir.api.format.StreamEncoder;
import java.io.IOException;
import java.io.OutputStream;

/** Encodes rows into a CSV file (UTF-8, '\n' after each record), starting with the header if asked. */
final class CsvStreamEncoder implements StreamEncoder {
    private static final long serialVersionUID = 1L;

    private final CsvRecordWriter writer;
    private final boolean header;

    CsvStreamEncoder(CsvRecordWriter writer, boolean header) {
        this.writer = writer;
        this.header = header;
    }

    @Override
    public Writer open(OutputStream out) throws IOException {
        CsvGenerator generator = writer.configure(new CsvFactory().createGenerator(out), "\n");
        // finish() must leave the stream open: the sink owns it.
        generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        if (header) {
            writer.writeHeader(generator);
        }
        return new Writer() {
            @Override
            public void write(Row row) throws IOException {
                writer.write(generator, row);
            }

            @Override
            public void finish() throws IOException {
                generator.flush();
            }
        };
    }
}
