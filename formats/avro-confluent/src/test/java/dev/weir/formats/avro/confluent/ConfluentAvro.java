package dev.weir.formats.avro.confluent;

import dev.weir.api.config.Configuration;
import dev.weir.api.data.Row;
import dev.weir.api.factory.FactoryDiscovery;
import dev.weir.api.factory.FormatFactory;
import dev.weir.api.format.FormatContext;
import dev.weir.api.format.RecordLocation;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.RowEncoder;
import dev.weir.api.types.DataType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/** Reaches the avro-confluent format the way the Kafka connector does: as a table's 'value.format'. */
final class ConfluentAvro {
    static final RecordLocation LOCATION = RecordLocation.ofOffset("orders", 0, 42);
    static final String VALUE_PREFIX = "value.avro-confluent.";

    private ConfluentAvro() {
    }

    static FormatFactory factory() {
        return FactoryDiscovery.load(ConfluentAvro.class.getClassLoader())
                .find(FormatFactory.class, "avro-confluent", "orders");
    }

    /** Options given as alternating keys and values, without the prefix. */
    static FormatContext context(String prefix, DataType rowType, String... options) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return new FormatContext("orders", rowType, Configuration.of(map), prefix,
                ConfluentAvro.class.getClassLoader());
    }

    static RowDecoder decoder(DataType rowType, String... options) {
        return factory().createDecoder(context(VALUE_PREFIX, rowType, options));
    }

    static RowEncoder encoder(DataType rowType, String... options) {
        return factory().createEncoder(context(VALUE_PREFIX, rowType, options));
    }

    static List<Row> decode(RowDecoder decoder, byte[] message) {
        List<Row> rows = new ArrayList<>();
        decoder.decode(message, LOCATION, rows::add);
        return rows;
    }

    /** A message as Confluent's serializer frames it: magic byte, schema id, then the record as Avro writes it. */
    static byte[] message(int schemaId, Schema schema, GenericRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The record of a message, read by Avro itself with the given writer schema. */
    static GenericRecord read(Schema schema, byte[] message) {
        try {
            return new GenericDatumReader<GenericRecord>(schema)
                    .read(null, DecoderFactory.get().binaryDecoder(message, 5, message.length - 5, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GenericRecord record(Schema schema, Object... namesAndValues) {
        GenericRecord record = new GenericData.Record(schema);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            record.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return record;
    }

    static int schemaId(byte[] message) {
        return ConfluentWireFormat.schemaId(message);
    }
}
