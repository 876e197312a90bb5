package dev.weir.formats.raw;

import dev.weir.api.data.Row;
import dev.weir.api.format.RecordLocation;
import dev.weir.api.format.RowDecoder;
import java.nio.charset.Charset;
import java.util.function.Consumer;

/** The message becomes the single column: a copy of its bytes, or its text. Any message decodes. */
final class RawRowDecoder implements RowDecoder {
    private static final long serialVersionUID = 1L;

    private final boolean text;
    private final String charsetName;

    RawRowDecoder(boolean text, String charsetName) {
        this.text = text;
        this.charsetName = charsetName;
    }

    @Override
    public void decode(byte[] message, RecordLocation location, Consumer<Row> out) {
        // Copied: a connector may reuse the array for its next message.
        out.accept(Row.of(text ? new String(message, Charset.forName(charsetName)) : message.clone()));
    }
}
