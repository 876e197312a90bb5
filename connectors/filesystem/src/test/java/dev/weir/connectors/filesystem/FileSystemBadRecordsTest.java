package dev.weir.connectors.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weir.engine.plan.Planner;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.engine.runtime.JobFailedException;
import dev.weir.engine.runtime.SourceCounts;
import dev.weir.engine.spec.JobSpecJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bad-record policies on real files through the filesystem source: every record read is
 * accounted for, as a row written, a record skipped or a dead letter.
 */
@Timeout(120)
class FileSystemBadRecordsTest {
    /** Each file's lines; the bad ones are listed in {@link #BAD_JSON_LINES}. */
    private static final Map<String, List<String>> JSON_FILES = Map.of(
            "a.json", List.of(
                    "{\"id\":1,\"name\":\"a\",\"amount\":10}",
                    "{\"id\":2,\"name\":\"b\",\"amount\":\"lots\"}",          // wrong type
                    "{\"id\":3,\"name\":\"c\",\"amount\":30}",
                    "{\"id\":4,\"name\":\"d\",\"amo",                         // truncated
                    "not json at all",                                        // malformed
                    "{\"id\":5,\"name\":\"e\",\"amount\":50}"),
            "b.json", List.of(
                    "{\"id\":6,\"name\":\"f\",\"amount\":60}",
                    "{\"id\":\"seven\",\"name\":\"g\",\"amount\":70}",       // wrong type
                    "{\"id\":8,\"name\":\"h\",\"amount\":80}",
                    "{\"id\":9,\"name\":\"i\",\"amount\":90}\t}",             // trailing garbage
                    "{\"id\":10,\"name\":\"j\",\"amount\":100}"));
    private static final List<String> BAD_JSON_LINES = List.of("a.json:2", "a.json:4", "a.json:5", "b.json:2", "b.json:4");
    private static final int JSON_RECORDS = 11;
    private static final List<String> GOOD_IDS = List.of("1", "10", "3", "5", "6", "8");

    @TempDir
    Path dir;
    Path in;

    @BeforeEach
    void writeInput() throws IOException {
        in = Files.createDirectories(dir.resolve("in"));
        for (Map.Entry<String, List<String>> file : JSON_FILES.entrySet()) {
            Files.writeString(in.resolve(file.getKey()), String.join("\n", file.getValue()) + "\n");
        }
    }

    private String spec(String format, Map<String, String> badRecordOptions) {
        return BadRecordJobs.spec("events", "INT", in, format, badRecordOptions, dir);
    }

    private static List<String> ids(List<JsonNode> rows) {
        return rows.stream().map(r -> r.get("id").asText()).sorted().toList();
    }

    @Test
    void skipCountsEveryBadRecordAndWritesTheRest() throws Exception {
        JobExecution job = BadRecordJobs.run(spec("json", Map.of("scan.bad-records.policy", "skip")));

        List<JsonNode> out = BadRecordJobs.committedRows(dir.resolve("out"));
        long skipped = job.metricSum("Source[events]", "numRecordsSkipped");
        assertThat(ids(out)).isEqualTo(GOOD_IDS);
        assertThat(skipped).isEqualTo(BAD_JSON_LINES.size());
        assertThat(out.size() + skipped).isEqualTo(JSON_RECORDS);
    }

    @Test
    void deadLetterWritesEachBadRecordsExactBytesErrorAndLocation() throws Exception {
        JobExecution job = BadRecordJobs.run(spec("json", Map.of("scan.bad-records.policy", "dead-letter",
                "scan.bad-records.dead-letter-table", "bad")));

        List<JsonNode> out = BadRecordJobs.committedRows(dir.resolve("out"));
        List<JsonNode> deadLetters = BadRecordJobs.committedRows(dir.resolve("bad"));
        assertThat(ids(out)).isEqualTo(GOOD_IDS);
        assertThat(out.size() + deadLetters.size()).isEqualTo(JSON_RECORDS);
        assertThat(job.metricSum("Source[events]", "numRecordsDeadLettered")).isEqualTo(deadLetters.size());
        assertThat(job.metricSum("Source[events]", "numRecordsSkipped")).isZero();

        List<String> found = new ArrayList<>();
        for (JsonNode letter : deadLetters) {
            String location = letter.get("location").asText();
            String file = location.substring(location.indexOf('\'') + 1, location.lastIndexOf('\''));
            int line = Integer.parseInt(location.substring(location.lastIndexOf("line ") + 5));
            String name = Path.of(file).getFileName().toString();
            found.add(name + ":" + line);

            byte[] raw = Base64.getDecoder().decode(letter.get("raw").asText());
            assertThat(file).isEqualTo(in.resolve(name).toString());
            assertThat(raw).isEqualTo(JSON_FILES.get(name).get(line - 1).getBytes(StandardCharsets.UTF_8));
            assertThat(letter.get("error").asText()).startsWith("Cannot decode the record at " + location + ": ");
            assertThat(letter.get("source_table").asText()).isEqualTo("events");
            assertThat(letter.get("failed_at").asText()).isNotBlank();
        }
        assertThat(found).containsExactlyInAnyOrderElementsOf(BAD_JSON_LINES);
    }

