package dev.weir.formats.raw;

import dev.weir.api.data.Row;
import dev.weir.api.format.RowEncoder;
import java.nio.charset.Charset;

/** The single column becomes the message; NULL becomes an empty message. */
final class RawRowEncoder implements RowEncoder {
    private static final long serialVersionUID = 1L;
    private static final byte[] EMPTY = new byte[0];

    private final boolean text;
    private final String charsetName;

    RawRowEncoder(boolean text, String charsetName) {
        this.text = text;
        this.charsetName = charsetName;
    }

    @Override
    public byte[] encode(Row row) {
        Object value = row.getField(0);
        if (value == null) {
            return EMPTY;
        }
        // Copied: the row may be reused while the message is still queued.
        return text ? ((String) value).getBytes(Charset.forName(charsetName)) : ((byte[]) value).clone();
    }
}
