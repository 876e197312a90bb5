package dev.weir.formats.json;

import dev.weir.api.config.Configuration;
import dev.weir.api.data.Row;
import dev.weir.api.factory.FactoryDiscovery;
import dev.weir.api.factory.FormatFactory;
import dev.weir.api.format.FormatContext;
import dev.weir.api.format.RecordLocation;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.RowEncoder;
import dev.weir.api.types.DataType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reaches the json format the way a connector does: discovery by identifier, then a FormatContext. */
final class Json {
    static final RecordLocation LOCATION = RecordLocation.ofOffset("orders", 2, 17);

    private Json() {
    }

    static FormatFactory factory() {
        return FactoryDiscovery.load(Json.class.getClassLoader()).find(FormatFactory.class, "json", "t");
    }

    /** Options given as alternating keys and values, without the 'json.' prefix. */
    static FormatContext context(DataType rowType, String... options) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return new FormatContext("t", rowType, Configuration.of(map), "json.", Json.class.getClassLoader());
    }

    static RowDecoder decoder(DataType rowType, String... options) {
        return factory().createDecoder(context(rowType, options));
    }

    static RowEncoder encoder(DataType rowType, String... options) {
        return factory().createEncoder(context(rowType, options));
    }

    static List<Row> decode(RowDecoder decoder, String message) {
        List<Row> rows = new ArrayList<>();
        decoder.decode(message.getBytes(StandardCharsets.UTF_8), LOCATION, rows::add);
        return rows;
    }

    static String encode(RowEncoder encoder, Row row) {
        return new String(encoder.encode(row), StandardCharsets.UTF_8);
    }
}
