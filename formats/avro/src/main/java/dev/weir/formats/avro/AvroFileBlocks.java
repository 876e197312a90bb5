package dev.weir.formats.avro;

import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.format.RecordLocation;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileConstants;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.SeekableInput;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;

/**
 * The blocks of an Avro data file read from a stream, each with its byte offset, and what to do when
 * one is damaged. A data file is a header (magic bytes, metadata with the schema and codec, a 16-byte
 * sync marker) and then blocks: a record count, a byte size, that many bytes of (compressed) records,
 * and the sync marker again.
 *
 * <p>Avro does the decoding: the header is parsed by Avro's {@link DataFileStream}, and every block is
 * handed, alone, to one {@link DataFileReader} over an in-memory {@link SeekableInput}, which reads its
 * count and size, checks its sync marker and decompresses it with the codec the file names. Done here
 * by hand is only the framing: where each block starts and ends in the stream. Avro's stream reader
 * cannot say (it reads ahead and keeps no offsets), cannot go on after a bad block, and takes a file
 * cut inside its last block for a clean end; its {@code sync(position)} recovery needs a seekable
 * file, and file connectors hand decoders a plain stream.
 *
 * <p>A damaged block is a {@link BadRecord}: its bytes in the file, from its first byte to the
 * first byte of the next block read, and an error whose location is the file and the block's byte
 * offset. Reading then goes on at the next block: right after the damaged block's sync marker when
 * its framing was sound (the data or a record was bad), else after the next sync marker found by
 * scanning the bytes from the damaged block's start. A block whose own marker is the only damage
 * (the block after it starts where its size says and ends with the marker) ends where its size says,
 * so its neighbour is not lost with it.
 */
final class AvroFileBlocks implements Closeable {
    private static final int SYNC_SIZE = DataFileConstants.SYNC_SIZE;

    private final ByteWindow in;
    private final String sourceName;
    private final Schema schema;
    private final String codec;
    private final byte[] sync;
    private final BinaryDecoder varints;
    private final BlockSlice slice = new BlockSlice();
    private final DataFileReader<Void> avro;

    private AvroFileBlocks(ByteWindow in, String sourceName, DataFileStream<Void> header, byte[] sync) throws IOException {
        this.in = in;
        this.sourceName = sourceName;
        this.schema = header.getSchema();
        String named = header.getMetaString(DataFileConstants.CODEC);
        this.codec = named == null ? DataFileConstants.NULL_CODEC : named;
        this.sync = sync;
        this.varints = DecoderFactory.get().directBinaryDecoder(in, null);
        this.avro = DataFileReader.openReader(slice, new NoDatums(), header.getHeader(), false);
    }

    /**
     * Reads the header.
     *
     * @throws IOException when the stream does not start with an Avro data file header
     * @throws AvroRuntimeException when the header is Avro's but its schema or codec cannot be read
     */
    static AvroFileBlocks open(InputStream stream, String sourceName) throws IOException {
        return open(new ByteWindow(stream), sourceName);
    }

    /** For tests: a window with a smaller bound. */
    static AvroFileBlocks open(ByteWindow in, String sourceName) throws IOException {
        // Avro's decoder reads the header entry by entry, only to find where it ends: DataFileStream,
        // which parses it below, reads ahead of it.
        BinaryDecoder header = DecoderFactory.get().directBinaryDecoder(in, null);
        byte[] magic = new byte[DataFileConstants.MAGIC.length];
        header.readFixed(magic);
        if (!Arrays.equals(magic, DataFileConstants.MAGIC)) {
            throw new IOException("it does not start with Avro's magic bytes");
        }
        for (long entries = header.readMapStart(); entries != 0; entries = header.mapNext()) {
            for (long i = 0; i < entries; i++) {
                header.skipString();
                header.skipBytes();
            }
        }
        byte[] sync = new byte[SYNC_SIZE];
        header.readFixed(sync);
        byte[] headerBytes = in.copy(0, in.position());
        in.release();
        return new AvroFileBlocks(in, sourceName,
                new DataFileStream<>(new ByteArrayInputStream(headerBytes), new NoDatums()), sync);
    }

    Schema schema() {
        return schema;
    }

    /** A block read whole, its sync marker checked and its data decompressed. */
    record Block(long offset, long end, long count, ByteBuffer data) {
    }

