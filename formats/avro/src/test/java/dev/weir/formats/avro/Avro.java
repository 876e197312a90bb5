package dev.weir.formats.avro;

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

/** Reaches the avro format the way a connector does, and Avro's own generic API to check the bytes. */
final class Avro {
    static final RecordLocation LOCATION = RecordLocation.ofOffset("orders", 2, 17);

    private Avro() {
    }

    static FormatFactory factory() {
        return FactoryDiscovery.load(Avro.class.getClassLoader()).find(FormatFactory.class, "avro", "t");
    }

    /** Options given as alternating keys and values, without the 'avro.' prefix. */
    static FormatContext context(DataType rowType, String... options) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return new FormatContext("t", rowType, Configuration.of(map), "avro.", Avro.class.getClassLoader());
    }

    static RowDecoder decoder(DataType rowType, String... options) {
        return factory().createDecoder(context(rowType, options));
    }

    static RowEncoder encoder(DataType rowType, String... options) {
        return factory().createEncoder(context(rowType, options));
    }

    static List<Row> decode(RowDecoder decoder, byte[] message) {
        List<Row> rows = new ArrayList<>();
        decoder.decode(message, LOCATION, rows::add);
        return rows;
    }

    static Schema schema(String json) {
        return new Schema.Parser().parse(json);
    }

    /** Bytes as Avro's own GenericDatumWriter writes them. */
    static byte[] write(Schema schema, Object datum) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<>(schema, GenericData.get()).write(datum, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A record as Avro's own GenericDatumReader reads the bytes. */
    static GenericRecord read(Schema schema, byte[] bytes) {
        try {
            return new GenericDatumReader<GenericRecord>(schema).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
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
}