    @Test
    void failIsTheDefaultAndNamesTheFileAndLine() throws Exception {
        for (Map<String, String> options : List.of(Map.<String, String>of(), Map.of("scan.bad-records.policy", "fail"))) {
            assertThatThrownBy(() -> BadRecordJobs.run(spec("json", options))).isInstanceOf(JobFailedException.class)
                    .hasMessageMatching("(?s).*Cannot decode the record at file '" + in + "/[ab]\\.json', line [0-9]+: .*");
            assertThat(BadRecordJobs.committedRows(dir.resolve("bad"))).isEmpty();
        }
    }

    /** CSV frames records itself: a quoted field spans lines, and an unclosed quote runs to the end of the file. */
    private static final String CSV_CONTENT = "1,a,10\n2,b,lots\n3,\"c\nmulti\",30\n4,\"d\"x,40\n5,e,50\n6,\"f,60\n";
    private static final int CSV_RECORDS = 6;
    /** The bad records' bytes by the line they start on. */
    private static final Map<Integer, String> BAD_CSV = Map.of(2, "2,b,lots", 5, "4,\"d\"x,40", 7, "6,\"f,60\n");

    private String csvSpec(Map<String, String> badRecordOptions) throws IOException {
        Path csvIn = dir.resolve("csv");
        if (!Files.exists(csvIn)) {
            Files.createDirectories(csvIn);
            Files.writeString(csvIn.resolve("c.csv"), CSV_CONTENT);
        }
        return spec("csv", badRecordOptions).replace("\"path\": \"" + in + "\"", "\"path\": \"" + csvIn + "\"");
    }

    @Test
    void csvFilesFailByDefaultAndKeepTheFormatsOwnSkipping() throws Exception {
        String csv = csvSpec(Map.of());
        assertThatThrownBy(() -> BadRecordJobs.run(csv)).isInstanceOf(JobFailedException.class)
                .hasMessageContaining("Cannot decode the record at file '" + dir.resolve("csv").resolve("c.csv") + "', line 2");

        JobExecution job = BadRecordJobs.run(csv.replace("\"format\": \"csv\"", "\"format\": \"csv\", \"csv.ignore-parse-errors\": \"true\""));
        List<JsonNode> out = BadRecordJobs.committedRows(dir.resolve("out"));
        long skipped = job.metricSum("Source[events]", "numRecordsSkipped");
        assertThat(ids(out)).containsExactly("1", "3", "5");
        assertThat(out.size() + skipped).isEqualTo(CSV_RECORDS);
    }

    @Test
    void csvSkipAccountsForEveryRecord() throws Exception {
        JobExecution job = BadRecordJobs.run(csvSpec(Map.of("scan.bad-records.policy", "skip")));

        List<JsonNode> out = BadRecordJobs.committedRows(dir.resolve("out"));
        long skipped = job.metricSum("Source[events]", "numRecordsSkipped");
        assertThat(ids(out)).containsExactly("1", "3", "5");
        assertThat(out).filteredOn(r -> r.get("id").asText().equals("3")).extracting(r -> r.get("name").asText())
                .containsExactly("c\nmulti");
        assertThat(skipped).isEqualTo(BAD_CSV.size());
        assertThat(out.size() + skipped).isEqualTo(CSV_RECORDS);
    }

    @Test
    void csvDeadLetterWritesEachBadRecordsExactBytes() throws Exception {
        JobExecution job = BadRecordJobs.run(csvSpec(Map.of("scan.bad-records.policy", "dead-letter",
                "scan.bad-records.dead-letter-table", "bad")));

        List<JsonNode> out = BadRecordJobs.committedRows(dir.resolve("out"));
        List<JsonNode> deadLetters = BadRecordJobs.committedRows(dir.resolve("bad"));
        assertThat(ids(out)).containsExactly("1", "3", "5");
        assertThat(out.size() + deadLetters.size()).isEqualTo(CSV_RECORDS);
        assertThat(job.metricSum("Source[events]", "numRecordsDeadLettered")).isEqualTo(deadLetters.size());
        assertThat(job.metricSum("Source[events]", "numRecordsSkipped")).isZero();

        Map<Integer, String> found = new java.util.HashMap<>();
        for (JsonNode letter : deadLetters) {
            String location = letter.get("location").asText();
            assertThat(location).startsWith("file '" + dir.resolve("csv").resolve("c.csv") + "', line ");
            int line = Integer.parseInt(location.substring(location.lastIndexOf("line ") + 5));
            found.put(line, new String(Base64.getDecoder().decode(letter.get("raw").asText()), StandardCharsets.UTF_8));
            assertThat(letter.get("error").asText()).startsWith("Cannot decode the record at " + location + ": ");
            assertThat(letter.get("source_table").asText()).isEqualTo("events");
        }
        assertThat(found).isEqualTo(BAD_CSV);
    }

    /** Lines of {@link #latin1Input} whose name is ISO-8859-1 ('é' as the single byte 0xE9), not UTF-8. */
    private static final List<Integer> LATIN1_LINES = List.of(50, 150, 250, 350, 450, 550, 650, 750, 850, 950);
    private static final int LINES = 1000;

