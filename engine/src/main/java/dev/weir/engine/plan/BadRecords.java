package dev.weir.engine.plan;

import dev.weir.api.source.BadRecordOptions;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;

/**
 * What a source does with records its connector cannot decode ({@link BadRecordOptions}): fail, skip,
 * or write them to {@code deadLetterSink} as {@link #DEAD_LETTER_TYPE} rows.
 *
 * @param policy {@code fail}, {@code skip} or {@code dead-letter}
 * @param deadLetterSink the sink of the dead-letter table; null unless the policy is {@code dead-letter}
 */
public record BadRecords(String policy, PlanNode.SinkNode deadLetterSink) {
    public static final BadRecords FAIL = new BadRecords(BadRecordOptions.FAIL, null);

    /** The columns of a dead-letter row, in this order; a dead-letter table declares them or has no schema. */
    public static final DataType DEAD_LETTER_TYPE = DataTypes.ROW(
            DataTypes.FIELD("raw", DataTypes.BYTES().notNull()),
            DataTypes.FIELD("error", DataTypes.STRING().notNull()),
            DataTypes.FIELD("location", DataTypes.STRING().notNull()),
            DataTypes.FIELD("source_table", DataTypes.STRING().notNull()),
            DataTypes.FIELD("failed_at", DataTypes.TIMESTAMP_LTZ(3).notNull()));
}
