package dev.weir.formats.avro;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A stream read forward that keeps every byte read since the last {@link #release()}, so that a reader
 * can go back to any of them and knows each one's offset in the file. File connectors hand decoders a
 * plain {@link InputStream}, which cannot seek, and after a damaged block of an Avro data file the next
 * sync marker may lie among bytes already read (when the block's declared size was too large).
 *
 * <p>Holds one block and what follows it up to the next sync marker, at most {@code maxHeld} bytes.
 */
final class ByteWindow extends InputStream {
    /** The most bytes held at once by default: about the largest Java array, as the largest Avro block. */
    static final int MAX_HELD = Integer.MAX_VALUE - 64;
    private static final int INITIAL = 64 * 1024;

    private final InputStream source;
    private final int maxHeld;
    private byte[] buf = new byte[INITIAL];
    /** The file offset of {@code buf[0]}. */
    private long base;
    /** Bytes before this index are released. */
    private int floor;
    private int pos;
    private int limit;
    private boolean eof;

    ByteWindow(InputStream source) {
        this(source, MAX_HELD);
    }

    ByteWindow(InputStream source, int maxHeld) {
        this.source = source;
        this.maxHeld = maxHeld;
    }

    int maxHeld() {
        return maxHeld;
    }

    /** The file offset of the next byte read. */
    long position() {
        return base + pos;
    }

    /** Goes back or forth to a byte held: between the last release and the furthest byte read. */
    void seek(long offset) {
        if (offset < base + floor || offset > base + limit) {
            throw new IllegalStateException("byte offset " + offset + " is not held (" + (base + floor) + " to "
                    + (base + limit) + ")");
        }
        pos = (int) (offset - base);
    }

    /** Forgets the bytes before the position. */
    void release() {
        floor = pos;
    }

    /**
     * True when the {@code n} bytes from {@code offset} (not before the last release) are held, reading
     * them if need be; false when the file ends first.
     *
     * @throws WindowFullException when holding them would take more than {@code maxHeld} bytes
     */
    boolean has(long offset, long n) throws IOException {
        long end = offset + n;
        while (base + limit < end) {
            if (!fill()) {
                return false;
            }
        }
        return true;
    }

    /** The offset just past the bytes held: the end of the file once {@link #has} said false. */
    long heldEnd() {
        return base + limit;
    }

    /** Whether the bytes at {@code offset} are {@code expected}; they must be held. */
    boolean matches(long offset, byte[] expected) {
        int from = index(offset);
        return Arrays.equals(buf, from, from + expected.length, expected, 0, expected.length);
    }

    /**
     * The offset of the first occurrence of {@code marker} at or after {@code from}, reading on as far as
     * needed; -1 when the file ends first. Does not move the position.
     */
    long find(byte[] marker, long from) throws IOException {
        for (long at = from; has(at, marker.length); at++) {
            if (buf[index(at)] == marker[0] && matches(at, marker)) {
                return at;
            }
        }
        return -1;
    }

    /** A copy of the held bytes from {@code from} to {@code to}. */
    byte[] copy(long from, long to) {
        return Arrays.copyOfRange(buf, index(from), index(to));
    }

    /** The buffer, valid until the next read, and the index in it of a held offset. */
    byte[] array() {
        return buf;
    }

    int index(long offset) {
        return (int) (offset - base);
    }

    /** Reads more: into free space, else into the space of released bytes, else into a larger buffer. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (limit - floor >= maxHeld) {
            throw new WindowFullException(base + floor, maxHeld);
        }
        if (limit == buf.length) {
            int held = limit - floor;
            byte[] target = floor > 0 && held < buf.length / 2 ? buf
                    : new byte[(int) Math.min(maxHeld, 2L * Math.max(held, INITIAL / 2))];
            if (floor > 0 && buf.length > 4 * INITIAL && held < INITIAL / 2) {
                target = new byte[INITIAL]; // a large block was read: do not keep its buffer for the small ones
            }
            System.arraycopy(buf, floor, target, 0, held);
            buf = target;
            base += floor;
            pos -= floor;
            limit = held;
            floor = 0;
        }
        int n = source.read(buf, limit, (int) Math.min(buf.length, (long) floor + maxHeld) - limit);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }

    @Override
    public int read() throws IOException {
        if (!has(position(), 1)) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!has(position(), 1)) {
            return -1;
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    /** More bytes would have to be held than the bound allows. */
    static final class WindowFullException extends IOException {
        WindowFullException(long from, int maxHeld) {
            super("more than " + maxHeld + " bytes from byte offset " + from + " would have to be held in memory");
        }
    }
}