    /** One file of 1,000 records, one per line, ten of them with invalid UTF-8; returns its directory. */
    private Path latin1Input(String format) throws IOException {
        Path input = Files.createDirectories(dir.resolve("latin1-" + format));
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (int line = 1; line <= LINES; line++) {
            content.writeBytes(latin1Line(format, line));
            content.write('\n');
        }
        Files.write(input.resolve("names." + format), content.toByteArray());
        return input;
    }

    private static byte[] latin1Line(String format, int line) {
        String name = LATIN1_LINES.contains(line) ? "caf\u00e9" : "name" + line;
        String record = format.equals("csv") ? line + "," + name + "," + line
                : "{\"id\":" + line + ",\"name\":\"" + name + "\",\"amount\":" + line + "}";
        return record.getBytes(LATIN1_LINES.contains(line) ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv", "json"})
    void invalidUtf8LinesAreSkippedOneByOne(String format) throws Exception {
        Path input = latin1Input(format);

        List<String> log = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                log.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        JobExecution job;
        try {
            job = BadRecordJobs.run(BadRecordJobs.spec("events", "INT", input, format,
                    Map.of("scan.bad-records.policy", "skip"), dir));
        } finally {
            root.removeHandler(capture);
        }

        assertThat(BadRecordJobs.committedRows(dir.resolve("out"))).hasSize(LINES - LATIN1_LINES.size());
        assertThat(job.sourceCounts()).containsExactly(new SourceCounts("Source[events]", LINES, LINES - LATIN1_LINES.size(),
                LATIN1_LINES.size(), 0));
        // The rate limit holds back most of the ten lines; the totals are logged all the same.
        assertThat(log).anySatisfy(line -> assertThat(line).startsWith("Skipped 10 records in all (scan.bad-records.policy is 'skip')"));
        assertThat(log).contains("Job FINISHED. Source[events]: 1,000 read, 990 emitted, 10 skipped, 0 dead-lettered.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv", "json"})
    void invalidUtf8LinesAreDeadLetteredWithTheirFileAndLine(String format) throws Exception {
        Path input = latin1Input(format);
        Path file = input.resolve("names." + format);

        JobExecution job = BadRecordJobs.run(BadRecordJobs.spec("events", "INT", input, format,
                Map.of("scan.bad-records.policy", "dead-letter", "scan.bad-records.dead-letter-table", "bad"), dir));

        List<JsonNode> out = BadRecordJobs.committedRows(dir.resolve("out"));
        List<JsonNode> deadLetters = BadRecordJobs.committedRows(dir.resolve("bad"));
        assertThat(out).hasSize(LINES - LATIN1_LINES.size());
        assertThat(out).extracting(r -> r.get("id").asInt()).doesNotContainAnyElementsOf(LATIN1_LINES);
        assertThat(job.sourceCounts()).containsExactly(new SourceCounts("Source[events]", LINES, LINES - LATIN1_LINES.size(),
                0, LATIN1_LINES.size()));
        assertThat(deadLetters).extracting(letter -> letter.get("location").asText()).containsExactlyInAnyOrderElementsOf(
                LATIN1_LINES.stream().map(line -> "file '" + file + "', line " + line).toList());
        for (JsonNode letter : deadLetters) {
            String location = letter.get("location").asText();
            int line = Integer.parseInt(location.substring(location.lastIndexOf("line ") + 5));
            assertThat(Base64.getDecoder().decode(letter.get("raw").asText())).isEqualTo(latin1Line(format, line));
            assertThat(letter.get("error").asText()).startsWith("Cannot decode the record at " + location + ": ")
                    .containsIgnoringCase("UTF-8");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv", "json"})
    void invalidUtf8FailsTheJobNamingTheFileAndLineByDefault(String format) throws Exception {
        Path input = latin1Input(format);

        assertThatThrownBy(() -> BadRecordJobs.run(BadRecordJobs.spec("events", "INT", input, format, Map.of(), dir)))
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("Cannot decode the record at file '" + input.resolve("names." + format) + "', line 50: ");
    }

    @Test
    void misconfiguredPoliciesAreRejectedBeforeAnythingRuns() {
        assertThatThrownBy(() -> Planner.create().plan(JobSpecJson.parse(spec("json", Map.of("scan.bad-records.policy", "dead-letter")))))
                .hasMessageContaining("'scan.bad-records.policy' = 'dead-letter' needs 'scan.bad-records.dead-letter-table'");
        assertThatThrownBy(() -> Planner.create().plan(JobSpecJson.parse(spec("json", Map.of("scan.bad-records.policy", "dead-letter",
                "scan.bad-records.dead-letter-table", "missing")))))
                .hasMessageContaining("Table 'missing' is not declared in this job.");
        assertThatThrownBy(() -> Planner.create().plan(JobSpecJson.parse(spec("json", Map.of("scan.bad-records.policy", "drop")))))
                .hasMessageContaining("Invalid value 'drop' for option 'scan.bad-records.policy'");
    }
}
