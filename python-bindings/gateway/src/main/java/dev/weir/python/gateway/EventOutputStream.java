package dev.weir.python.gateway;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Replaces {@code System.out} in the gateway: what jobs print (the print connector, the print
 * sink) goes to Python as {@code stdout} events, one per line, and never corrupts the protocol.
 */
final class EventOutputStream extends OutputStream {
    private final ProtocolWriter writer;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    EventOutputStream(ProtocolWriter writer) {
        this.writer = writer;
    }

    @Override
    public synchronized void write(int b) {
        line.write(b);
        if (b == '\n') {
            emit();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    @Override
    public synchronized void flush() {
        if (line.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        writer.event("stdout", ProtocolWriter.MAPPER.createObjectNode().put("text", text));
    }
}
