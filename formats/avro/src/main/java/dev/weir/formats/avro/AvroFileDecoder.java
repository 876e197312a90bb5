package dev.weir.formats.avro;

import dev.weir.api.data.Row;
import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.format.RecordLocation;
import dev.weir.api.format.SkippedRecords;
import dev.weir.api.format.StreamDecoder;
import dev.weir.api.metrics.MetricGroup;
import dev.weir.api.types.DataType;
import dev.weir.formats.avro.AvroFileBlocks.Block;
import dev.weir.formats.avro.AvroFileBlocks.DamagedBlock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Reads Avro data files (the container format: a header with the writer schema, then blocks of
 * records) as rows, resolving each file's own schema against the row type.
 *
 * <p>The unit a bad record is isolated in is the block ({@link AvroFileBlocks}): records are not
 * framed inside a block, so after one that cannot be read the others cannot be found. The records of
 * a block read before the bad one are rows as usual; the rest of the block is one bad record, whose
 * raw bytes are the whole block as in the file and whose error says which record failed and how many
 * of the block's records are lost. Reading goes on with the next block.
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

    /** A damaged block is handed over whole, and reading goes on at the next one. */
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
        /** Records of {@code block} read so far. */
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
                } catch (DamagedBlock damaged) {
                    if (!ignoreParseErrors) {
                        failedRecord = damaged.raw();
                        throw damaged.error();
                    }
                    skippedRecords.skip(damaged.error());
                }
            }
        }

        private Row nextRow() throws IOException, DamagedBlock {
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
                ByteBuffer data = block.data();
                records = DecoderFactory.get().binaryDecoder(data.array(), data.arrayOffset() + data.position(),
                        data.remaining(), records);
                read = 0;
            }
            try {
                Row row = rows.read(records);
                read++;
                return row;
            } catch (AvroDataException bad) {
                Block damaged = block;
                block = null;
                throw blocks.badRecord(damaged, read + 1, bad.getMessage(), bad);
            }
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