    /**
     * The next block, or null at the end of the file. The bytes of the block returned stay held (for
     * {@link #raw}) until the next call.
     *
     * @throws BadRecord when it cannot be read; the next call goes on after it
     * @throws IOException when reading the file fails
     */
    Block next() throws IOException, BadRecord {
        while (true) {
            in.release();
            long offset = in.position();
            if (!in.has(offset, 1)) {
                return null;
            }
            long count = -1;
            long size;
            try {
                count = varints.readLong();
                size = varints.readLong();
            } catch (EOFException cut) {
                boolean counted = count >= 0;
                throw damaged(offset, in.heldEnd(), counted ? recordOf(1, count) : "", "the file ends inside the block's"
                        + " header; " + (counted ? lost(1, count, count) : unknownLoss()), null);
            } catch (IOException invalid) {
                throw resync(offset, -1, "the block's header is not valid (" + invalid.getMessage() + ")", -1, false, invalid);
            }
            if (count < 0 || size < 0 || size > in.maxHeld() - SYNC_SIZE - 32) {
                throw resync(offset, -1, "the block's header is not valid (record count " + count + ", size "
                        + size + " bytes)", -1, false, null);
            }
            long dataStart = in.position();
            long markerAt = dataStart + size;
            if (!in.has(dataStart, size + SYNC_SIZE)) {
                throw resync(offset, count, "the file ends " + (in.heldEnd() - offset) + " bytes into the block, whose"
                        + " header says it is " + (markerAt + SYNC_SIZE - offset) + " bytes long", -1, true, null);
            }
            if (!in.matches(markerAt, sync)) {
                throw resync(offset, count, "the block does not end with the file's sync marker", markerAt, false, null);
            }
            long end = markerAt + SYNC_SIZE;
            in.seek(end);
            if (count == 0) {
                if (size == 0) {
                    continue; // an empty block, which Avro's writers never write, holds nothing
                }
                throw damaged(offset, end, "", "the block declares no records but holds " + size
                        + " bytes of data; " + unknownLoss(), null);
            }
            try {
                slice.set(in.array(), in.index(offset), (int) (end - offset));
                avro.seek(0);
                return new Block(offset, end, count, avro.nextBlock());
            } catch (IOException | RuntimeException bad) {
                throw damaged(offset, end, recordOf(1, count), "the block's data cannot be decompressed with the file's"
                        + " codec '" + codec + "' (" + describe(bad) + "); " + lost(1, count, count), bad);
            } catch (LinkageError missing) {
                throw new IOException("The Avro codec '" + codec + "' of file '" + sourceName + "' needs a library that"
                        + " is not on the class path: " + missing, missing);
            }
        }
    }

    /** The bytes of a block {@link #next()} returned, exactly as in the file, from its count to its sync marker. */
    byte[] raw(Block block) {
        return in.copy(block.offset(), block.end());
    }

    /**
     * Record {@code index} of a block {@link #next()} returned cannot be decoded: where the next one
     * starts is unknown, so the rest of the block is lost.
     */
    BadRecord restOfBlock(Block block, long index, String problem, Throwable cause) {
        return new BadRecord(raw(block), error(block.offset(), recordOf(index, block.count()),
                problem + "; " + lost(index, block.count(), block.count()), cause));
    }

    /** Record {@code index} of a block {@link #next()} returned, well-formed but not convertible, is lost alone. */
    BadRecord oneRecord(Block block, long index, byte[] record, String problem, Throwable cause) {
        return new BadRecord(record, error(block.offset(), recordOf(index, block.count()),
                problem + "; " + lost(index, index, block.count()), cause));
    }

    /** The records of a block {@link #next()} returned were all read, but bytes are left over. */
    BadRecord leftOver(Block block, int bytes) {
        return new BadRecord(raw(block), error(block.offset(), ", after record " + block.count() + " of "
                + block.count(), bytes + " bytes are left over after the block's " + block.count() + " records, which"
                + " were read: its record count or its data is corrupt, and how many more records the bytes held is"
                + " unknown", null));
    }

