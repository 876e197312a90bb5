package dev.weir.formats.avro.confluent;

import dev.weir.api.data.Row;
import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.format.RecordLocation;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.SkippedRecords;
import dev.weir.api.metrics.MetricGroup;
import dev.weir.api.types.DataType;
import dev.weir.formats.avro.AvroDataException;
import dev.weir.formats.avro.AvroRowReader;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.Schema;

/**
 * Decodes Confluent-framed Avro messages: the writer schema is fetched by the id in each message
 * (once per id) and resolved against the table's row type, so records written with older or newer
 * schemas of the subject are read as long as Avro's resolution allows.
 *
 * <p>With 'ignore-parse-errors', a record that is at fault (too short, a wrong magic byte, an
 * unknown schema id, a schema that does not fit the table, corrupt Avro data) is skipped and
 * counted. A registry that cannot be reached, or refuses the request (HTTP 401, 5xx), always fails:
 * skipping would drop every record until the registry is back.
 */
final class ConfluentAvroDecoder implements RowDecoder {
    private static final long serialVersionUID = 1L;

    private final DataType rowType;
    private final RegistrySettings settings;
    private final boolean ignoreParseErrors;
    private final SkippedRecords skippedRecords;

    private transient SchemaRegistryClient client;
    /** By writer schema id; built once each. */
    private transient Map<Integer, AvroRowReader> readers;
    /** Writer schema ids whose schema does not fit the row type, with the reason. */
    private transient Map<Integer, String> misfits;

    ConfluentAvroDecoder(DataType rowType, RegistrySettings settings, boolean ignoreParseErrors, String reason) {
        this.rowType = rowType;
        this.settings = settings;
        this.ignoreParseErrors = ignoreParseErrors;
        this.skippedRecords = new SkippedRecords(reason);
    }

    /** A problem of the record itself: skipped with 'ignore-parse-errors'. */
    private static final class RecordAtFault extends RuntimeException {
        RecordAtFault(String problem, Throwable cause) {
            super(problem, cause, false, false);
        }
    }

    @Override
    public void open(MetricGroup metrics) {
        skippedRecords.open(metrics);
    }

    @Override
    public void decode(byte[] message, RecordLocation location, Consumer<Row> out) {
        if (message == null || message.length == 0) {
            return; // a tombstone carries no row
        }
        Row row;
        try {
            row = read(message, location);
        } catch (RecordAtFault fault) {
            RecordDecodeException error = new RecordDecodeException(location, fault.getMessage(), fault.getCause());
            if (!ignoreParseErrors) {
                throw error;
            }
            skippedRecords.skip(error);
            return;
        }
        out.accept(row);
    }

    private Row read(byte[] message, RecordLocation location) {
        if (message.length < ConfluentWireFormat.HEADER_LENGTH) {
            throw new RecordAtFault("the message has " + message.length + " bytes, too few for the Confluent wire"
                    + " format (the magic byte 0, a 4-byte schema id, then Avro data)", null);
        }
        if (message[0] != ConfluentWireFormat.MAGIC_BYTE) {
            throw new RecordAtFault(String.format("wrong magic byte 0x%02X: a Confluent Avro message starts with 0x00"
                    + " and a 4-byte schema id", message[0]), null);
        }
        int id = ConfluentWireFormat.schemaId(message);
        AvroRowReader reader = readerFor(id, location);
        try {
            return reader.read(message, ConfluentWireFormat.HEADER_LENGTH);
        } catch (AvroDataException bad) {
            throw new RecordAtFault("schema id " + id + ": " + bad.getMessage(), bad);
        }
    }

    private AvroRowReader readerFor(int id, RecordLocation location) {
        if (readers == null) {
            readers = new HashMap<>();
            misfits = new HashMap<>();
            client = new SchemaRegistryClient(settings);
        }
        AvroRowReader reader = readers.get(id);
        if (reader != null) {
            return reader;
        }
        String misfit = misfits.get(id);
        if (misfit != null) {
            throw new RecordAtFault(misfit, null);
        }
        Schema writer;
        try {
            writer = client.schemaById(id);
        } catch (SchemaRegistryException e) {
            if (e.isUnreachable() || e.statusCode() != 0 && !e.isNotFound()) {
                throw new RecordDecodeException(location, "cannot fetch the writer schema id " + id + ": "
                        + e.getMessage(), e);
            }
            throw new RecordAtFault((e.isNotFound() ? "unknown schema id " + id : "schema id " + id) + ": "
                    + e.getMessage(), e);
        }
        try {
            reader = AvroRowReader.create(writer, rowType);
        } catch (IllegalArgumentException e) {
            misfits.put(id, "schema id " + id + ": " + e.getMessage());
            throw new RecordAtFault(misfits.get(id), e);
        }
        readers.put(id, reader);
        return reader;
    }
}
