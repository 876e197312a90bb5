package dev.weir.connectors.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weir.api.ValidationException;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.engine.runtime.JobFailedException;
import dev.weir.testing.TestTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-record policies on damaged Avro data files, through real jobs: filesystem (avro) to
 * filesystem (json), dead letters to a second json table. The unit of a bad record in an Avro data
 * file is the rest of a damaged block, or a single record whose value does not convert
 * (formats/avro/README.md); every record the blocks declare is accounted for, as a row written or as
 * one of the records a bad record says are lost.
 */
@Timeout(120)
class FileSystemAvroBadRecordsTest {
    private static final Schema ORDERS = new Schema.Parser().parse("""
            {"type": "record", "name": "order", "fields": [
              {"name": "id", "type": "long"},
              {"name": "name", "type": ["null", "string"]},
              {"name": "amount", "type": ["null", "long", "string"]}]}""");
    private static final Pattern LOST = Pattern.compile("; (\\d+) of the block's (\\d+) records cannot be read");

    /** a.avro: 5 blocks of 3 records, ids 1 to 15; b.avro: 2 blocks of 3 records, ids 101 to 106, deflated. */
    private static final long DECLARED = 15 + 6;
    private static final List<Long> GOOD_IDS = List.of(1L, 2L, 3L, 4L, 10L, 11L, 12L, 101L, 102L, 103L, 104L, 106L);

    @TempDir
    Path dir;
    Path in;
    /** Per file, where each block starts, and the file's bytes as damaged. */
    long[] aBlocks;
    long[] bBlocks;
    byte[] a;
    byte[] b;

    @BeforeEach
    void writeDamagedFiles() throws IOException {
        in = Files.createDirectories(dir.resolve("in"));
        List<Long> aOffsets = new ArrayList<>();
        a = write(1, 5, "null", aOffsets, -1);
        aBlocks = aOffsets.stream().mapToLong(Long::longValue).toArray();
        // Block 2: record 5's name has the union index 5, out of range; block 3: its sync marker is
        // flipped; block 5: the file ends 10 bytes into it.
        a[find(a, "02" + "04" + HexFormat.of().formatHex("n5".getBytes()))] = 0x0a;
        a[(int) aBlocks[3] - 16 + 3] ^= (byte) 0xff;
        a = Arrays.copyOf(a, (int) aBlocks[4] + 10);
        Files.write(in.resolve("a.avro"), a);

        List<Long> bOffsets = new ArrayList<>();
        b = write(101, 2, "deflate", bOffsets, 105); // record 105's amount is a string
        bBlocks = bOffsets.stream().mapToLong(Long::longValue).toArray();
        Files.write(in.resolve("b.avro"), b);
    }

