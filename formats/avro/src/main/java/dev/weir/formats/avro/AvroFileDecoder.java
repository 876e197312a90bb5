package dev.weir.formats.avro;

import dev.weir.api.data.Row;
import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.format.RecordLocation;
import dev.weir.api.format.StreamDecoder;
import dev.weir.api.types.DataType;
import java.io.IOException;
import java.io.InputStream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;

/**
 * Reads Avro data files (the container format: a header with the writer schema, then blocks of
 * records) as rows, resolving each file's own schema against the row type. A bad record fails the
 * read, even with 'ignore-parse-errors': the records after it in its block cannot be found.
 */
final class AvroFileDecoder implements StreamDecoder {
    private static final long serialVersionUID = 1L;

    private final DataType rowType;

    AvroFileDecoder(DataType rowType) {
        this.rowType = rowType;
    }

    @Override
    public Reader open(InputStream in, String sourceName) throws IOException {
        RecordLocation file = new RecordLocation("file '" + sourceName + "'");
        DataFileStream<Row> stream;
        try {
            stream = new DataFileStream<>(in, new RowDatumReader(rowType));
        } catch (IllegalArgumentException misfit) {
            throw new RecordDecodeException(file, misfit.getMessage(), misfit);
        } catch (IOException notAvro) {
            throw new RecordDecodeException(file, "not an Avro data file (" + notAvro.getMessage() + ")", notAvro);
        }
        return new Reader() {
            private long recordNumber;

            @Override
            public Row read() {
                RecordLocation location = new RecordLocation("file '" + sourceName + "', record " + (recordNumber + 1));
                try {
                    if (!stream.hasNext()) {
                        return null;
                    }
                    recordNumber++;
                    return stream.next();
                } catch (AvroDataException bad) {
                    throw new RecordDecodeException(location, bad.getMessage(), bad);
                } catch (AvroRuntimeException badBlock) {
                    throw new RecordDecodeException(location, AvroRowReader.corrupt(
                            badBlock.getCause() == null ? badBlock : badBlock.getCause()), badBlock);
                }
            }

            @Override
            public void close() throws IOException {
                stream.close();
            }
        };
    }

    /** Avro's DataFileStream tells it the file's schema, then asks for one record at a time. */
    private static final class RowDatumReader implements DatumReader<Row> {
        private final DataType rowType;
        private AvroRowReader reader;

        RowDatumReader(DataType rowType) {
            this.rowType = rowType;
        }

        @Override
        public void setSchema(Schema fileSchema) {
            reader = AvroRowReader.create(fileSchema, rowType);
        }

        @Override
        public Row read(Row reuse, Decoder in) {
            return reader.read(in);
        }
    }
}
