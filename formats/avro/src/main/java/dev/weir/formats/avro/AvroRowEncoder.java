package dev.weir.formats.avro;

import dev.weir.api.data.Row;
import dev.weir.api.format.RowEncoder;
import dev.weir.api.types.DataType;
import org.apache.avro.Schema;

/** Encodes a row as one Avro binary record of the table's schema. Not thread-safe, like every encoder. */
final class AvroRowEncoder implements RowEncoder {
    private static final long serialVersionUID = 1L;

    private final DataType rowType;
    /** As JSON: the schema is parsed again on a worker. */
    private final String writerSchema;

    private transient AvroMessageWriter writer;

    AvroRowEncoder(DataType rowType, Schema writerSchema) {
        this.rowType = rowType;
        this.writerSchema = writerSchema.toString();
        this.writer = new AvroMessageWriter(AvroRowWriter.create(writerSchema, rowType)); // fails here on a misfit
    }

    @Override
    public byte[] encode(Row row) {
        if (writer == null) {
            writer = new AvroMessageWriter(AvroRowWriter.create(AvroSchemaConverter.parseSchema(writerSchema), rowType));
        }
        return writer.write(row);
    }
}
