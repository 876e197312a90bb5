package dev.weir.formats.avro.confluent;

import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.BASIC_AUTH_CREDENTIALS_SOURCE;
import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.BASIC_AUTH_USER_INFO;
import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.BEARER_AUTH_CREDENTIALS_SOURCE;
import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.BEARER_AUTH_TOKEN;
import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.PROPERTIES;
import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.REQUEST_TIMEOUT;
import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.SCHEMA_ID;
import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.SCHEMA_REGISTRATION;
import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.SSL_KEYSTORE_LOCATION;
import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.SSL_KEYSTORE_PASSWORD;
import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.SSL_TRUSTSTORE_LOCATION;
import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.SSL_TRUSTSTORE_PASSWORD;
import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.SUBJECT;
import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.SUBJECT_NAME_STRATEGY;
import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.TOPIC;
import static dev.weir.formats.avro.confluent.ConfluentAvroOptions.URL;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.Configuration;
import dev.weir.api.factory.FormatFactory;
import dev.weir.api.format.FormatContext;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.RowEncoder;
import dev.weir.api.format.StreamDecoder;
import dev.weir.api.format.StreamEncoder;
import dev.weir.formats.avro.AvroFormatOptions;
import dev.weir.formats.avro.AvroRowReader;
import dev.weir.formats.avro.AvroRowWriter;
import dev.weir.formats.avro.confluent.ConfluentAvroOptions.SchemaRegistration;
import dev.weir.formats.avro.confluent.ConfluentAvroOptions.SubjectNameStrategy;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * The 'avro-confluent' format: Avro records in Confluent's wire format, their schemas kept in a
 * Confluent Schema Registry, readable and writable by Confluent's serializers. As Flink's
 * avro-confluent format, plus subject name strategies, registration modes and schema evolution on read.
 *
 * <p>A table's key and value each have their own format instance ('key.format', 'value.format'),
 * told apart by their option prefix: the 'topic' subject name strategy names the subject
 * {@code <topic>-key} for the key and {@code <topic>-value} otherwise.
 */
public final class ConfluentAvroFormatFactory implements FormatFactory {
    public static final String IDENTIFIER = "avro-confluent";

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "Avro in the Confluent wire format (magic byte, schema id, Avro data), with schemas in a Confluent"
                + " Schema Registry; reads every schema version of a subject, writes with a registered one.";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(URL);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(SUBJECT, TOPIC, SUBJECT_NAME_STRATEGY, SCHEMA_REGISTRATION, SCHEMA_ID,
                AvroFormatOptions.SCHEMA, AvroFormatOptions.RECORD_NAME, AvroFormatOptions.NAMESPACE,
                AvroFormatOptions.IGNORE_PARSE_ERRORS, BASIC_AUTH_CREDENTIALS_SOURCE, BASIC_AUTH_USER_INFO,
                BEARER_AUTH_CREDENTIALS_SOURCE, BEARER_AUTH_TOKEN, SSL_TRUSTSTORE_LOCATION, SSL_TRUSTSTORE_PASSWORD,
                SSL_KEYSTORE_LOCATION, SSL_KEYSTORE_PASSWORD, REQUEST_TIMEOUT, PROPERTIES);
    }

    @Override
    public RowDecoder createDecoder(FormatContext context) {
        RegistrySettings settings = RegistrySettings.from(context);
        // Each message is read with its own writer schema; the table's schema is checked so that a wrong
        // 'schema' or name is reported now, not ignored.
        AvroRowReader.create(AvroFormatOptions.tableSchema(context), context.rowType());
        String reason = context.optionPrefix() + AvroFormatOptions.IGNORE_PARSE_ERRORS.key() + " is true";
        return new ConfluentAvroDecoder(context.rowType(), settings,
                context.options().get(AvroFormatOptions.IGNORE_PARSE_ERRORS), reason);
    }

    @Override
    public RowEncoder createEncoder(FormatContext context) {
        RegistrySettings settings = RegistrySettings.from(context);
        Configuration options = context.options();
        String prefix = context.optionPrefix();
        SchemaRegistration registration = options.get(SCHEMA_REGISTRATION);
        Schema tableSchema = AvroFormatOptions.tableSchema(context);
        Integer schemaId = options.get(SCHEMA_ID);
        if (registration == SchemaRegistration.FIXED_ID) {
            if (schemaId == null) {
                throw new IllegalArgumentException("'" + prefix + SCHEMA_REGISTRATION.key() + "' is 'fixed-id', so '"
                        + prefix + SCHEMA_ID.key() + "' must name the schema id to write with");
            }
            return new ConfluentAvroEncoder(context.rowType(), settings, registration, null, tableSchema, schemaId);
        }
        if (schemaId != null) {
            throw new IllegalArgumentException("'" + prefix + SCHEMA_ID.key() + "' is only used when '" + prefix
                    + SCHEMA_REGISTRATION.key() + "' is 'fixed-id', but it is '" + registration + "'");
        }
        if (registration == SchemaRegistration.AUTO_REGISTER) {
            AvroRowWriter.create(tableSchema, context.rowType()); // a misfit is reported now, not at the first row
        }
        return new ConfluentAvroEncoder(context.rowType(), settings, registration, subject(context, tableSchema),
                tableSchema, 0);
    }

    /** 'subject', or else the subject the strategy names; the record strategies name it after the table's schema. */
    static String subject(FormatContext context, Schema tableSchema) {
        Configuration options = context.options();
        String prefix = context.optionPrefix();
        String subject = options.get(SUBJECT);
        if (subject != null) {
            return subject;
        }
        SubjectNameStrategy strategy = options.get(SUBJECT_NAME_STRATEGY);
        if (strategy == SubjectNameStrategy.RECORD) {
            return tableSchema.getFullName();
        }
        String topic = options.get(TOPIC);
        if (topic == null) {
            throw new IllegalArgumentException("the encoder needs a subject: set '" + prefix + SUBJECT.key() + "', or '"
                    + prefix + TOPIC.key() + "' for the '" + strategy + "' subject name strategy (the Kafka connector"
                    + " sets '" + prefix + TOPIC.key() + "' itself), or choose '" + prefix + SUBJECT_NAME_STRATEGY.key()
                    + "' = 'record'");
        }
        return strategy == SubjectNameStrategy.TOPIC
                ? topic + (context.optionPrefix().startsWith("key.") ? "-key" : "-value")
                : topic + "-" + tableSchema.getFullName();
    }

    @Override
    public StreamDecoder createStreamDecoder(FormatContext context) {
        throw new IllegalArgumentException(notForFiles());
    }

    @Override
    public StreamEncoder createStreamEncoder(FormatContext context) {
        throw new IllegalArgumentException(notForFiles());
    }

    private static String notForFiles() {
        return "the 'avro-confluent' format is for message connectors such as Kafka; files can use the 'avro'"
                + " format, whose data files carry their schema";
    }
}
