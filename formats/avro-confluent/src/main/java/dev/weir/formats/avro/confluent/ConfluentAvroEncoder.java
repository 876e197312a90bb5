package dev.weir.formats.avro.confluent;

import dev.weir.api.data.Row;
import dev.weir.api.format.RowEncoder;
import dev.weir.api.metrics.MetricGroup;
import dev.weir.api.types.DataType;
import dev.weir.formats.avro.AvroMessageWriter;
import dev.weir.formats.avro.AvroRowWriter;
import dev.weir.formats.avro.AvroSchemaConverter;
import dev.weir.formats.avro.confluent.ConfluentAvroOptions.SchemaRegistration;
import dev.weir.formats.avro.confluent.SchemaRegistryClient.RegisteredSchema;
import org.apache.avro.Schema;

/**
 * Encodes rows in the Confluent wire format. The registry is asked once, when the encoder opens
 * (or first encodes): for the id of the table's schema ('auto-register'), for the subject's latest
 * schema ('use-latest'), or for the schema of a fixed id. Not thread-safe, like every encoder.
 */
final class ConfluentAvroEncoder implements RowEncoder {
    private static final long serialVersionUID = 1L;

    private final DataType rowType;
    private final RegistrySettings settings;
    private final SchemaRegistration registration;
    /** Null for 'fixed-id'. */
    private final String subject;
    /** The table's schema as JSON, for 'auto-register'. */
    private final String tableSchema;
    /** For 'fixed-id'. */
    private final int schemaId;

    private transient AvroMessageWriter writer;
    private transient byte[] header;

    ConfluentAvroEncoder(DataType rowType, RegistrySettings settings, SchemaRegistration registration, String subject,
                         Schema tableSchema, int schemaId) {
        this.rowType = rowType;
        this.settings = settings;
        this.registration = registration;
        this.subject = subject;
        this.tableSchema = tableSchema.toString();
        this.schemaId = schemaId;
    }

    @Override
    public void open(MetricGroup metrics) {
        if (writer == null) {
            connect();
        }
    }

    @Override
    public byte[] encode(Row row) {
        if (writer == null) {
            connect();
        }
        return writer.write(header, row);
    }

    /** The schema to write with and its id, described for errors. */
    private record Target(int id, Schema schema, String described) {
    }

    private void connect() {
        SchemaRegistryClient client = new SchemaRegistryClient(settings);
        Target target = switch (registration) {
            case AUTO_REGISTER -> {
                Schema schema = AvroSchemaConverter.parseSchema(tableSchema);
                int id = client.register(subject, schema);
                yield new Target(id, schema, "the table's schema (id " + id + " under subject '" + subject + "')");
            }
            case USE_LATEST -> {
                RegisteredSchema latest = client.latest(subject);
                yield new Target(latest.id(), latest.schema(), "the latest schema of subject '" + subject
                        + "' (version " + latest.version() + ", id " + latest.id() + ")");
            }
            case FIXED_ID -> new Target(schemaId, client.schemaById(schemaId), "the schema id " + schemaId);
        };
        AvroRowWriter rowWriter;
        try {
            rowWriter = AvroRowWriter.create(AvroSchemaConverter.requireRecord(target.schema()), rowType);
        } catch (IllegalArgumentException misfit) {
            throw new IllegalArgumentException("Cannot encode rows with " + target.described() + " from "
                    + client.url() + ": " + misfit.getMessage(), misfit);
        }
        header = ConfluentWireFormat.header(target.id());
        writer = new AvroMessageWriter(rowWriter);
    }
}
