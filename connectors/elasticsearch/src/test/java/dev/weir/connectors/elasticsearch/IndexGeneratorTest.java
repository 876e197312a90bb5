package dev.weir.connectors.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexGeneratorTest {

    private static final DataType ROW = DataTypes.ROW(
            DataTypes.FIELD("id", DataTypes.BIGINT()),
            DataTypes.FIELD("tenant", DataTypes.STRING()),
            DataTypes.FIELD("ts", DataTypes.TIMESTAMP(3)),
            DataTypes.FIELD("ltz", DataTypes.TIMESTAMP_LTZ(3)),
            DataTypes.FIELD("day", DataTypes.DATE()),
            DataTypes.FIELD("tags", DataTypes.ARRAY(DataTypes.STRING())));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T23:30:00Z"), ZoneOffset.UTC);
    private static final Row SAMPLE = Row.of(7L, "acme", LocalDateTime.of(2024, 1, 31, 12, 30, 45),
            Instant.parse("2024-01-31T23:59:59Z"), LocalDate.of(2024, 2, 29), List.of("a"));

    private final List<String> problems = new ArrayList<>();

    private String render(String pattern) {
        IndexGenerator generator = IndexGenerator.parse(pattern, ROW, CLOCK, problems);
        assertThat(problems).isEmpty();
        return generator.indexOf(SAMPLE);
    }

    private List<String> problemsOf(String pattern) {
        assertThat(IndexGenerator.parse(pattern, ROW, CLOCK, problems)).isNull();
        return problems;
    }

    @Test
    void aFixedNameIsUsedAsIs() {
        assertThat(render("orders")).isEqualTo("orders");
        assertThat(IndexGenerator.parse("orders", ROW, CLOCK, problems).isDynamic()).isFalse();
    }

    @Test
    void aTimestampColumnIsFormattedWithThePattern() {
        assertThat(render("logs-{ts|yyyy-MM-dd}")).isEqualTo("logs-2024-01-31");
        assertThat(render("logs-{ts|yyyy.MM.dd.HH}-v1")).isEqualTo("logs-2024.01.31.12-v1");
    }

    @Test
    void timestampLtzValuesAreFormattedInUtc() {
        assertThat(render("logs-{ltz|yyyy-MM-dd}")).isEqualTo("logs-2024-01-31");
    }

    @Test
    void temporalColumnsWithoutAPatternTakeFlinksDefaults() {
        assertThat(render("d-{day}")).isEqualTo("d-2024_02_29");
        assertThat(render("t-{ts}")).isEqualTo("t-2024_01_31_12_30_45");
    }

    @Test
    void otherColumnsAreWrittenAsText() {
        assertThat(render("tenant-{tenant}")).isEqualTo("tenant-acme");
        assertThat(render("{id}-docs")).isEqualTo("7-docs");
    }

    @Test
    void nowUsesTheWritersClockInUtc() {
        assertThat(render("audit-{now()|yyyy-MM-dd}")).isEqualTo("audit-2026-11-21");
    }

    @Test
    void aNullInTheDynamicColumnIsAnErrorNamingTheRow() {
        IndexGenerator generator = IndexGenerator.parse("t-{tenant}", ROW, CLOCK, problems);
        Row row = Row.of(1L, null, null, null, null, null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> generator.indexOf(row))
                .hasMessageContaining("column 2 is NULL");
    }

    @Test
    void invalidPatternsAreReportedAtPlanTime() {
        assertThat(problemsOf("logs-{nope|yyyy}")).singleElement().asString().contains("'nope', which is not a physical column");
        problems.clear();
        assertThat(problemsOf("logs-{tenant|yyyy}")).singleElement().asString().contains("only DATE, TIME, TIMESTAMP");
        problems.clear();
        assertThat(problemsOf("logs-{day|HH}")).singleElement().asString().contains("does not fit a DATE value");
        problems.clear();
        assertThat(problemsOf("logs-{ts|yyyy}-{day}")).singleElement().asString().contains("more than one {...} part");
        problems.clear();
        assertThat(problemsOf("Logs-{ts|yyyy}")).singleElement().asString().contains("upper-case");
        problems.clear();
        assertThat(problemsOf("logs*")).singleElement().asString().contains("'*'");
        problems.clear();
        assertThat(problemsOf("{now()}")).singleElement().asString().contains("needs a format");
        problems.clear();
        assertThat(problemsOf("t-{tags}")).singleElement().asString().contains("cannot be part of an index name");
    }
}