    /** Blocks of 3 records from id {@code first} on, written by Avro's DataFileWriter; block offsets into {@code offsets}. */
    private static byte[] write(long first, int blocks, String codec, List<Long> offsets, long stringAmount) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(ORDERS))) {
            writer.setCodec(CodecFactory.fromString(codec));
            writer.create(ORDERS, out);
            offsets.add((long) out.size());
            long id = first;
            for (int block = 0; block < blocks; block++) {
                for (int r = 0; r < 3; r++, id++) {
                    writer.append(order(id, id == stringAmount));
                }
                offsets.add(writer.sync());
            }
        }
        return out.toByteArray();
    }

    private static GenericRecord order(long id, boolean stringAmount) {
        GenericRecord record = new GenericData.Record(ORDERS);
        record.put("id", id);
        record.put("name", "n" + id);
        record.put("amount", stringAmount ? "lots" : 10 * id);
        return record;
    }

    /** A record's bytes as Avro's binary encoding of it, as in an (inflated) block. */
    private static byte[] encoded(GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(ORDERS).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static int find(byte[] bytes, String hex) {
        byte[] wanted = HexFormat.of().parseHex(hex);
        for (int i = 0; i + wanted.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + wanted.length, wanted, 0, wanted.length)) {
                return i;
            }
        }
        throw new AssertionError(hex + " not found");
    }

    private String spec(Map<String, String> badRecordOptions) {
        return BadRecordJobs.spec("orders", "BIGINT", in, "avro", badRecordOptions, dir);
    }

    private static List<Long> ids(List<JsonNode> rows) {
        return rows.stream().map(r -> r.get("id").asLong()).sorted().toList();
    }

    private String location(String file, long blockOffset, String record) {
        return "file '" + in.resolve(file) + "', block at byte offset " + blockOffset + record;
    }

    @Test
    void skipWritesEveryReadableRecordAndCountsEachBadRecordOnce() throws Exception {
        JobExecution job = BadRecordJobs.run(spec(Map.of("scan.bad-records.policy", "skip")));

        List<JsonNode> out = BadRecordJobs.committedRows(dir.resolve("out"));
        assertThat(ids(out)).isEqualTo(GOOD_IDS);
        assertThat(out).allSatisfy(row -> assertThat(row.get("amount").asLong()).isEqualTo(10 * row.get("id").asLong()));
        assertThat(job.metricSum("Source[orders]", "numRecordsSkipped")).isEqualTo(4);
        assertThat(BadRecordJobs.committedRows(dir.resolve("bad"))).isEmpty();
    }

    @Test
    void deadLetterWritesEachBadRecordsBytesErrorAndLocation() throws Exception {
        JobExecution job = BadRecordJobs.run(spec(Map.of("scan.bad-records.policy", "dead-letter",
                "scan.bad-records.dead-letter-table", "bad")));

        List<JsonNode> out = BadRecordJobs.committedRows(dir.resolve("out"));
        List<JsonNode> deadLetters = BadRecordJobs.committedRows(dir.resolve("bad"));
        assertThat(ids(out)).isEqualTo(GOOD_IDS);
        assertThat(job.metricSum("Source[orders]", "numRecordsDeadLettered")).isEqualTo(4);
        assertThat(job.metricSum("Source[orders]", "numRecordsSkipped")).isZero();

        // Per location: the raw bytes (the block as in the file, or the record that does not convert) and
        // how many records the error says are lost.
        Map<String, byte[]> expectedRaw = Map.of(
                location("a.avro", aBlocks[1], ", record 2 of 3"), Arrays.copyOfRange(a, (int) aBlocks[1], (int) aBlocks[2]),
                location("a.avro", aBlocks[2], ", record 1 of 3"), Arrays.copyOfRange(a, (int) aBlocks[2], (int) aBlocks[3]),
                location("a.avro", aBlocks[4], ", record 1 of 3"), Arrays.copyOfRange(a, (int) aBlocks[4], a.length),
                location("b.avro", bBlocks[1], ", record 2 of 3"), encoded(order(105, true)));
        Map<String, Long> expectedLost = Map.of(
                location("a.avro", aBlocks[1], ", record 2 of 3"), 2L,
                location("a.avro", aBlocks[2], ", record 1 of 3"), 3L,
                location("a.avro", aBlocks[4], ", record 1 of 3"), 3L,
                location("b.avro", bBlocks[1], ", record 2 of 3"), 1L);
        Map<String, String> expectedProblem = Map.of(
                location("a.avro", aBlocks[1], ", record 2 of 3"), "field 'name': truncated or corrupt Avro data: an enum"
                        + " or union index is out of range",
                location("a.avro", aBlocks[2], ", record 1 of 3"), "the block does not end with the file's sync marker",
                location("a.avro", aBlocks[4], ", record 1 of 3"), "the file ends 10 bytes into the block",
                location("b.avro", bBlocks[1], ", record 2 of 3"), "field 'amount': the writer's data does not fit the"
                        + " reader's type");

        List<String> locations = new ArrayList<>();
        long lost = 0;
        for (JsonNode letter : deadLetters) {
            String location = letter.get("location").asText();
            locations.add(location);
            assertThat(Base64.getDecoder().decode(letter.get("raw").asText())).as(location)
                    .isEqualTo(expectedRaw.get(location));
            String error = letter.get("error").asText();
            assertThat(error).startsWith("Cannot decode the record at " + location + ": " + expectedProblem.get(location));
            Matcher m = LOST.matcher(error);
            assertThat(m.find()).as(error).isTrue();
            assertThat(Long.parseLong(m.group(1))).as(location).isEqualTo(expectedLost.get(location));
            lost += Long.parseLong(m.group(1));
            assertThat(letter.get("source_table").asText()).isEqualTo("orders");
            assertThat(letter.get("failed_at").asText()).isNotBlank();
        }
        assertThat(locations).containsExactlyInAnyOrderElementsOf(expectedRaw.keySet());
        // Conservation: every record the blocks declare is a row or one of the records a dead letter counts.
        assertThat(out.size() + lost).isEqualTo(DECLARED);
    }

    @Test
    void failIsTheDefaultAndNamesTheFileAndBlock() {
        assertThatThrownBy(() -> BadRecordJobs.run(spec(Map.of()))).isInstanceOf(JobFailedException.class)
                .hasMessageMatching("(?s).*Cannot decode the record at file '" + Pattern.quote(in.toString())
                        + "/[ab]\\.avro', block at byte offset [0-9]+, record [12] of 3: .*");
    }

    @Test
    void aFormatThatCannotIsolateBadRecordsIsStillRejectedWhenPlanned() {
        TestTable csv = TestTable.named("t").column("id", "INT").option("connector", "filesystem")
                .option("path", dir.toString()).option("format", "csv").option("csv.field-delimiter", "\u00a6");

        assertThatThrownBy(() -> csv.option("scan.bad-records.policy", "skip").createSource())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("format 'csv' frames records itself and cannot hand over a bad record");
        TestTable avro = TestTable.named("t").column("id", "BIGINT").option("connector", "filesystem")
                .option("path", dir.toString()).option("format", "avro");
        assertThat(avro.option("scan.bad-records.policy", "skip").createSource()).isNotNull();
    }
}