    /**
     * The block at {@code offset} is damaged where its framing is concerned: finds where the next one
     * starts, by the next sync marker.
     *
     * @param count the record count its header declares, or -1
     * @param markerAt where its sync marker should be, when its header was read and the bytes are there; or -1
     * @param truncated whether the file ends before the block does
     */
    private BadRecord resync(long offset, long count, String problem, long markerAt, boolean truncated, Throwable cause)
            throws IOException {
        long found;
        try {
            found = in.find(sync, offset + 1);
        } catch (ByteWindow.WindowFullException full) {
            throw new IOException("Cannot read file '" + sourceName + "' past the damaged block at byte offset " + offset
                    + " (" + problem + "): no sync marker follows within the " + in.maxHeld() + " bytes that may be"
                    + " held in memory", full);
        }
        long resume;
        String next;
        // Whether the block ends where its header says, so that its record count can be believed.
        boolean headerHolds;
        if (markerAt >= 0 && nextBlockLinesUp(markerAt + SYNC_SIZE, found)) {
            resume = markerAt + SYNC_SIZE; // only the marker is damaged
            next = "";
            headerHolds = true;
        } else if (found >= 0) {
            resume = found + SYNC_SIZE;
            next = "; the next block found starts at byte offset " + resume;
            headerHolds = false;
        } else {
            resume = in.heldEnd();
            next = truncated ? "" : "; no sync marker follows, so the rest of the file cannot be read";
            headerHolds = truncated;
        }
        String loss = count < 0 ? unknownLoss()
                : lost(1, count, count) + (headerHolds ? "" : " (as far as its header, which may be damaged too, tells)");
        return damaged(offset, resume, count < 0 ? "" : recordOf(1, count), problem + "; " + loss + next, cause);
    }

    /**
     * Whether a block starts at {@code start} and ends, as its size says, with the sync marker found at
     * {@code found}; or {@code start} is the end of the file and no marker follows. Moves the position.
     */
    private boolean nextBlockLinesUp(long start, long found) throws IOException {
        if (found < 0) {
            return !in.has(start, 1) && in.heldEnd() == start;
        }
        if (found <= start) {
            return false;
        }
        in.seek(start);
        try {
            long count = varints.readLong();
            long size = varints.readLong();
            return count >= 0 && size >= 0 && in.position() + size == found;
        } catch (IOException garbage) {
            return false;
        }
    }

    private BadRecord damaged(long offset, long end, String record, String problem, Throwable cause) {
        in.seek(end);
        return new BadRecord(in.copy(offset, end), error(offset, record, problem, cause));
    }

    private RecordDecodeException error(long offset, String record, String problem, Throwable cause) {
        return new RecordDecodeException(new RecordLocation("file '" + sourceName + "', block at byte offset " + offset
                + record), problem, cause);
    }

    private static String recordOf(long index, long count) {
        return ", record " + index + " of " + count;
    }

    /** How many of a block's records are lost: records {@code from} to {@code to} (1-based). */
    private static String lost(long from, long to, long count) {
        long lost = to - from + 1;
        return lost + " of the block's " + count + " records cannot be read" + (lost == count ? ""
                : from == to ? " (record " + from + ")" : " (records " + from + " to " + to + ")");
    }

    private static String unknownLoss() {
        return "its record count cannot be read, so how many records are lost is unknown";
    }

    /** The messages of an error and its causes, each once. */
    private static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable e = error; e != null; e = e.getCause()) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (e.getCause() != null && message.equals(e.getCause().toString())) {
                continue; // a wrapper that only repeats its cause
            }
            if (!text.toString().contains(message)) {
                text.append(text.isEmpty() ? "" : ": ").append(message);
            }
        }
        return text.toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * A bad record: a damaged block (or the rest of one) with its bytes as in the file, or one record
     * that does not convert with its bytes in the block; and the error naming it.
     */
    static final class BadRecord extends Exception {
        private final byte[] raw;
        private final RecordDecodeException error;

        BadRecord(byte[] raw, RecordDecodeException error) {
            super(error.getMessage(), null, false, false);
            this.raw = raw;
            this.error = error;
        }

        byte[] raw() {
            return raw;
        }

        RecordDecodeException error() {
            return error;
        }
    }

    /** Avro's file readers need a datum reader; blocks are taken whole, so it is never asked for a record. */
    private static final class NoDatums implements DatumReader<Void> {
        @Override
        public void setSchema(Schema schema) {
        }

        @Override
        public Void read(Void reuse, Decoder in) {
            throw new UnsupportedOperationException("blocks are read whole");
        }
    }

    /** One block's bytes, held in the window, as the seekable file Avro's DataFileReader reads. */
    private static final class BlockSlice implements SeekableInput {
        private byte[] array = new byte[0];
        private int offset;
        private int length;
        private int pos;

        void set(byte[] array, int offset, int length) {
            this.array = array;
            this.offset = offset;
            this.length = length;
            this.pos = 0;
        }

        @Override
        public void seek(long p) {
            pos = (int) Math.min(p, length);
        }

        @Override
        public long tell() {
            return pos;
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= length) {
                return -1;
            }
            int n = Math.min(len, length - pos);
            System.arraycopy(array, offset + pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() {
        }
    }
}
