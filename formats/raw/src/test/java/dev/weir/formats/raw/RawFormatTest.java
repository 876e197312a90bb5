package dev.weir.formats.raw;

import static dev.weir.api.types.DataTypes.BYTES;
import static dev.weir.api.types.DataTypes.FIELD;
import static dev.weir.api.types.DataTypes.INT;
import static dev.weir.api.types.DataTypes.ROW;
import static dev.weir.api.types.DataTypes.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ValidationException;
import dev.weir.api.config.Configuration;
import dev.weir.api.data.Row;
import dev.weir.api.factory.FactoryDiscovery;
import dev.weir.api.factory.FormatFactory;
import dev.weir.api.format.FormatContext;
import dev.weir.api.format.RecordLocation;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.StreamDecoder;
import dev.weir.api.format.StreamEncoder;
import dev.weir.api.types.DataType;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawFormatTest {
    private static final DataType TEXT = ROW(FIELD("line", STRING()));
    private static final DataType BINARY = ROW(FIELD("payload", BYTES()));

    private static FormatFactory raw() {
        return FactoryDiscovery.load(RawFormatTest.class.getClassLoader()).find(FormatFactory.class, "raw", "t");
    }

    private static FormatContext context(DataType rowType, Map<String, String> options) {
        return new FormatContext("t", rowType, Configuration.of(options), "raw.", RawFormatTest.class.getClassLoader());
    }

    private static List<Row> decode(RowDecoder decoder, byte[] message) {
        List<Row> rows = new ArrayList<>();
        decoder.decode(message, RecordLocation.ofOffset("logs", 0, 1), rows::add);
        return rows;
    }

    @Test
    void bytesAreTheMessageUnchanged() {
        byte[] message = {0, (byte) 0xFF, '\n', 42};

        List<Row> rows = decode(raw().createDecoder(context(BINARY, Map.of())), message);
        byte[] encoded = raw().createEncoder(context(BINARY, Map.of())).encode(rows.get(0));

        assertThat(rows).containsExactly(Row.of((Object) message.clone()));
        assertThat(encoded).containsExactly(message);
        message[0] = 9;
        assertThat((byte[]) rows.get(0).getField(0)).startsWith(0);
    }

    @Test
    void textUsesTheCharset() {
        Map<String, String> latin1 = Map.of("charset", "ISO-8859-1");

        byte[] encoded = raw().createEncoder(context(TEXT, latin1)).encode(Row.of("café"));
        List<Row> decoded = decode(raw().createDecoder(context(TEXT, latin1)), encoded);

        assertThat(encoded).containsExactly('c', 'a', 'f', 0xE9);
        assertThat(decoded).containsExactly(Row.of("café"));
        assertThat(decode(raw().createDecoder(context(TEXT, Map.of())), "café".getBytes(StandardCharsets.UTF_8)))
                .containsExactly(Row.of("café"));
    }

    @Test
    void nullEncodesAsAnEmptyMessage() {
        assertThat(raw().createEncoder(context(TEXT, Map.of())).encode(Row.of((Object) null))).isEmpty();
    }

    @Test
    void aSchemaOtherThanOneBytesOrStringColumnIsRejectedNamingTheTable() {
        DataType twoColumns = ROW(FIELD("id", INT()), FIELD("line", STRING()));

        assertThatThrownBy(() -> raw().createDecoder(context(twoColumns, Map.of())))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Table 't': the raw format needs exactly one physical column, of type BYTES or STRING,"
                        + " but the physical columns are ROW<id INT, line STRING>.");
        assertThatThrownBy(() -> raw().createEncoder(context(ROW(FIELD("n", INT())), Map.of())))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("ROW<n INT>");
    }

    @Test
    void anUnknownCharsetNamesTheOption() {
        assertThatThrownBy(() -> raw().createDecoder(context(TEXT, Map.of("charset", "UTF-9"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the option 'raw.charset' names a charset this JVM does not know: 'UTF-9'.");
    }

    @Test
    void filesHoldOneMessagePerLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("log.txt");
        StreamEncoder encoder = raw().createStreamEncoder(context(TEXT, Map.of()));
        try (OutputStream out = Files.newOutputStream(file)) {
            StreamEncoder.Writer writer = encoder.open(out);
            writer.write(Row.of("first"));
            writer.write(Row.of("second ünïcode"));
            writer.finish();
        }
        List<Row> rows = new ArrayList<>();
        StreamDecoder decoder = raw().createStreamDecoder(context(TEXT, Map.of()));
        try (InputStream in = Files.newInputStream(file); StreamDecoder.Reader reader = decoder.open(in, "log.txt")) {
            Row row;
            while ((row = reader.read()) != null) {
                rows.add(row);
            }
        }

        assertThat(Files.readString(file)).isEqualTo("first\nsecond ünïcode\n");
        assertThat(rows).containsExactly(Row.of("first"), Row.of("second ünïcode"));
    }
}
