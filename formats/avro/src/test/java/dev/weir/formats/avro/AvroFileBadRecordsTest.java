package dev.weir.formats.avro;

import static dev.weir.api.types.DataTypes.BIGINT;
import static dev.weir.api.types.DataTypes.FIELD;
import static dev.weir.api.types.DataTypes.ROW;
import static dev.weir.api.types.DataTypes.STRING;
import static dev.weir.formats.avro.DamagedDataFile.nameBytes;
import static dev.weir.formats.avro.DamagedDataFile.stringAmountBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.data.Row;
import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.format.StreamDecoder;
import dev.weir.api.metrics.InMemoryMetricGroup;
import dev.weir.api.types.DataType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * Avro data files damaged after Avro's own DataFileWriter wrote them, read as a file connector reads
 * them under each bad-record policy: 'fail' takes the first error; 'skip' and 'dead-letter' take every
 * bad record's raw bytes ({@link StreamDecoder.Reader#failedRecord()}) and error and read on. For
 * corrupt bytes the unit is the rest of a block: the records of a damaged block read before the damage
 * are rows, the rest is one bad record whose bytes are the block's and whose error counts the records
 * lost. A well-formed record whose value does not convert is a bad record alone, with its own bytes.
 *
 * <p>Conservation, as the README defines it: rows + the records each bad record says are lost = the
 * records the blocks declare (here every block declares 3).
 */
class AvroFileBadRecordsTest {
    private static final DataType ORDERS = ROW(FIELD("id", BIGINT().notNull()), FIELD("name", STRING()),
            FIELD("amount", BIGINT()));
    private static final String FILE = "orders.avro";
    private static final Pattern LOST = Pattern.compile("; (\\d+) of the block's (\\d+) records cannot be read");

    /** One bad record as a connector sees it under 'skip' or 'dead-letter'. */
    record Bad(byte[] raw, RecordDecodeException error) {
        String location() {
            return error.location().description();
        }

        long lost() {
            Matcher m = LOST.matcher(error.getMessage());
            assertThat(m.find()).as("the error says how many records are lost: %s", error.getMessage()).isTrue();
            return Long.parseLong(m.group(1));
        }
    }

