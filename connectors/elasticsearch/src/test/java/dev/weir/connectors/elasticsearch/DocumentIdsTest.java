package dev.weir.connectors.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentIdsTest {

    private static final DataType ROW = DataTypes.ROW(
            DataTypes.FIELD("id", DataTypes.BIGINT()),
            DataTypes.FIELD("day", DataTypes.DATE()),
            DataTypes.FIELD("at", DataTypes.TIMESTAMP(3)),
            DataTypes.FIELD("amount", DataTypes.DECIMAL(10, 2)),
            DataTypes.FIELD("payload", DataTypes.BYTES()));

    private final List<String> problems = new ArrayList<>();

    private String idOf(List<String> key, String delimiter, Row row) {
        DocumentIds ids = DocumentIds.of(key, ROW, delimiter, problems);
        assertThat(problems).isEmpty();
        return ids.idOf(row);
    }

    @Test
    void aSingleKeyColumnIsTheId() {
        assertThat(idOf(List.of("id"), "_", Row.of(42L, null, null, null, null))).isEqualTo("42");
    }

    @Test
    void keyColumnsAreJoinedByTheDelimiterInKeyOrder() {
        Row row = Row.of(42L, LocalDate.of(2024, 1, 31), LocalDateTime.of(2024, 1, 31, 12, 0), new BigDecimal("1E+3"), null);
        assertThat(idOf(List.of("day", "id"), "_", row)).isEqualTo("2024-01-31_42");
        assertThat(idOf(List.of("id", "at", "amount"), "|", row)).isEqualTo("42|2024-01-31T12:00|1000");
    }

    @Test
    void aNullKeyValueIsWrittenAsNullAsFlinkDoes() {
        assertThat(idOf(List.of("id", "day"), "-", Row.of(1L, null, null, null, null))).isEqualTo("1-null");
    }

    @Test
    void keyColumnsWithoutATextFormAreRejected() {
        assertThat(DocumentIds.of(List.of("payload"), ROW, "_", problems)).isNull();
        assertThat(problems).singleElement().asString().contains("'payload' has type BYTES", "cannot be a document id");
    }
}
