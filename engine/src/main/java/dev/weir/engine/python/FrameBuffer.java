package dev.weir.engine.python;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable little-endian byte buffer for one frame. Writers keep every buffer of a column 8-byte
 * aligned ({@link #align()}) so that numpy can view it in place on the worker's side.
 */
final class FrameBuffer {
    private byte[] bytes;
    private ByteBuffer view;

    FrameBuffer(int initialCapacity) {
        bytes = new byte[Math.max(64, initialCapacity)];
        view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    int position() {
        return view.position();
    }

    byte[] array() {
        return bytes;
    }

    void clear() {
        view.clear();
    }

    void ensure(int more) {
        int needed = view.position() + more;
        if (needed > bytes.length) {
            int position = view.position();
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
            view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            view.position(position);
        }
    }

    void putByte(int value) {
        ensure(1);
        view.put((byte) value);
    }

    void putShort(int value) {
        ensure(2);
        view.putShort((short) value);
    }

    void putInt(int value) {
        ensure(4);
        view.putInt(value);
    }

    void putIntAt(int index, int value) {
        view.putInt(index, value);
    }

    void putLong(long value) {
        ensure(8);
        view.putLong(value);
    }

    void putFloat(float value) {
        ensure(4);
        view.putFloat(value);
    }

    void putDouble(double value) {
        ensure(8);
        view.putDouble(value);
    }

    void putBytes(byte[] data, int offset, int length) {
        ensure(length);
        view.put(data, offset, length);
    }

    /** Reserves {@code length} zero bytes and returns where they start. */
    int skip(int length) {
        ensure(length);
        int start = view.position();
        Arrays.fill(bytes, start, start + length, (byte) 0);
        view.position(start + length);
        return start;
    }

    /** Advances over bytes written directly into {@link #array()} after {@link #ensure}. */
    void skipWritten(int length) {
        view.position(view.position() + length);
    }

    void align() {
        int pad = -view.position() & 7;
        if (pad > 0) {
            skip(pad);
        }
    }

    void setBit(int bitmapStart, int index) {
        bytes[bitmapStart + (index >>> 3)] |= (byte) (1 << (index & 7));
    }
}