    record Outcome(List<Long> ids, List<Bad> bad, long skipped) {
        long lost() {
            return bad.stream().mapToLong(Bad::lost).sum();
        }
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    private static List<Long> concat(List<Long> a, List<Long> b) {
        List<Long> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Reads as the filesystem connector does under 'skip' and 'dead-letter'. */
    private static Outcome readIsolating(byte[] file, String... options) throws IOException {
        return readIsolating(new ByteArrayInputStream(file), options);
    }

    private static Outcome readIsolating(InputStream file, String... options) throws IOException {
        StreamDecoder decoder = Avro.factory().createStreamDecoder(Avro.context(ORDERS, options));
        InMemoryMetricGroup metrics = new InMemoryMetricGroup();
        decoder.open(metrics);
        assertThat(decoder.isolatesBadRecords()).isTrue();
        List<Long> ids = new ArrayList<>();
        List<Bad> bad = new ArrayList<>();
        try (StreamDecoder.Reader reader = decoder.open(file, FILE)) {
            while (true) {
                try {
                    Row row = reader.read();
                    if (row == null) {
                        break;
                    }
                    assertThat(reader.failedRecord()).isNull();
                    ids.add((Long) row.getField(0));
                    assertThat(row).isEqualTo(Row.of(row.getField(0), "n" + row.getField(0), 10 * (Long) row.getField(0)));
                } catch (RecordDecodeException e) {
                    assertThat(reader.failedRecord()).as("raw bytes of %s", e.getMessage()).isNotNull();
                    bad.add(new Bad(reader.failedRecord(), e));
                }
            }
        }
        return new Outcome(ids, bad, metrics.count("numRecordsSkipped"));
    }

    /** Reads as under 'fail': the first error ends the read; the rows before it were emitted. */
    private static RecordDecodeException readFailing(byte[] file, List<Long> rowsBeforeTheError) throws IOException {
        StreamDecoder decoder = Avro.factory().createStreamDecoder(Avro.context(ORDERS));
        List<Long> ids = new ArrayList<>();
        try (StreamDecoder.Reader reader = decoder.open(new ByteArrayInputStream(file), FILE)) {
            for (Row row = reader.read(); row != null; row = reader.read()) {
                ids.add((Long) row.getField(0));
            }
        } catch (RecordDecodeException e) {
            assertThat(ids).isEqualTo(rowsBeforeTheError);
            return e;
        }
        throw new AssertionError("no error; rows " + ids);
    }

    private static String location(DamagedDataFile file, int block, String record) {
        return "file '" + FILE + "', block at byte offset " + file.block(block) + record;
    }

    @Test
    void anIntactFileIsReadWhole() throws IOException {
        for (String codec : List.of("null", "deflate", "bzip2")) {
            Outcome outcome = readIsolating(DamagedDataFile.write(4, 3, codec).bytes);
            assertThat(outcome.ids()).as(codec).isEqualTo(range(1, 12));
            assertThat(outcome.bad()).isEmpty();
        }
    }

    @Test
    void aCorruptRecordLosesTheRestOfItsBlockOnly() throws IOException {
        DamagedDataFile file = DamagedDataFile.write(4, 3, "null");
        // Record 5, the second of block 2: its name's union index 1 becomes 5, out of range.
        file.set(file.find(nameBytes(5)), 0x0a);

        Outcome outcome = readIsolating(file.bytes);

        assertThat(outcome.ids()).isEqualTo(concat(range(1, 4), range(7, 12)));
        assertThat(outcome.bad()).hasSize(1);
        Bad bad = outcome.bad().get(0);
        assertThat(bad.raw()).isEqualTo(file.blockBytes(2));
        assertThat(bad.location()).isEqualTo(location(file, 2, ", record 2 of 3"));
        // The index's own message, "(Index 5 out of bounds for length 2)", may be left out by the JVM.
        assertThat(bad.error().getMessage()).startsWith("Cannot decode the record at " + bad.location()
                        + ": field 'name': truncated or corrupt Avro data: an enum or union index is out of range")
                .endsWith("; 2 of the block's 3 records cannot be read (records 2 to 3)");
        assertThat(outcome.ids().size() + outcome.lost()).isEqualTo(12);

        RecordDecodeException failed = readFailing(file.bytes, range(1, 4));
        assertThat(failed).hasMessage(bad.error().getMessage());
    }

    @Test
    void aBadCodecPayloadLosesItsBlock() throws IOException {
        DamagedDataFile file = DamagedDataFile.write(4, 3, "deflate");
        for (long i = file.dataStart(2); i < file.syncMarker(2); i++) {
            file.set(i, 0xff); // a deflate block of the reserved type 3
        }

        Outcome outcome = readIsolating(file.bytes);

        assertThat(outcome.ids()).isEqualTo(concat(range(1, 3), range(7, 12)));
        Bad bad = outcome.bad().get(0);
        assertThat(outcome.bad()).hasSize(1);
        assertThat(bad.raw()).isEqualTo(file.blockBytes(2));
        assertThat(bad.location()).isEqualTo(location(file, 2, ", record 1 of 3"));
        assertThat(bad.error().getMessage()).isEqualTo("Cannot decode the record at " + bad.location()
                + ": the block's data cannot be decompressed with the file's codec 'deflate' (invalid block"
                + " type); 3 of the block's 3 records cannot be read");
        assertThat(outcome.ids().size() + outcome.lost()).isEqualTo(12);
        assertThat(readFailing(file.bytes, range(1, 3))).hasMessage(bad.error().getMessage());
    }

    @Test
    void aTruncatedLastBlockIsABadRecordNotAQuietEnd() throws IOException {
        DamagedDataFile file = DamagedDataFile.write(4, 3, "null");
        long length = file.block(5) - file.block(4);
        file.cut(file.block(4) + 7);

        Outcome outcome = readIsolating(file.bytes);

        assertThat(outcome.ids()).isEqualTo(range(1, 9));
        Bad bad = outcome.bad().get(0);
        assertThat(outcome.bad()).hasSize(1);
        assertThat(bad.raw()).isEqualTo(file.bytes(file.block(4), file.block(4) + 7));
        assertThat(bad.location()).isEqualTo(location(file, 4, ", record 1 of 3"));
        assertThat(bad.error().getMessage()).isEqualTo("Cannot decode the record at " + bad.location()
                + ": the file ends 7 bytes into the block, whose header says it is " + length + " bytes long;"
                + " 3 of the block's 3 records cannot be read");
        assertThat(outcome.ids().size() + outcome.lost()).isEqualTo(12);
        assertThat(readFailing(file.bytes, range(1, 9))).hasMessage(bad.error().getMessage());
    }

    @Test
    void aFileCutInsideABlockHeaderSaysWhatIsKnown() throws IOException {
        DamagedDataFile file = DamagedDataFile.write(4, 3, "null");
        file.cut(file.block(4) + 1); // the record count (one byte) is there, the size is not

        Outcome outcome = readIsolating(file.bytes);

        assertThat(outcome.ids()).isEqualTo(range(1, 9));
        Bad bad = outcome.bad().get(0);
        assertThat(bad.raw()).isEqualTo(file.bytes(file.block(4), file.block(4) + 1));
        assertThat(bad.error().getMessage()).isEqualTo("Cannot decode the record at " + location(file, 4, ", record 1 of 3")
                + ": the file ends inside the block's header; 3 of the block's 3 records cannot be read");
        assertThat(outcome.ids().size() + outcome.lost()).isEqualTo(12);
    }

    @Test
    void aCorruptSyncMarkerLosesItsBlockButNotTheNext() throws IOException {
        DamagedDataFile file = DamagedDataFile.write(4, 3, "null");
        file.flip(file.syncMarker(2) + 5);

        Outcome outcome = readIsolating(file.bytes);

        // Block 3 starts where block 2's size says and ends with the marker: only block 2 is lost.
        assertThat(outcome.ids()).isEqualTo(concat(range(1, 3), range(7, 12)));
        Bad bad = outcome.bad().get(0);
        assertThat(outcome.bad()).hasSize(1);
        assertThat(bad.raw()).isEqualTo(file.blockBytes(2));
        assertThat(bad.location()).isEqualTo(location(file, 2, ", record 1 of 3"));
        assertThat(bad.error().getMessage()).isEqualTo("Cannot decode the record at " + bad.location()
                + ": the block does not end with the file's sync marker; 3 of the block's 3 records cannot be read");
        assertThat(outcome.ids().size() + outcome.lost()).isEqualTo(12);
        assertThat(readFailing(file.bytes, range(1, 3))).hasMessage(bad.error().getMessage());
    }

    @Test
    void aCorruptSyncMarkerOfTheLastBlock() throws IOException {
        DamagedDataFile file = DamagedDataFile.write(4, 3, "deflate");
        file.flip(file.syncMarker(4));

        Outcome outcome = readIsolating(file.bytes);

        assertThat(outcome.ids()).isEqualTo(range(1, 9));
        assertThat(outcome.bad()).extracting(Bad::raw).containsExactly(file.blockBytes(4));
        assertThat(outcome.bad().get(0).error().getMessage()).endsWith(location(file, 4, ", record 1 of 3")
                + ": the block does not end with the file's sync marker; 3 of the block's 3 records cannot be read");
    }

    @Test
    void aCorruptBlockSizeIsFoundByTheNextSyncMarker() throws IOException {
        for (int delta : new int[] {+8, -8}) {
            DamagedDataFile file = DamagedDataFile.write(4, 3, "null");
            long sizeAt = file.block(2) + 1; // after the one-byte record count
            file.set(sizeAt, file.bytes[(int) sizeAt] + 2 * delta); // zig-zag: the size changes by delta

            Outcome outcome = readIsolating(file.bytes);

            assertThat(outcome.ids()).as("size %+d", delta).isEqualTo(concat(range(1, 3), range(7, 12)));
            Bad bad = outcome.bad().get(0);
            assertThat(outcome.bad()).hasSize(1);
            assertThat(bad.raw()).isEqualTo(file.blockBytes(2));
            assertThat(bad.error().getMessage()).isEqualTo("Cannot decode the record at "
                    + location(file, 2, ", record 1 of 3") + ": the block does not end with the file's sync marker;"
                    + " 3 of the block's 3 records cannot be read (as far as its header, which may be damaged too,"
                    + " tells); the next block found starts at byte offset " + file.block(3));
            assertThat(outcome.ids().size() + outcome.lost()).isEqualTo(12);
        }
    }

    @Test
    void aValueThatDoesNotConvertLosesOnlyItsRecord() throws IOException {
        // Record 8, the second of block 3, has a string amount: the writer's union allows it, BIGINT does not.
        // Its bytes are well-formed, so it alone is lost, and the block's record 9 is read.
        DamagedDataFile file = DamagedDataFile.write(4, 3, "deflate", 8);

        Outcome outcome = readIsolating(file.bytes);

        assertThat(outcome.ids()).isEqualTo(concat(range(1, 7), range(9, 12)));
        assertThat(outcome.bad()).hasSize(1);
        Bad bad = outcome.bad().get(0);
        // The record's bytes in the (inflated) block: Avro's encoding of it under the file's schema.
        assertThat(bad.raw()).isEqualTo(stringAmountBytes(8));
        assertThat(Avro.read(DamagedDataFile.ORDERS, bad.raw())).isEqualTo(DamagedDataFile.order(8, true));
        assertThat(bad.location()).isEqualTo(location(file, 3, ", record 2 of 3"));
        assertThat(bad.error().getMessage()).startsWith("Cannot decode the record at " + bad.location()
                        + ": field 'amount': the writer's data does not fit the reader's type: ")
                .endsWith("; 1 of the block's 3 records cannot be read (record 2)");
        assertThat(bad.lost()).isEqualTo(1);
        assertThat(outcome.ids().size() + outcome.lost()).isEqualTo(12);
        assertThat(readFailing(file.bytes, range(1, 7))).hasMessage(bad.error().getMessage());
    }

    @Test
    void valuesThatDoNotConvertAndACorruptBlockLaterAreEachTheirOwnBadRecord() throws IOException {
        // Block 2: its first and last records (4 and 6) have string amounts; block 4: record 11's name
        // has the union index 5, out of range.
        DamagedDataFile file = DamagedDataFile.write(4, 3, "null", 4, 6);
        file.set(file.find(nameBytes(11)), 0x0a);
        byte[] record4 = stringAmountBytes(4);
        byte[] record6 = stringAmountBytes(6);

        Outcome outcome = readIsolating(file.bytes);

        assertThat(outcome.ids()).containsExactly(1L, 2L, 3L, 5L, 7L, 8L, 9L, 10L);
        assertThat(outcome.bad()).extracting(Bad::location).containsExactly(location(file, 2, ", record 1 of 3"),
                location(file, 2, ", record 3 of 3"), location(file, 4, ", record 2 of 3"));
        // Uncompressed, a record's bytes are those in the file: block 2's data starts with record 4 and
        // ends with record 6.
        assertThat(outcome.bad()).extracting(Bad::raw).containsExactly(
                file.bytes(file.dataStart(2), file.dataStart(2) + record4.length),
                file.bytes(file.syncMarker(2) - record6.length, file.syncMarker(2)), file.blockBytes(4));
        assertThat(outcome.bad().get(0).raw()).isEqualTo(record4);
        assertThat(outcome.bad().get(1).raw()).isEqualTo(record6);
        assertThat(outcome.bad()).extracting(b -> b.error().getMessage()).satisfiesExactly(
                m -> assertThat(m).contains(": field 'amount': the writer's data does not fit the reader's type: ")
                        .endsWith("; 1 of the block's 3 records cannot be read (record 1)"),
                m -> assertThat(m).contains(": field 'amount': the writer's data does not fit the reader's type: ")
                        .endsWith("; 1 of the block's 3 records cannot be read (record 3)"),
                m -> assertThat(m).contains(": field 'name': truncated or corrupt Avro data: an enum or union index")
                        .endsWith("; 2 of the block's 3 records cannot be read (records 2 to 3)"));
        assertThat(outcome.bad()).extracting(Bad::lost).containsExactly(1L, 1L, 2L);
        assertThat(outcome.ids().size() + outcome.lost()).isEqualTo(12);
        assertThat(readFailing(file.bytes, range(1, 3))).hasMessage(outcome.bad().get(0).error().getMessage());

        Outcome skipping = readIsolating(file.bytes, "ignore-parse-errors", "true");
        assertThat(skipping.ids()).isEqualTo(outcome.ids());
        assertThat(skipping.bad()).isEmpty();
        assertThat(skipping.skipped()).isEqualTo(3);
    }

    @Test
    void aValueThatDoesNotConvertInARecordThatIsAlsoCorruptLosesTheRestOfItsBlock() throws IOException {
        // Record 5's amount is a string whose length (4, zig-zag 08) becomes 63: reading fails on the
        // string branch, and skipping the record as written runs past the block's end.
        DamagedDataFile file = DamagedDataFile.write(4, 3, "null", 5);
        file.set(file.find("0408" + HexFormat.of().formatHex("lots".getBytes())) + 1, 0x7e);

        Outcome outcome = readIsolating(file.bytes);

        assertThat(outcome.ids()).isEqualTo(concat(range(1, 4), range(7, 12)));
        Bad bad = outcome.bad().get(0);
        assertThat(outcome.bad()).hasSize(1);
        assertThat(bad.raw()).isEqualTo(file.blockBytes(2));
        assertThat(bad.location()).isEqualTo(location(file, 2, ", record 2 of 3"));
        assertThat(bad.error().getMessage()).contains(": field 'amount': the writer's data does not fit")
                .endsWith("; 2 of the block's 3 records cannot be read (records 2 to 3)");
        assertThat(outcome.ids().size() + outcome.lost()).isEqualTo(12);
    }

    @Test
    void aRecordCountTooSmallIsReportedAfterTheBlocksRows() throws IOException {
        DamagedDataFile file = DamagedDataFile.write(4, 3, "null");
        file.set(file.block(2), 4); // 3 records declared as 2: the third is left over

        Outcome outcome = readIsolating(file.bytes);

        assertThat(outcome.ids()).isEqualTo(concat(range(1, 5), range(7, 12)));
        Bad bad = outcome.bad().get(0);
        assertThat(outcome.bad()).hasSize(1);
        assertThat(bad.raw()).isEqualTo(file.blockBytes(2));
        long leftOver = file.syncMarker(2) - (file.find(nameBytes(6)) - 1); // record 6, from its one-byte id
        assertThat(bad.error().getMessage()).isEqualTo("Cannot decode the record at "
                + location(file, 2, ", after record 2 of 2") + ": " + leftOver + " bytes are left over after the block's"
                + " 2 records, which were read: its record count or its data is corrupt, and how many more records the"
                + " bytes held is unknown");
        // The loss the header hides cannot be counted: rows equal the records the blocks declare.
        assertThat(outcome.ids()).hasSize(11);
    }

    @Test
    void anInvalidBlockHeaderIsSkippedToTheNextSyncMarkerAndItsLossIsUnknown() throws IOException {
        DamagedDataFile file = DamagedDataFile.write(4, 3, "null");
        file.set(file.block(2), 0x05); // the record count 3 becomes -3

        Outcome outcome = readIsolating(file.bytes);

        assertThat(outcome.ids()).isEqualTo(concat(range(1, 3), range(7, 12)));
        Bad bad = outcome.bad().get(0);
        assertThat(outcome.bad()).hasSize(1);
        assertThat(bad.raw()).isEqualTo(file.blockBytes(2));
        assertThat(bad.location()).isEqualTo(location(file, 2, ""));
        assertThat(bad.error().getMessage()).isEqualTo("Cannot decode the record at " + bad.location()
                + ": the block's header is not valid (record count -3, size " + (file.syncMarker(2) - file.dataStart(2))
                + " bytes); its record count cannot be read, so how many records are lost is unknown; the next block"
                + " found starts at byte offset " + file.block(3));
    }

    @Test
    void damageWithNoSyncMarkerAfterItLosesTheRestOfTheFile() throws IOException {
        DamagedDataFile file = DamagedDataFile.write(4, 3, "null");
        file.set(file.block(3), 0x05);
        for (int block = 3; block <= 4; block++) {
            file.flip(file.syncMarker(block));
        }

        Outcome outcome = readIsolating(file.bytes);

        assertThat(outcome.ids()).isEqualTo(range(1, 6));
        assertThat(outcome.bad()).extracting(Bad::raw).containsExactly(file.bytes(file.block(3), file.bytes.length));
        assertThat(outcome.bad().get(0).error().getMessage()).endsWith("; its record count cannot be read, so how many"
                + " records are lost is unknown; no sync marker follows, so the rest of the file cannot be read");
    }

    @Test
    void theSearchForTheNextSyncMarkerIsBoundedAndFailsTheReadWhenItRunsOut() throws Exception {
        DamagedDataFile file = DamagedDataFile.write(40, 3, "null");
        file.set(file.block(2), 0x05);
        for (int block = 2; block <= 40; block++) {
            file.flip(file.syncMarker(block));
        }
        int bound = 256;
        try (AvroFileBlocks blocks = AvroFileBlocks.open(new ByteWindow(new ByteArrayInputStream(file.bytes), bound),
                FILE)) {
            assertThat(blocks.next().count()).isEqualTo(3);
            assertThatThrownBy(blocks::next).isInstanceOf(IOException.class)
                    .isNotInstanceOf(RecordDecodeException.class)
                    .hasMessage("Cannot read file 'orders.avro' past the damaged block at byte offset " + file.block(2)
                            + " (the block's header is not valid (record count -3, size "
                            + (file.syncMarker(2) - file.dataStart(2)) + " bytes)): no sync marker follows within the "
                            + bound + " bytes that may be held in memory");
        }
    }

    @Test
    void severalDamagedBlocksInOneFileAreEachOneBadRecord() throws IOException {
        DamagedDataFile file = DamagedDataFile.write(5, 3, "null");
        file.set(file.find(nameBytes(5)), 0x0a);     // block 2, record 2
        file.flip(file.syncMarker(3) + 15);            // block 3's marker
        file.cut(file.block(5) + 10);                  // block 5 truncated

        Outcome outcome = readIsolating(file.bytes);

        assertThat(outcome.ids()).isEqualTo(concat(range(1, 4), range(10, 12)));
        assertThat(outcome.bad()).extracting(Bad::location).containsExactly(location(file, 2, ", record 2 of 3"),
                location(file, 3, ", record 1 of 3"), location(file, 5, ", record 1 of 3"));
        assertThat(outcome.bad()).extracting(Bad::raw).containsExactly(file.blockBytes(2), file.blockBytes(3),
                file.bytes(file.block(5), file.block(5) + 10));
        assertThat(outcome.bad()).extracting(Bad::lost).containsExactly(2L, 3L, 3L);
        assertThat(outcome.ids().size() + outcome.lost()).isEqualTo(15);
    }

    @Test
    void largeBlocksReadThroughAStreamThatTrickles() throws IOException {
        // Blocks of 5000 records, larger than the first buffer; reads of at most 1000 bytes.
        DamagedDataFile file = DamagedDataFile.write(30, 5000, "null");
        file.flip(file.syncMarker(7) + 8);
        file.set(file.find(nameBytes(20 * 5000 - 2)), 0x0a); // block 20, record 4998
        byte[] bytes = file.bytes;
        InputStream trickle = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1000));
            }
        };

        Outcome outcome = readIsolating(trickle);

        assertThat(outcome.bad()).extracting(Bad::location).containsExactly(location(file, 7, ", record 1 of 5000"),
                location(file, 20, ", record 4998 of 5000"));
        assertThat(outcome.bad()).extracting(Bad::raw).containsExactly(file.blockBytes(7), file.blockBytes(20));
        assertThat(outcome.bad()).extracting(Bad::lost).containsExactly(5000L, 3L);
        assertThat(outcome.ids()).hasSize(150_000 - 5000 - 3).doesNotHaveDuplicates();
        assertThat(outcome.ids().size() + outcome.lost()).isEqualTo(150_000);
    }

    @Test
    void ignoreParseErrorsSkipsDamagedBlocksAndCountsEachOnce() throws IOException {
        DamagedDataFile file = DamagedDataFile.write(5, 3, "null");
        file.set(file.find(nameBytes(5)), 0x0a);
        file.flip(file.syncMarker(3) + 15);

        Outcome outcome = readIsolating(file.bytes, "ignore-parse-errors", "true");

        assertThat(outcome.ids()).isEqualTo(concat(range(1, 4), range(10, 15)));
        assertThat(outcome.bad()).isEmpty();
        assertThat(outcome.skipped()).isEqualTo(2);
    }

    @Test
    void theDecoderSurvivesSerializationWithItsOptions() throws Exception {
        StreamDecoder decoder = Avro.factory().createStreamDecoder(Avro.context(ORDERS, "ignore-parse-errors", "true"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(decoder);
        }
        StreamDecoder copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (StreamDecoder) in.readObject();
        }
        InMemoryMetricGroup metrics = new InMemoryMetricGroup();
        copy.open(metrics);
        DamagedDataFile file = DamagedDataFile.write(2, 3, "null");
        file.flip(file.syncMarker(1));
        List<Long> ids = new ArrayList<>();
        try (StreamDecoder.Reader reader = copy.open(new ByteArrayInputStream(file.bytes), FILE)) {
            for (Row row = reader.read(); row != null; row = reader.read()) {
                ids.add((Long) row.getField(0));
            }
        }
        assertThat(ids).isEqualTo(range(4, 6));
        assertThat(metrics.count("numRecordsSkipped")).isEqualTo(1);
    }

    @Test
    void aFileWithoutAReadableHeaderFailsUnderEveryPolicy() {
        DamagedDataFile file = DamagedDataFile.write(2, 3, "null");
        file.cut(file.block(1) - 3);

        assertThatThrownBy(() -> readIsolating(file.bytes)).isInstanceOf(RecordDecodeException.class)
                .hasMessageStartingWith("Cannot decode the record at file 'orders.avro': not an Avro data file (");
        DamagedDataFile unknownCodec = DamagedDataFile.write(2, 3, "null");
        // The metadata entry "avro.codec" -> "null": the key, the value's length (4, zig-zag), the value.
        long key = unknownCodec.find(HexFormat.of().formatHex("avro.codec".getBytes()) + "08"
                + HexFormat.of().formatHex("null".getBytes()));
        unknownCodec.set(key + "avro.codec".length() + 1, 'z');
        assertThatThrownBy(() -> readIsolating(unknownCodec.bytes)).isInstanceOf(RecordDecodeException.class)
                .hasMessage("Cannot decode the record at file 'orders.avro': the Avro data file's header cannot be read:"
                        + " Unrecognized codec: zull");
    }

    @Test
    void aFileCutAtABlockBoundaryIsAShorterValidFile() throws IOException {
        // Nothing in an Avro data file says how many blocks it has: this loss cannot be seen.
        DamagedDataFile file = DamagedDataFile.write(4, 3, "null");
        file.cut(file.block(4));

        assertThat(readIsolating(file.bytes).ids()).isEqualTo(range(1, 9));
    }

    @Test
    void theDamagedBlocksBytesReadAfterTheFileHeaderAreAnAvroFileAgain() throws IOException {
        DamagedDataFile file = DamagedDataFile.write(4, 3, "null");
        file.set(file.find(nameBytes(5)), 0x0a); // block 2, record 2: a union index out of range
        Bad bad = readIsolating(file.bytes).bad().get(0);

        // The header and the dead letter's bytes: Avro's reader finds the block's records up to the damage.
        byte[] header = file.bytes(0, file.block(1));
        byte[] alone = new byte[header.length + bad.raw().length];
        System.arraycopy(header, 0, alone, 0, header.length);
        System.arraycopy(bad.raw(), 0, alone, header.length, bad.raw().length);
        List<Object> ids = new ArrayList<>();
        try (DataFileStream<GenericRecord> reader = new DataFileStream<>(new ByteArrayInputStream(alone),
                new GenericDatumReader<>())) {
            assertThatThrownBy(() -> reader.forEach(r -> ids.add(r.get("id")))).isInstanceOf(RuntimeException.class);
        }
        assertThat(ids).containsExactly(4L);
    }

}
