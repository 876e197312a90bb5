package dev.weir.formats.json;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * Where the generator flushes one encoded record. A record shorter than the generator's own buffer
 * (8000 bytes) arrives in a single write, which becomes the message with a single copy; longer
 * records arrive in pieces and are joined.
 */
final class MessageBuffer extends OutputStream {
    private static final byte[] EMPTY = new byte[0];

    private byte[] message = EMPTY;

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        if (message.length == 0) {
            message = Arrays.copyOfRange(bytes, offset, offset + length);
        } else {
            byte[] joined = Arrays.copyOf(message, message.length + length);
            System.arraycopy(bytes, offset, joined, message.length, length);
            message = joined;
        }
    }

    /** The bytes written since the last call, which starts the next message. */
    byte[] take() {
        byte[] taken = message;
        message = EMPTY;
        return taken;
    }
}
