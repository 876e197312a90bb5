package dev.weir.formats.csv;

import static dev.weir.api.types.DataTypes.ARRAY;
import static dev.weir.api.types.DataTypes.BIGINT;
import static dev.weir.api.types.DataTypes.BOOLEAN;
import static dev.weir.api.types.DataTypes.BYTES;
import static dev.weir.api.types.DataTypes.DATE;
import static dev.weir.api.types.DataTypes.DECIMAL;
import static dev.weir.api.types.DataTypes.DOUBLE;
import static dev.weir.api.types.DataTypes.FIELD;
import static dev.weir.api.types.DataTypes.FLOAT;
import static dev.weir.api.types.DataTypes.INT;
import static dev.weir.api.types.DataTypes.MAP;
import static dev.weir.api.types.DataTypes.ROW;
import static dev.weir.api.types.DataTypes.SMALLINT;
import static dev.weir.api.types.DataTypes.STRING;
import static dev.weir.api.types.DataTypes.TIME;
import static dev.weir.api.types.DataTypes.TIMESTAMP;
import static dev.weir.api.types.DataTypes.TIMESTAMP_LTZ;
import static dev.weir.api.types.DataTypes.TINYINT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.config.Configuration;
import dev.weir.api.data.Row;
import dev.weir.api.factory.FactoryDiscovery;
import dev.weir.api.factory.FormatFactory;
import dev.weir.api.format.FormatContext;
import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.format.RecordLocation;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.StreamDecoder;
import dev.weir.api.format.StreamEncoder;
import dev.weir.api.metrics.InMemoryMetricGroup;
import dev.weir.api.types.DataType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFormatTest {
    private static final RecordLocation LOCATION = RecordLocation.ofOffset("orders", 0, 5);
    private static final DataType ORDERS = ROW(FIELD("id", BIGINT().notNull()), FIELD("name", STRING()),
            FIELD("price", DOUBLE()));

    @TempDir
    Path dir;

    private static FormatFactory csv() {
        return FactoryDiscovery.load(CsvFormatTest.class.getClassLoader()).find(FormatFactory.class, "csv", "t");
    }

    /** Options given as alternating keys and values, without the 'csv.' prefix. */
    private static FormatContext context(DataType rowType, String... options) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return new FormatContext("t", rowType, Configuration.of(map), "csv.", CsvFormatTest.class.getClassLoader());
    }

    private static List<Row> decode(RowDecoder decoder, String message) {
        List<Row> rows = new ArrayList<>();
        decoder.decode(message.getBytes(StandardCharsets.UTF_8), LOCATION, rows::add);
        return rows;
    }

    private static String encode(DataType rowType, Row row, String... options) {
        return new String(csv().createEncoder(context(rowType, options)).encode(row), StandardCharsets.UTF_8);
    }

    private Path writeFile(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private static List<Row> readFile(Path file, DataType rowType, String... options) throws Exception {
        StreamDecoder decoder = csv().createStreamDecoder(context(rowType, options));
        List<Row> rows = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file);
             StreamDecoder.Reader reader = decoder.open(in, file.getFileName().toString())) {
            Row row;
            while ((row = reader.read()) != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    private String writeFile(DataType rowType, List<Row> rows, String... options) throws Exception {
        Path file = dir.resolve("out.csv");
        StreamEncoder encoder = csv().createStreamEncoder(context(rowType, options));
        try (OutputStream out = Files.newOutputStream(file)) {
            StreamEncoder.Writer writer = encoder.open(out);
            for (Row row : rows) {
                writer.write(row);
            }
            writer.finish();
        }
        return Files.readString(file);
    }

    @Test
    void everySupportedTypeRoundTripsInFlinksTextualForms() {
        DataType type = ROW(FIELD("b", BOOLEAN()), FIELD("ti", TINYINT()), FIELD("si", SMALLINT()), FIELD("i", INT()),
                FIELD("f", FLOAT()), FIELD("dec", DECIMAL(6, 2)), FIELD("s", STRING()), FIELD("bytes", BYTES()),
                FIELD("date", DATE()), FIELD("time", TIME(3)), FIELD("ts", TIMESTAMP(3)), FIELD("ltz", TIMESTAMP_LTZ(3)),
                FIELD("tags", ARRAY(STRING())), FIELD("nums", ARRAY(INT())));
        Row row = Row.of(true, (byte) 1, (short) -2, 3, 1.5f, new BigDecimal("1234.50"), "a,\"b\"\nc", new byte[] {1, 2},
                LocalDate.of(2024, 1, 2), LocalTime.of(3, 4, 5, 120_000_000),
                LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_000_000), Instant.parse("2024-01-02T03:04:05.123Z"),
                List.of("x", "y"), Arrays.asList(1, null, 3));

        String message = encode(type, row);

        assertThat(message).isEqualTo("true,1,-2,3,1.5,1234.50,\"a,\"\"b\"\"\nc\",AQI=,2024-01-02,03:04:05.12,"
                + "2024-01-02 03:04:05.123,2024-01-02 03:04:05.123Z,x;y,1;;3"); // inner spaces need no quotes
        assertThat(decode(csv().createDecoder(context(type)), message)).containsExactly(row);
    }

    @Test
    void nullIsAnEmptyUnquotedFieldAndAnEmptyStringIsQuoted() {
        DataType type = ROW(FIELD("a", STRING()), FIELD("b", STRING()), FIELD("c", INT()));
        Row row = Row.of(null, "", null);

        assertThat(encode(type, row)).isEqualTo(",\"\",");
        assertThat(decode(csv().createDecoder(context(type)), ",\"\",")).containsExactly(row);
    }

    @Test
    void theNullLiteralIsReadAndWritten() {
        DataType type = ROW(FIELD("a", STRING()), FIELD("c", INT()));

        assertThat(encode(type, Row.of(null, 1), "null-literal", "n/a")).isEqualTo("n/a,1");
        assertThat(decode(csv().createDecoder(context(type, "null-literal", "n/a")), "x,n/a"))
                .containsExactly(Row.of("x", null));
    }

    @Test
    void delimiterQuoteEscapeAndCommentsAreConfigurable() throws Exception {
        DataType type = ROW(FIELD("a", STRING()), FIELD("b", STRING()));
        Path file = writeFile("t.csv", "# a comment\n'x\\'y'\tz\n");

        assertThat(readFile(file, type, "field-delimiter", "\\t", "quote-character", "'", "escape-character", "\\",
                "allow-comments", "true")).containsExactly(Row.of("x'y", "z"));
        String piped = encode(type, Row.of("p|q", "r"), "field-delimiter", "|", "quote-character", "'");
        assertThat(piped).startsWith("'p|q'|");
        assertThat(decode(csv().createDecoder(context(type, "field-delimiter", "|", "quote-character", "'")), piped))
                .containsExactly(Row.of("p|q", "r"));
        assertThat(decode(csv().createDecoder(context(type, "disable-quote-character", "true")), "\"x\",y"))
                .containsExactly(Row.of("\"x\"", "y"));
    }

    @Test
    void decimalsAreWrittenPlainWhenScientificNotationIsOff() {
        DataType type = ROW(FIELD("d", DECIMAL(12, 10)));
        Row row = Row.of(new BigDecimal("2.7E-8"));

        assertThat(encode(type, row)).isEqualTo("2.7E-8");
        assertThat(encode(type, row, "write-bigdecimal-in-scientific-notation", "false")).isEqualTo("0.000000027");
    }

    @Test
    void typeErrorsNameTheColumnAndTheValue() {
        RowDecoder decoder = csv().createDecoder(context(ORDERS));

        assertThatThrownBy(() -> decode(decoder, "1,apple,abc"))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessage("Cannot decode the record at topic 'orders', partition 0, offset 5: column 'price':"
                        + " expected DOUBLE, found 'abc'");
        assertThatThrownBy(() -> decode(decoder, ",apple,1"))
                .hasMessageEndingWith("column 'id': expected BIGINT NOT NULL, found an empty field");
    }

    @Test
    void aMessageMustHoldExactlyOneRecord() {
        RowDecoder decoder = csv().createDecoder(context(ORDERS));

        assertThat(decode(decoder, "")).isEmpty();
        assertThatThrownBy(() -> decode(decoder, "1,a,2\n2,b,3\n"))
                .hasMessageEndingWith("the message holds more than one CSV record");
    }

    @Test
    void ignoreParseErrorsSkipsAndCountsBadMessages() {
        RowDecoder decoder = csv().createDecoder(context(ORDERS, "ignore-parse-errors", "true"));
        InMemoryMetricGroup metrics = new InMemoryMetricGroup();
        decoder.open(metrics);

        assertThat(decode(decoder, "1,a,x")).isEmpty();
        assertThat(decode(decoder, "1,a")).isEmpty();
        assertThat(decode(decoder, "1,\"a")).isEmpty();
        assertThat(decode(decoder, "2,b,0.5")).containsExactly(Row.of(2L, "b", 0.5));
        assertThat(metrics.count("numRecordsSkipped")).isEqualTo(3);
    }

    @Test
    void filesRoundTripWithAHeaderAndMultiLineQuotedFields() throws Exception {
        List<Row> rows = List.of(Row.of(1L, "two\nlines, with a comma", 1.5), Row.of(2L, null, null));

        String content = writeFile(ORDERS, rows, "header", "true");

        assertThat(content).isEqualTo("id,name,price\n1,\"two\nlines, with a comma\",1.5\n2,,\n");
        assertThat(readFile(dir.resolve("out.csv"), ORDERS, "header", "true")).isEqualTo(rows);
    }

    @Test
    void onlyValuesThatNeedItAreQuotedWhateverTheDelimiter() {
        assertThat(encode(ORDERS, Row.of(30L, "a;b", 1.5), "field-delimiter", ";")).isEqualTo("30;\"a;b\";1.5");
        assertThat(encode(ORDERS, Row.of(30L, "plain", 1.5), "field-delimiter", "|")).isEqualTo("30|plain|1.5");
    }

    @Test
    void aLastRecordEndingInAQuotedFieldHasNoPhantomRecordAfterIt() throws Exception {
        DataType pairs = ROW(FIELD("id", BIGINT().notNull()), FIELD("name", STRING()));
        Path withBreak = writeFile("with-break.csv", "1,a\n2,\"Bob, Jr.\"\n");
        Path withoutBreak = writeFile("without-break.csv", "1,a\n2,\"Bob, Jr.\"");

        assertThat(readFile(withBreak, pairs)).containsExactly(Row.of(1L, "a"), Row.of(2L, "Bob, Jr."));
        assertThat(readFile(withoutBreak, pairs)).containsExactly(Row.of(1L, "a"), Row.of(2L, "Bob, Jr."));
    }

    @Test
    void theHeaderMapsColumnsByName() throws Exception {
        Path file = writeFile("orders.csv", "price,extra,id,name\n2.5,x,1,apple\n");

        assertThat(readFile(file, ORDERS, "header", "true")).containsExactly(Row.of(1L, "apple", 2.5));
    }

    @Test
    void aHeaderWithoutATableColumnIsAnErrorNamingTheFile() throws Exception {
        Path file = writeFile("orders.csv", "id,name\n1,apple\n");

        assertThatThrownBy(() -> readFile(file, ORDERS, "header", "true"))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessage("Cannot decode the record at file 'orders.csv', line 1: the header has no column 'price',"
                        + " which the table needs. Header columns: id, name.");
    }

    @Test
    void raggedLinesNameTheFileTheLineAndTheExpectedFields() throws Exception {
        Path file = writeFile("x.csv", "1,a,1.0\n2,\"multi\nline\",2.0\n\n3,\"b\n\"\n4,c,4.0\n");

        assertThatThrownBy(() -> readFile(file, ORDERS))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessage("Cannot decode the record at file 'x.csv', line 5: expected 3 fields (id, name, price),"
                        + " found 2");
    }

    @Test
    void typeErrorsInFilesNameTheLineAndColumn() throws Exception {
        Path file = writeFile("x.csv", "# header comment\n1,a,1.0\n2,b,cheap\n");

        assertThatThrownBy(() -> readFile(file, ORDERS, "allow-comments", "true"))
                .hasMessage("Cannot decode the record at file 'x.csv', line 3: column 'price': expected DOUBLE,"
                        + " found 'cheap'");
    }

    @Test
    void anUnterminatedQuoteNamesTheLineItStartsOn() throws Exception {
        Path file = writeFile("x.csv", "1,a,1.0\n2,\"never closed,2.0\n3,c,3.0\n");

        assertThatThrownBy(() -> readFile(file, ORDERS))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessageStartingWith("Cannot decode the record at file 'x.csv', line 2: malformed CSV:")
                .hasMessageContaining("Missing closing quote");
    }

    @Test
    void ignoreParseErrorsSkipsBadRecordsInFiles() throws Exception {
        Path file = writeFile("x.csv", "1,a,1.0\n2,b\n3,\"c\"x,3.0\n4,d,four\n5,e,5.0\n");

        assertThat(readFile(file, ORDERS, "ignore-parse-errors", "true")).extracting(r -> r.getField(0))
                .containsExactly(1L, 5L);
    }

    @Test
    void unsupportedColumnTypesAndBadOptionsAreRejectedAtCreation() {
        assertThatThrownBy(() -> csv().createDecoder(context(ROW(FIELD("m", MAP(STRING(), INT()))))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'m' MAP<STRING, INT>")
                .hasMessageContaining("table 't'");
        assertThatThrownBy(() -> csv().createDecoder(context(ORDERS, "field-delimiter", ";;")))
                .hasMessage("the option 'csv.field-delimiter' must be a single character, but was ';;'.");
        assertThatThrownBy(() -> csv().createEncoder(context(ORDERS, "quote-character", "'",
                "disable-quote-character", "true")))
                .hasMessageContaining("'csv.quote-character' and 'csv.disable-quote-character' cannot be used together");
        assertThatThrownBy(() -> csv().createEncoder(context(ORDERS, "allow-comments", "maybe")))
                .hasMessageContaining("Invalid value 'maybe' for option 'allow-comments'");
    }

    @Test
    void encodingAValueOfTheWrongClassNamesTheColumn() {
        assertThatThrownBy(() -> encode(ORDERS, Row.of(1, "a", 1.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'id'")
                .hasMessageContaining("java.lang.Integer");
    }

    @Test
    void factoryDeclaresFlinksOptionKeysAndHeader() {
        assertThat(csv().optionalOptions()).extracting(o -> o.key()).containsExactlyInAnyOrder("field-delimiter",
                "quote-character", "disable-quote-character", "allow-comments", "ignore-parse-errors",
                "array-element-delimiter", "escape-character", "null-literal",
                "write-bigdecimal-in-scientific-notation", "header", "max-record-size");
    }

    /** What reading a whole file gave: the rows' ids, and each bad record's raw bytes and error. */
    private record Outcome(List<Object> ids, List<byte[]> failed, List<String> errors) {
        List<String> failedText() {
            return failed.stream().map(bytes -> new String(bytes, StandardCharsets.ISO_8859_1)).toList();
        }
    }

    /** Reads on after each bad record, as the filesystem source does under the 'skip' and 'dead-letter' policies. */
    private static Outcome readPastBadRecords(Path file, DataType rowType, String... options) throws Exception {
        StreamDecoder decoder = csv().createStreamDecoder(context(rowType, options));
        assertThat(decoder.isolatesBadRecords()).isTrue();
        Outcome outcome = new Outcome(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        try (InputStream in = Files.newInputStream(file);
             StreamDecoder.Reader reader = decoder.open(in, file.getFileName().toString())) {
            while (true) {
                try {
                    Row row = reader.read();
                    if (row == null) {
                        return outcome;
                    }
                    outcome.ids().add(row.getField(0));
                    assertThat(reader.failedRecord()).isNull();
                } catch (RecordDecodeException e) {
                    outcome.failed().add(reader.failedRecord());
                    outcome.errors().add(e.getMessage());
                }
            }
        }
    }

    @Test
    void badRecordsAreHandedOverByteForByteAndReadingGoesOnAfterThem() throws Exception {
        String content = "id,name,price\r\n1,a,1.0\r\n2,\"multi\nline\",oops\n\n3,\"c\"x,3.0\n4,b\n5,\"e, \"\"q\"\"\",5.0\n6,f,six";
        Path file = writeFile("bad.csv", content);

        Outcome outcome = readPastBadRecords(file, ORDERS, "header", "true");

        assertThat(outcome.ids()).containsExactly(1L, 5L);
        assertThat(outcome.failedText()).containsExactly("2,\"multi\nline\",oops", "3,\"c\"x,3.0", "4,b", "6,f,six");
        List<String> errors = outcome.errors();
        assertThat(errors).hasSize(4);
        assertThat(errors.get(0)).startsWith("Cannot decode the record at file 'bad.csv', line 3:");
        assertThat(errors.get(1)).startsWith("Cannot decode the record at file 'bad.csv', line 6: malformed CSV:");
        assertThat(errors.get(2)).startsWith("Cannot decode the record at file 'bad.csv', line 7:");
        assertThat(errors.get(3)).startsWith("Cannot decode the record at file 'bad.csv', line 9:");
    }

    /** {@code text} in ISO-8859-1, so 'é' is the single byte 0xE9, which is not UTF-8. */
    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void invalidUtf8IsABadRecordNamingItsLineAndReadingGoesOnAfterIt() throws Exception {
        Path file = dir.resolve("latin1.csv");
        Files.write(file, latin1("1,a,1.0\n2,caf\u00e9,2.0\n3,c,3.0\n4,\u00ff,4.0\n"));

        Outcome outcome = readPastBadRecords(file, ORDERS);

        assertThat(outcome.ids()).containsExactly(1L, 3L);
        assertThat(outcome.failed()).containsExactly(latin1("2,caf\u00e9,2.0"), latin1("4,\u00ff,4.0"));
        assertThat(outcome.errors()).satisfiesExactly(
                e -> assertThat(e).startsWith("Cannot decode the record at file 'latin1.csv', line 2: not valid UTF-8:"),
                e -> assertThat(e).startsWith("Cannot decode the record at file 'latin1.csv', line 4: not valid UTF-8:"));
    }

    @Test
    void invalidUtf8InAMessageIsADecodeErrorNamingTheLocation() {
        RowDecoder decoder = csv().createDecoder(context(ORDERS));

        assertThatThrownBy(() -> decoder.decode(latin1("2,caf\u00e9,2.0"), LOCATION, row -> { }))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessageStartingWith("Cannot decode the record at topic 'orders', partition 0, offset 5: not valid UTF-8:");
    }

    @Test
    void invalidUtf8InAFileFramedByJacksonNamesTheFileAndLine() throws Exception {
        // A non-ASCII delimiter: Jackson frames the records, so invalid UTF-8 is met by its reader.
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes("1\u00a6a\u00a61.0\n2\u00a6caf".getBytes(StandardCharsets.UTF_8));
        content.write(0xE9);
        content.writeBytes("\u00a62.0\n".getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("latin1.csv");
        Files.write(file, content.toByteArray());

        assertThatThrownBy(() -> readFile(file, ORDERS, "field-delimiter", "\u00a6"))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessageStartingWith("Cannot decode the record at file 'latin1.csv', line 2: not valid UTF-8:");
    }

    @Test
    void recordsLongerThanMaxRecordSizeAreBadRecordsNamingTheOption() throws Exception {
        Path file = writeFile("long.csv", "1,a,1.0\n2,a name too long for the limit,2.0\n3,c,3.0\n");

        Outcome outcome = readPastBadRecords(file, ORDERS, "max-record-size", "16 b");

        assertThat(outcome.ids()).containsExactly(1L, 3L);
        assertThat(outcome.failedText()).containsExactly("2,a name too long for the limit,2.0");
        assertThat(outcome.errors()).containsExactly("Cannot decode the record at file 'long.csv', line 2: the record is"
                + " 35 bytes long, more than 'csv.max-record-size' (16 b)");
        assertThatThrownBy(() -> decode(csv().createDecoder(context(ORDERS, "max-record-size", "16 b")),
                "2,a name too long for the limit,2.0"))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessageEndingWith("more than 'csv.max-record-size' (16 b)");
    }

    @Test
    void maxRecordSizeAlsoRaisesTheParsersLimitForOneValue() {
        String name = "x".repeat(21_000_000); // over Jackson's default of 20,000,000 characters
        RowDecoder decoder = csv().createDecoder(context(ORDERS, "max-record-size", "32 mb"));

        assertThat(decode(decoder, "1," + name + ",1.0")).containsExactly(Row.of(1L, name, 1.0));
    }

    /** {@code record} with one to three random edits: a byte replaced by a CSV-ish or any byte, or a cut. */
    private static byte[] damaged(byte[] record, Random random) {
        String csvish = "0123456789-:.eE+\",;\n\r tfZT#\\";
        byte[] damaged = record.clone();
        for (int edits = 1 + random.nextInt(3); edits > 0 && damaged.length > 0; edits--) {
            int at = random.nextInt(damaged.length);
            switch (random.nextInt(3)) {
                case 0 -> damaged[at] = (byte) csvish.charAt(random.nextInt(csvish.length()));
                case 1 -> damaged[at] = (byte) random.nextInt(256);
                default -> damaged = Arrays.copyOf(damaged, at);
            }
        }
        return damaged;
    }

    @Test
    void everyDamagedRecordIsARowOrADecodeErrorThatCanBeSkipped() throws Exception {
        DataType everyKind = ROW(FIELD("id", BIGINT()), FIELD("name", STRING()), FIELD("price", DECIMAL(10, 2)),
                FIELD("at", TIMESTAMP(3)), FIELD("ltz", TIMESTAMP_LTZ(3)), FIELD("day", DATE()), FIELD("time", TIME()),
                FIELD("tags", ARRAY(INT())), FIELD("bytes", BYTES()), FIELD("tiny", TINYINT()), FIELD("f", FLOAT()),
                FIELD("ok", BOOLEAN()));
        String good = "1,\"a, b\",12.34,2024-01-02 03:04:05.123,2024-01-02 03:04:05.123Z,2024-01-02,03:04:05,1;2;3,"
                + "AAE=,3,1.5,true";
        RowDecoder messages = csv().createDecoder(context(everyKind));
        StreamDecoder files = csv().createStreamDecoder(context(everyKind));
        Random random = new Random(42); // fixed: a failure reproduces
        for (int i = 0; i < 3000; i++) {
            byte[] record = damaged(good.getBytes(StandardCharsets.UTF_8), random);
            try {
                messages.decode(record, LOCATION, row -> { });
            } catch (RecordDecodeException expected) {
                // a bad record, for the policy to handle
            }
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            file.writeBytes((good + "\n").getBytes(StandardCharsets.UTF_8));
            file.writeBytes(record);
            file.writeBytes(("\n" + good + "\n").getBytes(StandardCharsets.UTF_8));
            try (StreamDecoder.Reader reader = files.open(new ByteArrayInputStream(file.toByteArray()), "x.csv")) {
                int rows = 0;
                while (true) {
                    try {
                        if (reader.read() == null) {
                            break;
                        }
                        rows++;
                    } catch (RecordDecodeException expected) {
                        assertThat(reader.failedRecord()).isNotNull();
                    }
                }
                assertThat(rows).as("the good first record").isPositive();
            }
        }
    }

    @Test
    void dialectsWithNonAsciiSpecialCharactersDoNotIsolateBadRecords() {
        assertThat(csv().createStreamDecoder(context(ORDERS, "field-delimiter", "\u00a6")).isolatesBadRecords()).isFalse();
    }
}
