package dev.weir.formats.avro;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * An Avro data file written by Avro's own DataFileWriter, in blocks of a known number of records
 * (DataFileWriter.sync() ends a block and tells where the next starts), to be damaged byte by byte.
 */
final class DamagedDataFile {
    /** Orders as a writer that also puts strings into 'amount', which a BIGINT column cannot read. */
    static final Schema ORDERS = new Schema.Parser().parse("""
            {"type": "record", "name": "order", "fields": [
              {"name": "id", "type": "long"},
              {"name": "name", "type": ["null", "string"]},
              {"name": "amount", "type": ["null", "long", "string"]}]}""");

    byte[] bytes;
    /** Where each block starts, and at the end the length of the file as written. */
    final long[] blockOffsets;

    private DamagedDataFile(byte[] bytes, long[] blockOffsets) {
        this.bytes = bytes;
        this.blockOffsets = blockOffsets;
    }

    /**
     * Records 1 to {@code blocks * perBlock}: id n, name "n<n>", amount 10 n; a string amount for the
     * ids in {@code stringAmounts}.
     */
    static DamagedDataFile write(int blocks, int perBlock, String codec, long... stringAmounts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Long> offsets = new ArrayList<>();
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(ORDERS))) {
            writer.setCodec(CodecFactory.fromString(codec));
            writer.setSyncInterval(1 << 30); // blocks end only where sync() ends them
            writer.create(ORDERS, out);
            offsets.add((long) out.size());
            long id = 0;
            for (int b = 0; b < blocks; b++) {
                for (int r = 0; r < perBlock; r++) {
                    id++;
                    long thisId = id;
                    writer.append(order(id, Arrays.stream(stringAmounts).anyMatch(s -> s == thisId)));
                }
                offsets.add(writer.sync());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DamagedDataFile(out.toByteArray(), offsets.stream().mapToLong(Long::longValue).toArray());
    }

    /** Record {@code id} as written: name "n<id>", amount 10 id or the string "lots". */
    static GenericRecord order(long id, boolean stringAmount) {
        GenericRecord record = new GenericData.Record(ORDERS);
        record.put("id", id);
        record.put("name", "n" + id);
        record.put("amount", stringAmount ? "lots" : 10 * id);
        return record;
    }

    /** Avro's binary encoding of record {@code id} with a string amount, as in an uncompressed block. */
    static byte[] stringAmountBytes(long id) {
        return Avro.write(ORDERS, order(id, true));
    }

    /** Where block {@code n} (1-based) starts. */
    long block(int n) {
        return blockOffsets[n - 1];
    }

    /** The bytes of block {@code n} as written, from its count to its sync marker. */
    byte[] blockBytes(int n) {
        return bytes(block(n), block(n + 1));
    }

    byte[] bytes(long from, long to) {
        return Arrays.copyOfRange(bytes, (int) from, (int) to);
    }

    /** Where block {@code n}'s (compressed) data starts: after its record count and size. */
    long dataStart(int n) {
        BinaryDecoder header = DecoderFactory.get().binaryDecoder(bytes, (int) block(n), 20, null);
        try {
            header.readLong();
            header.readLong();
            return block(n) + 20 - header.inputStream().available();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where block {@code n}'s sync marker starts. */
    long syncMarker(int n) {
        return block(n + 1) - 16;
    }

    /** The offset of the first occurrence of {@code hex} in the file. */
    long find(String hex) {
        byte[] wanted = HexFormat.of().parseHex(hex);
        for (int i = 0; i + wanted.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + wanted.length, wanted, 0, wanted.length)) {
                return i;
            }
        }
        throw new AssertionError(hex + " is not in the file");
    }

    DamagedDataFile set(long offset, int value) {
        bytes[(int) offset] = (byte) value;
        return this;
    }

    DamagedDataFile flip(long offset) {
        bytes[(int) offset] ^= (byte) 0xff;
        return this;
    }

    DamagedDataFile cut(long length) {
        bytes = Arrays.copyOf(bytes, (int) length);
        return this;
    }

    /** The bytes of record n's 'name' branch and value, "n<n>" as Avro writes it: union index 1, length, chars. */
    static String nameBytes(int n) {
        String name = "n" + n;
        return "02" + HexFormat.of().toHexDigits((byte) (name.length() * 2)) + HexFormat.of().formatHex(name.getBytes());
    }
}
