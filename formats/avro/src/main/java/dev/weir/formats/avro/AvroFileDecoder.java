package dev.weir.formats.avro;

import dev.weir.api.data.Row;
import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.format.RecordLocation;
import dev.weir.api.format.SkippedRecords;
import dev.weir.api.format.StreamDecoder;
import dev.weir.api.metrics.MetricGroup;
import dev.weir.api.types.DataType;
import dev.weir.formats.avro.AvroFileBlocks.Block;
import dev.weir.formats.avro.AvroFileBlocks.BadRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Reads Avro data files (the container format: a header with the writer schema, then blocks of
 * records) as rows, resolving each file's own schema against the row type.
 *
 * <p>Records are not framed inside a block ({@link AvroFileBlocks}), so after one whose bytes cannot
 * be decoded the others cannot be found: the records of the block read before it are rows as usual,
 * the rest of the block is one bad record, whose raw bytes are the whole block as in the file and
 * whose error says which record failed and how many of the block's records are lost. Reading goes on
 * with the next block. A record whose bytes are well-formed but whose value does not convert to its
 * column has known bounds, though: it alone is the bad record, with its own bytes, and reading goes on
 * with the next record of the block.
 */
final class AvroFileDecoder implements StreamDecoder {
    private static final long serialVersionUID = 1L;

    private final DataType rowType;
    private final boolean ignoreParseErrors;
    private final SkippedRecords skippedRecords;

    AvroFileDecoder(DataType rowType, boolean ignoreParseErrors, String optionPrefix) {
        this.rowType = rowType;
        this.ignoreParseErrors = ignoreParseErrors;
        this.skippedRecords = new SkippedRecords(optionPrefix + AvroFormatOptions.IGNORE_PARSE_ERRORS.key() + " is true");
    }

    @Override
    public void open(MetricGroup metrics) {
        skippedRecords.open(metrics);
    }

    /** A damaged block, or a record that does not convert, is handed over, and reading goes on after it. */
    @Override
    public boolean isolatesBadRecords() {
        return true;
    }

    /**
     * A file whose header cannot be read, or whose schema cannot be read as the row type, is not a bad
     * record: it fails, under every policy, when it is opened.
     */
    @Override
    public Reader open(InputStream in, String sourceName) throws IOException {
        RecordLocation file = new RecordLocation("file '" + sourceName + "'");
        AvroFileBlocks blocks;
        try {
            blocks = AvroFileBlocks.open(in, sourceName);
        } catch (IOException notAvro) {
            in.close();
            throw new RecordDecodeException(file, "not an Avro data file (" + notAvro.getMessage() + ")", notAvro);
        } catch (AvroRuntimeException badHeader) {
            in.close();
            throw new RecordDecodeException(file, "the Avro data file's header cannot be read: " + badHeader.getMessage(),
                    badHeader);
        }
        AvroRowReader rows;
        try {
            rows = AvroRowReader.create(blocks.schema(), rowType);
        } catch (IllegalArgumentException misfit) {
            blocks.close();
            throw new RecordDecodeException(file, misfit.getMessage(), misfit);
        }
        return new FileReader(blocks, rows);
    }

    private final class FileReader implements Reader {
        private final AvroFileBlocks blocks;
        private final AvroRowReader rows;
        private Block block;
        private BinaryDecoder records;
        /** The array holding {@code block}'s (decompressed) data, and where the data ends in it. */
        private byte[] data;
        private int dataEnd;
        /** Records of {@code block} read (as rows or as bad records) so far. */
        private long read;
        private byte[] failedRecord;

        FileReader(AvroFileBlocks blocks, AvroRowReader rows) {
            this.blocks = blocks;
            this.rows = rows;
        }

        @Override
        public Row read() throws IOException {
            failedRecord = null;
            while (true) {
                try {
                    return nextRow();
                } catch (BadRecord bad) {
                    if (!ignoreParseErrors) {
                        failedRecord = bad.raw();
                        throw bad.error();
                    }
                    skippedRecords.skip(bad.error());
                }
            }
        }

        private Row nextRow() throws IOException, BadRecord {
            while (block == null || read == block.count()) {
                if (block != null) {
                    Block done = block;
                    block = null;
                    int leftOver = records.inputStream().available();
                    if (leftOver > 0) {
                        throw blocks.leftOver(done, leftOver);
                    }
                }
                block = blocks.next();
                if (block == null) {
                    return null;
                }
                ByteBuffer buffer = block.data();
                data = buffer.array();
                dataEnd = buffer.arrayOffset() + buffer.limit();
                records = at(buffer.arrayOffset() + buffer.position());
                read = 0;
            }
            // Where the record starts: a misfit may be found after the decoder consumed part of it.
            int start = position();
            try {
                Row row = rows.read(records);
                read++;
                return row;
            } catch (AvroDataException bad) {
                read++;
                if (bad.valueMisfit() && wellFormed(start)) {
                    byte[] record = Arrays.copyOfRange(data, start, position());
                    throw blocks.oneRecord(block, read, record, bad.getMessage(), bad);
                }
                Block damaged = block;
                block = null;
                throw blocks.restOfBlock(damaged, read, bad.getMessage(), bad);
            }
        }

        /**
         * Whether the record at {@code start} is well-formed under the writer schema: Avro skips it from
         * its start as written, without converting a value, and {@code records} is then right after it.
         * (A misfit alone does not say so: bytes after the value that failed may be corrupt.)
         */
        private boolean wellFormed(int start) {
            records = at(start);
            try {
                GenericDatumReader.skip(rows.writerSchema(), records);
                return true;
            } catch (IOException | RuntimeException corrupt) {
                return false;
            }
        }

        /** A decoder over the block's data from {@code start}. */
        private BinaryDecoder at(int start) {
            return DecoderFactory.get().binaryDecoder(data, start, dataEnd - start, records);
        }

        /**
         * Where {@code records} is in {@code data}: what it has left to read tells, even after it copied
         * the last bytes into a buffer of its own.
         */
        private int position() throws IOException {
            return dataEnd - records.inputStream().available();
        }

        @Override
        public byte[] failedRecord() {
            return failedRecord;
        }

        @Override
        public void close() throws IOException {
            blocks.close();
        }
    }
}
