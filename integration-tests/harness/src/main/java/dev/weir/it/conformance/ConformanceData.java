package dev.weir.it.conformance;

import dev.weir.api.data.Row;
import dev.weir.api.schema.Schema;
import dev.weir.api.types.DataTypes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rows the suites write and expect back. Each row names its split and its sequence number in
 * that split, so order per split and exactly-once delivery can be checked from the rows alone.
 */
public final class ConformanceData {

    private static final int ID_PART = 0;
    private static final int SPLIT_PART = 1;
    private static final int SEQUENCE_PART = 2;

    private ConformanceData() {
    }

    /** {@code id BIGINT, part INT, seq INT, payload STRING}: the schema of every table the suites create. */
    public static Schema schema() {
        return Schema.newBuilder()
                .column("id", DataTypes.BIGINT())
                .column("part", DataTypes.INT())
                .column("seq", DataTypes.INT())
                .column("payload", DataTypes.STRING())
                .build();
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) of a split. */
    public static List<Row> rows(int split, int from, int to) {
        List<Row> rows = new ArrayList<>(to - from);
        for (int seq = from; seq < to; seq++) {
            rows.add(Row.of(split * 1_000_000L + seq, split, seq, "split " + split + ", row " + seq));
        }
        return rows;
    }

    public static int splitOf(Row row) {
        return (Integer) row.getField(SPLIT_PART);
    }

    public static long idOf(Row row) {
        return (Long) row.getField(ID_PART);
    }

    /** The rows grouped by split, each group in the order given. */
    public static Map<Integer, List<Row>> bySplit(List<Row> rows) {
        Map<Integer, List<Row>> bySplit = new TreeMap<>();
        for (Row row : rows) {
            bySplit.computeIfAbsent(splitOf(row), k -> new ArrayList<>()).add(row);
        }
        return bySplit;
    }

    /** The rows sorted by split and sequence: an order-free view for comparisons. */
    public static List<Row> sorted(List<Row> rows) {
        return rows.stream().sorted(Comparator.comparing((Row r) -> splitOf(r))
                .thenComparing(r -> (Integer) r.getField(SEQUENCE_PART))).toList();
    }
}
