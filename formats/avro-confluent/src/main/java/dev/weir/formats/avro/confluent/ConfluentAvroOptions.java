package dev.weir.formats.avro.confluent;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import java.time.Duration;
import java.util.Locale;

/**
 * The options of the 'avro-confluent' format. Keys are those of Flink's avro-confluent format where
 * the concept is the same ('url', 'subject', the auth and TLS options, 'properties.*'); 'schema',
 * 'record-name', 'namespace' and 'ignore-parse-errors' are the 'avro' format's own options.
 */
public final class ConfluentAvroOptions {
    private ConfluentAvroOptions() {
    }

    /** How the writer's subject is named when 'subject' is not set, as Confluent's serializers name it. */
    public enum SubjectNameStrategy {
        /** {@code <topic>-key} or {@code <topic>-value}. */
        TOPIC,
        /** The record's full name, e.g. {@code com.acme.Order}. */
        RECORD,
        /** {@code <topic>-<record full name>}. */
        TOPIC_RECORD;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Which schema the encoder writes with, and the id it puts in each message. */
    public enum SchemaRegistration {
        /** Register the table's schema under the subject (an existing identical schema keeps its id). */
        AUTO_REGISTER,
        /** Write with the subject's latest registered schema, fitting columns to its fields by name. */
        USE_LATEST,
        /** Write with the schema registered under 'schema.id'. */
        FIXED_ID;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Where the Basic credentials come from, as Confluent's 'basic.auth.credentials.source'. */
    public enum BasicAuthSource {
        /** 'basic-auth.user-info', written 'user:password'. */
        USER_INFO,
        /** The user info of 'url' itself: {@code https://user:password@registry:8081}. */
        URL
    }

    /** Where the bearer token comes from, as Confluent's 'bearer.auth.credentials.source'. */
    public enum BearerAuthSource {
        /** 'bearer-auth.token'. */
        STATIC_TOKEN
    }

    public static final ConfigOption<String> URL = ConfigOptions.key("url")
            .stringType()
            .noDefaultValue()
            .withFallbackKeys("schema-registry.url")
            .withDescription("The URL of the Confluent Schema Registry, e.g. 'http://localhost:8081'.");

    public static final ConfigOption<String> SUBJECT = ConfigOptions.key("subject")
            .stringType()
            .noDefaultValue()
            .withFallbackKeys("schema-registry.subject")
            .withDescription("The subject the encoder registers or looks up its schema under. When not set, it is named"
                    + " by 'subject.name-strategy'. Decoding needs no subject: each message names its schema id.");

    public static final ConfigOption<String> TOPIC = ConfigOptions.key("topic")
            .stringType()
            .noDefaultValue()
            .withDescription("The Kafka topic, for the 'topic' and 'topic-record' subject name strategies. The Kafka"
                    + " connector sets it from its own 'topic' option; set it yourself only elsewhere.");

    public static final ConfigOption<SubjectNameStrategy> SUBJECT_NAME_STRATEGY =
            ConfigOptions.key("subject.name-strategy")
                    .enumType(SubjectNameStrategy.class)
                    .defaultValue(SubjectNameStrategy.TOPIC)
                    .withDescription("How the subject is named when 'subject' is not set: 'topic' gives '<topic>-key' or"
                            + " '<topic>-value' (key when the format is the table's 'key.format'), 'record' the record's"
                            + " full name, 'topic-record' '<topic>-<record full name>'.");

    public static final ConfigOption<SchemaRegistration> SCHEMA_REGISTRATION = ConfigOptions.key("schema.registration")
            .enumType(SchemaRegistration.class)
            .defaultValue(SchemaRegistration.AUTO_REGISTER)
            .withDescription("Which schema the encoder writes with: 'auto-register' registers the table's schema under"
                    + " the subject; 'use-latest' writes with the subject's latest schema, fitting columns to its fields by"
                    + " name (its record name and field order may differ); 'fixed-id' writes with the schema 'schema.id'.");

    public static final ConfigOption<Integer> SCHEMA_ID = ConfigOptions.key("schema.id")
            .intType()
            .noDefaultValue()
            .withDescription("The schema id the encoder writes with when 'schema.registration' is 'fixed-id'.");

    public static final ConfigOption<BasicAuthSource> BASIC_AUTH_CREDENTIALS_SOURCE =
            ConfigOptions.key("basic-auth.credentials-source")
                    .enumType(BasicAuthSource.class)
                    .noDefaultValue()
                    .withDescription("Where Basic auth credentials come from: 'USER_INFO' ('basic-auth.user-info') or"
                            + " 'URL' (the user info of 'url'). Defaults to USER_INFO when 'basic-auth.user-info' is set.");

    public static final ConfigOption<String> BASIC_AUTH_USER_INFO = ConfigOptions.key("basic-auth.user-info")
            .stringType()
            .noDefaultValue()
            .sensitive()
            .withDescription("Basic auth credentials, written 'user:password'.");

    public static final ConfigOption<BearerAuthSource> BEARER_AUTH_CREDENTIALS_SOURCE =
            ConfigOptions.key("bearer-auth.credentials-source")
                    .enumType(BearerAuthSource.class)
                    .noDefaultValue()
                    .withDescription("Where the bearer token comes from: 'STATIC_TOKEN' ('bearer-auth.token'), the"
                            + " default when a token is set.");

    public static final ConfigOption<String> BEARER_AUTH_TOKEN = ConfigOptions.key("bearer-auth.token")
            .stringType()
            .noDefaultValue()
            .sensitive()
            .withDescription("The bearer token sent to the registry.");

    public static final ConfigOption<String> SSL_TRUSTSTORE_LOCATION = ConfigOptions.key("ssl.truststore.location")
            .stringType()
            .noDefaultValue()
            .withDescription("A truststore (PKCS12 or JKS) with the certificates that the registry's certificate must"
                    + " chain to; the JVM's default trust otherwise.");

    public static final ConfigOption<String> SSL_TRUSTSTORE_PASSWORD = ConfigOptions.key("ssl.truststore.password")
            .stringType()
            .noDefaultValue()
            .sensitive()
            .withDescription("The truststore's password.");

    public static final ConfigOption<String> SSL_KEYSTORE_LOCATION = ConfigOptions.key("ssl.keystore.location")
            .stringType()
            .noDefaultValue()
            .withDescription("A keystore (PKCS12 or JKS) with the client certificate and key, for mutual TLS.");

    public static final ConfigOption<String> SSL_KEYSTORE_PASSWORD = ConfigOptions.key("ssl.keystore.password")
            .stringType()
            .noDefaultValue()
            .sensitive()
            .withDescription("The keystore's password, also used for its key.");

    public static final ConfigOption<Duration> REQUEST_TIMEOUT = ConfigOptions.key("request.timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("How long to wait for the registry to connect and to answer one request.");

    public static final ConfigOption<String> PROPERTIES = ConfigOptions.key("properties.*")
            .stringType()
            .noDefaultValue()
            .sensitive()
            .withDescription("Confluent client properties, as Flink passes them through: the auth and TLS ones are"
                    + " understood (" + String.join(", ", RegistrySettings.CLIENT_PROPERTIES) + "); the options above take"
                    + " precedence. Any other property is an error, since Weir's client would ignore it.");
}
