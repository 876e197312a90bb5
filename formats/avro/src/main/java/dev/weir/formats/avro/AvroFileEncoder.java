package dev.weir.formats.avro;

import dev.weir.api.data.Row;
import dev.weir.api.format.StreamEncoder;
import dev.weir.api.types.DataType;
import dev.weir.formats.avro.AvroFormatOptions.Codec;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;

/** Writes rows as an Avro data file (the container format) with the table's schema and a codec. */
final class AvroFileEncoder implements StreamEncoder {
    private static final long serialVersionUID = 1L;

    private final DataType rowType;
    /** As JSON: the schema is parsed again on a worker. */
    private final String schema;
    private final Codec codec;

    AvroFileEncoder(DataType rowType, Schema schema, Codec codec) {
        this.rowType = rowType;
        this.schema = schema.toString();
        this.codec = codec;
        AvroRowWriter.create(schema, rowType); // fails here, at validation time, on a misfit
    }

    @Override
    public Writer open(OutputStream out) throws IOException {
        Schema parsed = AvroSchemaConverter.parseSchema(schema);
        AvroRowWriter rowWriter = AvroRowWriter.create(parsed, rowType);
        DataFileWriter<Row> file = new DataFileWriter<>(new DatumWriter<Row>() {
            @Override
            public void setSchema(Schema ignored) {
                // the row writer was built for this schema
            }

            @Override
            public void write(Row row, Encoder encoder) throws IOException {
                rowWriter.write(row, encoder);
            }
        });
        file.setCodec(switch (codec) {
            case NULL -> CodecFactory.nullCodec();
            case DEFLATE -> CodecFactory.deflateCodec(CodecFactory.DEFAULT_DEFLATE_LEVEL);
            case BZIP2 -> CodecFactory.bzip2Codec();
        });
        file.create(parsed, out);
        return new Writer() {
            @Override
            public void write(Row row) throws IOException {
                try {
                    file.append(row);
                } catch (DataFileWriter.AppendWriteException e) {
                    // Avro wraps the row writer's error; the row is dropped from the block, the file stays valid.
                    if (e.getCause() instanceof IllegalArgumentException badValue) {
                        throw badValue;
                    }
                    throw e;
                }
            }

            @Override
            public void finish() throws IOException {
                // Writes the last block; closing the file would close the caller's stream.
                file.flush();
            }
        };
    }
}
