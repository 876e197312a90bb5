package dev.weir.formats.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.weir.api.data.Row;
import dev.weir.api.format.RowEncoder;
import dev.weir.api.types.DataType;
import dev.weir.formats.json.JsonFormatOptions.MapNullKeyMode;
import dev.weir.formats.json.JsonFormatOptions.TimestampFormat;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Encodes a row as one JSON object. One generator lives as long as the encoder, so encoding a row
 * allocates little more than the returned array. Not thread-safe, like every encoder.
 */
final class JsonRowEncoder implements RowEncoder {
    private static final long serialVersionUID = 1L;

    private final DataType rowType;
    private final TimestampFormat timestampFormat;
    private final MapNullKeyMode mapNullKeyMode;
    private final String mapNullKeyLiteral;
    private final boolean decimalAsPlainNumber;
    private final boolean ignoreNullFields;

    // Built from the settings above, again after deserialization on a worker.
    private transient JsonFactory jsonFactory;
    private transient JsonWriters.ValueWriter rowWriter;
    private transient MessageBuffer buffer;
    private transient JsonGenerator generator;

    JsonRowEncoder(DataType rowType, TimestampFormat timestampFormat, MapNullKeyMode mapNullKeyMode,
                   String mapNullKeyLiteral, boolean decimalAsPlainNumber, boolean ignoreNullFields) {
        this.rowType = rowType;
        this.timestampFormat = timestampFormat;
        this.mapNullKeyMode = mapNullKeyMode;
        this.mapNullKeyLiteral = mapNullKeyLiteral;
        this.decimalAsPlainNumber = decimalAsPlainNumber;
        this.ignoreNullFields = ignoreNullFields;
        initialize(); // fails here, at validation time, on a type the format cannot write
    }

    private void initialize() {
        JsonFactoryBuilder factory = new JsonFactoryBuilder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER);
        if (decimalAsPlainNumber) {
            factory.enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN);
        }
        jsonFactory = factory.build();
        rowWriter = new JsonWriters(timestampFormat, mapNullKeyMode, mapNullKeyLiteral, decimalAsPlainNumber,
                ignoreNullFields).row(rowType);
        buffer = new MessageBuffer();
        generator = newGenerator();
    }

    private JsonGenerator newGenerator() {
        try {
            // One record per message: no separator between successive records.
            return jsonFactory.createGenerator(buffer).setRootValueSeparator(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not expected when writing to memory
        }
    }

    @Override
    public byte[] encode(Row row) {
        if (generator == null) {
            initialize();
        }
        try {
            rowWriter.write(generator, row);
            generator.flush();
        } catch (FieldProblem problem) {
            // The generator is left inside an unfinished object: start afresh for the next row.
            generator = newGenerator();
            buffer.take();
            throw new IllegalArgumentException("Cannot encode the row as JSON: " + problem.describe());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.take();
    }
}
