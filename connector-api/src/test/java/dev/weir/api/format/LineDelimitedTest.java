package dev.weir.api.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.data.Row;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineDelimitedTest {
    private static final RowDecoder NUMBERS = (message, location, out) -> {
        String s = new String(message, StandardCharsets.UTF_8);
        try {
            out.accept(Row.of(Integer.parseInt(s)));
        } catch (NumberFormatException e) {
            throw new RecordDecodeException(location, "expected an integer, found '" + s + "'");
        }
    };

    @Test
    void readsLinesSkippingBlankOnesAndCrLf() throws Exception {
        StreamDecoder.Reader reader = LineDelimited.decoder(NUMBERS)
                .open(new ByteArrayInputStream("1\r\n\n2\n3".getBytes(StandardCharsets.UTF_8)), "n.txt");
        List<Row> rows = new ArrayList<>();
        for (Row r; (r = reader.read()) != null; ) {
            rows.add(r);
        }
        assertThat(rows).containsExactly(Row.of(1), Row.of(2), Row.of(3));
    }

    @Test
    void errorsNameTheFileAndLine() throws Exception {
        StreamDecoder.Reader reader = LineDelimited.decoder(NUMBERS)
                .open(new ByteArrayInputStream("1\n\nx\n".getBytes(StandardCharsets.UTF_8)), "n.txt");
        reader.read();
        assertThatThrownBy(reader::read)
                .isInstanceOf(RecordDecodeException.class)
                .hasMessage("Cannot decode the record at file 'n.txt', line 3: expected an integer, found 'x'");
    }

    @Test
    void aBadLineIsHandedOverAndReadingGoesOnAfterIt() throws Exception {
        StreamDecoder decoder = LineDelimited.decoder(NUMBERS);
        StreamDecoder.Reader reader = decoder.open(new ByteArrayInputStream("1\r\n{x \r\n3\n".getBytes(StandardCharsets.UTF_8)), "n.txt");
        assertThat(decoder.isolatesBadRecords()).isTrue();
        assertThat(reader.read()).isEqualTo(Row.of(1));
        assertThatThrownBy(reader::read).isInstanceOf(RecordDecodeException.class).hasMessageContaining("line 2");
        assertThat(reader.failedRecord()).isEqualTo("{x ".getBytes(StandardCharsets.UTF_8));
        assertThat(reader.read()).isEqualTo(Row.of(3));
        assertThat(reader.failedRecord()).isNull();
        assertThat(reader.read()).isNull();
    }

    @Test
    void writesOneMessagePerLine() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StreamEncoder.Writer writer = LineDelimited.encoder(row -> row.getField(0).toString().getBytes(StandardCharsets.UTF_8))
                .open(bytes);
        writer.write(Row.of(1));
        writer.write(Row.of(22));
        writer.finish();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("1\n22\n");
    }
}
