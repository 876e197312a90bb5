package dev.weir.connectors.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import dev.weir.testing.SourceDriver;
import dev.weir.testing.TestTable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataGenValuesTest {
    private static final Map<String, String> EVERY_TYPE = new java.util.LinkedHashMap<>();

    static {
        EVERY_TYPE.put("b", "BOOLEAN");
        EVERY_TYPE.put("ti", "TINYINT");
        EVERY_TYPE.put("si", "SMALLINT");
        EVERY_TYPE.put("i", "INT");
        EVERY_TYPE.put("bi", "BIGINT");
        EVERY_TYPE.put("f", "FLOAT");
        EVERY_TYPE.put("d", "DOUBLE");
        EVERY_TYPE.put("dec", "DECIMAL(6, 2)");
        EVERY_TYPE.put("s", "STRING");
        EVERY_TYPE.put("vc", "VARCHAR(5)");
        EVERY_TYPE.put("by", "BYTES");
        EVERY_TYPE.put("dt", "DATE");
        EVERY_TYPE.put("tm", "TIME(3)");
        EVERY_TYPE.put("ts", "TIMESTAMP(3)");
        EVERY_TYPE.put("ltz", "TIMESTAMP_LTZ(6)");
        EVERY_TYPE.put("arr", "ARRAY<INT>");
        EVERY_TYPE.put("m", "MAP<STRING, DOUBLE>");
        EVERY_TYPE.put("r", "ROW<x INT, y ARRAY<TIMESTAMP(3)>>");
    }

    private static List<Row> generate(TestTable table) throws Exception {
        try (SourceDriver<?, ?> driver = SourceDriver.of(table.createSource()).parallelism(2).start()) {
            return driver.runToEnd();
        }
    }

    private static TestTable table(Map<String, String> columns) {
        TestTable table = TestTable.named("t").option("connector", "datagen")
                .option("rows-per-second", "1000000").option("number-of-rows", "300");
        columns.forEach(table::column);
        return table;
    }

    @Test
    void everyLogicalTypeGetsRandomValuesOfItsJavaClass() throws Exception {
        List<Row> rows = generate(table(EVERY_TYPE));
        List<DataType> types = EVERY_TYPE.values().stream().map(DataTypes::parse).toList();

        assertThat(rows).hasSize(300);
        for (Row row : rows) {
            for (int i = 0; i < types.size(); i++) {
                assertThat(row.getField(i)).isInstanceOf(types.get(i).root().javaClass());
            }
            assertThat((String) row.getField(8)).hasSize(100);
            assertThat((String) row.getField(9)).hasSize(5);
            assertThat((byte[]) row.getField(10)).hasSize(100);
            assertThat((List<?>) row.getField(15)).hasSize(3).allMatch(Integer.class::isInstance);
            assertThat(((BigDecimal) row.getField(7)).scale()).isEqualTo(2);
            assertThat(((BigDecimal) row.getField(7)).abs()).isLessThan(new BigDecimal("10000"));
            assertThat(((LocalTime) row.getField(12)).getNano() % 1_000_000).isZero();
            assertThat(((LocalDateTime) row.getField(13)).getNano() % 1_000_000).isZero();
            Row nested = (Row) row.getField(17);
            assertThat(nested.getField(0)).isInstanceOf(Integer.class);
            assertThat((List<?>) nested.getField(1)).allMatch(LocalDateTime.class::isInstance);
        }
        assertThat(rows.stream().map(r -> r.getField(0)).distinct()).containsExactlyInAnyOrder(true, false);
        assertThat(rows.stream().map(r -> r.getField(3)).distinct().count()).isGreaterThan(290);
    }

    @Test
    void minMaxLengthAndNullRateShapeRandomValues() throws Exception {
        List<Row> rows = generate(TestTable.named("t").option("connector", "datagen")
                .option("number-of-rows", "1000").option("rows-per-second", "1000000")
                .column("qty", "INT").option("fields.qty.min", "10").option("fields.qty.max", "12")
                .column("price", "DECIMAL(10, 2)").option("fields.price.min", "1.50").option("fields.price.max", "2")
                .column("ratio", "DOUBLE").option("fields.ratio.min", "-1").option("fields.ratio.max", "1")
                .column("tags", "ARRAY<STRING>").option("fields.tags.length", "5")
                .column("note", "STRING").option("fields.note.null-rate", "0.5").option("fields.note.length", "4"));

        assertThat(rows).extracting(r -> r.getField(0)).containsOnly(10, 11, 12);
        assertThat(rows).extracting(r -> (BigDecimal) r.getField(1))
                .allMatch(p -> p.compareTo(new BigDecimal("1.50")) >= 0 && p.compareTo(new BigDecimal("2")) <= 0);
        assertThat(rows).extracting(r -> (Double) r.getField(2)).allMatch(d -> d >= -1 && d <= 1)
                .anyMatch(d -> d < 0);
        assertThat(rows).extracting(r -> (List<?>) r.getField(3)).allMatch(tags -> tags.size() == 5);
        long nulls = rows.stream().filter(r -> r.getField(4) == null).count();
        assertThat(nulls).isBetween(400L, 600L);
        assertThat(rows).extracting(r -> (String) r.getField(4)).filteredOn(s -> s != null).allMatch(s -> s.length() == 4);
    }

    @Test
    void randomTimestampsLieWithinMaxPastOfTheirScheduledTime() throws Exception {
        Instant before = Instant.now();
        List<Row> rows = generate(TestTable.named("t").option("connector", "datagen")
                .option("number-of-rows", "500").option("rows-per-second", "1000000")
                .column("ts", "TIMESTAMP(3)").option("fields.ts.max-past", "1 h")
                .column("ltz", "TIMESTAMP_LTZ(3)").column("day", "DATE"));
        Instant after = Instant.now();

        Instant earliest = before.minus(Duration.ofHours(1)).minusSeconds(1);
        assertThat(rows).extracting(r -> ((LocalDateTime) r.getField(0)).toInstant(ZoneOffset.UTC))
                .allMatch(ts -> !ts.isBefore(earliest) && !ts.isAfter(after))
                .anyMatch(ts -> ts.isBefore(before.minus(Duration.ofMinutes(1))));
        // Without max-past the value is the scheduled time: start + index / rate, i.e. within the run.
        assertThat(rows).extracting(r -> (Instant) r.getField(1))
                .allMatch(ts -> !ts.isBefore(before.minusMillis(1)) && !ts.isAfter(after.plusSeconds(1)));
        assertThat(rows).extracting(r -> (LocalDate) r.getField(2))
                .allMatch(d -> !d.isBefore(LocalDate.ofInstant(before, ZoneOffset.UTC)));
    }

    @Test
    void constantsRepeatTheirParsedValue() throws Exception {
        List<Row> rows = generate(TestTable.named("t").option("connector", "datagen")
                .option("number-of-rows", "20").option("rows-per-second", "1000000")
                .column("country", "STRING").option("fields.country.kind", "constant")
                .option("fields.country.value", "NL")
                .column("day", "DATE").option("fields.day.kind", "constant").option("fields.day.value", "2024-02-29")
                .column("amount", "DECIMAL(5, 2)").option("fields.amount.kind", "constant")
                .option("fields.amount.value", "3.5"));

        assertThat(rows).hasSize(20).allMatch(r -> r.equals(Row.of("NL", LocalDate.of(2024, 2, 29),
                new BigDecimal("3.50"))));
    }

    @Test
    void sequencesProduceEveryTypeTheySupport() throws Exception {
        List<Row> rows = generate(TestTable.named("t").option("connector", "datagen")
                .option("rows-per-second", "1000000")
                .column("code", "STRING").option("fields.code.kind", "sequence")
                .option("fields.code.start", "98").option("fields.code.end", "101")
                .column("small", "TINYINT").option("fields.small.kind", "sequence")
                .option("fields.small.start", "-2").option("fields.small.end", "100")
                .column("amount", "DECIMAL(6, 1)").option("fields.amount.kind", "sequence")
                .option("fields.amount.start", "5").option("fields.amount.end", "9"));

        assertThat(rows).extracting(Row::toString).containsExactlyInAnyOrder(
                "+I[98, -2, 5.0]", "+I[99, -1, 6.0]", "+I[100, 0, 7.0]", "+I[101, 1, 8.0]");
    }
}
