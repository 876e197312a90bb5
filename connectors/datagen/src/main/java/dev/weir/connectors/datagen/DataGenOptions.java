package dev.weir.connectors.datagen;

import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.ConfigOptions;
import java.time.Duration;
import java.util.List;

/** The options of the 'datagen' connector; keys as in Flink's datagen connector. */
public final class DataGenOptions {
    private DataGenOptions() {
    }

    public static final ConfigOption<Long> ROWS_PER_SECOND = ConfigOptions.key("rows-per-second").longType()
            .defaultValue(10_000L)
            .withDescription("Rows emitted per second across all parallel readers (each reader emits its share). "
                    + "Must be positive.");

    public static final ConfigOption<Long> NUMBER_OF_ROWS = ConfigOptions.key("number-of-rows").longType()
            .noDefaultValue()
            .withDescription("Total rows to emit. When set the source is bounded; when absent it is unbounded, "
                    + "unless a column is a sequence, which ends the source when it is exhausted.");

    public static final ConfigOption<String> FIELD_KIND = ConfigOptions.key("fields.#.kind")
            .enumType("random", "sequence", "constant")
            .defaultValue("random")
            .withDescription("How the column's values are made: 'random' values, a 'sequence' from "
                    + "'fields.#.start' to 'fields.#.end', or a 'constant' given by 'fields.#.value'.");

    public static final ConfigOption<String> FIELD_MIN = ConfigOptions.key("fields.#.min").stringType()
            .noDefaultValue()
            .withDescription("Smallest random value of a numeric column (TINYINT, SMALLINT, INT, BIGINT, FLOAT, "
                    + "DOUBLE, DECIMAL), written as a literal of the column's type. Default: the type's minimum "
                    + "(0 for FLOAT and DOUBLE).");

    public static final ConfigOption<String> FIELD_MAX = ConfigOptions.key("fields.#.max").stringType()
            .noDefaultValue()
            .withDescription("Largest random value of a numeric column, written as a literal of the column's type. "
                    + "Default: the type's maximum (1 for FLOAT and DOUBLE, exclusive).");

    public static final ConfigOption<Duration> FIELD_MAX_PAST = ConfigOptions.key("fields.#.max-past")
            .durationType()
            .noDefaultValue()
            .withDescription("For random TIMESTAMP, TIMESTAMP_LTZ and DATE columns: how far before a row's "
                    + "scheduled emission time its value may lie. Default 0: the value is the scheduled time "
                    + "(the source's start plus the row's index divided by rows-per-second).");

    public static final ConfigOption<Integer> FIELD_LENGTH = ConfigOptions.key("fields.#.length").intType()
            .noDefaultValue()
            .withDescription("For random columns: characters of a STRING (default 100, at most a VARCHAR's length), "
                    + "bytes of BYTES (default 100), elements of an ARRAY or entries of a MAP (default 3).");

    public static final ConfigOption<Long> FIELD_START = ConfigOptions.key("fields.#.start").longType()
            .noDefaultValue()
            .withDescription("First value of a sequence column (integer, FLOAT, DOUBLE, DECIMAL or STRING). "
                    + "Required for sequences.");

    public static final ConfigOption<Long> FIELD_END = ConfigOptions.key("fields.#.end").longType()
            .noDefaultValue()
            .withDescription("Last value (inclusive) of a sequence column. Required for sequences; the source "
                    + "ends when the sequence is exhausted, and 'number-of-rows' may not exceed its length.");

    public static final ConfigOption<Double> FIELD_NULL_RATE = ConfigOptions.key("fields.#.null-rate").doubleType()
            .defaultValue(0.0)
            .withDescription("For random columns: the fraction of rows, from 0 to 1, whose value is NULL. "
                    + "Must be 0 for NOT NULL columns.");

    public static final ConfigOption<String> FIELD_VALUE = ConfigOptions.key("fields.#.value").stringType()
            .noDefaultValue()
            .withDescription("The value of a constant column, written as a literal of its type (e.g. '42', "
                    + "'2024-01-31', '2024-01-31T12:00:00', 'true'). Required for constants.");

    /** Every per-column option, in the order errors and documentation list them. */
    static final List<ConfigOption<?>> FIELD_OPTIONS = List.of(FIELD_KIND, FIELD_MIN, FIELD_MAX, FIELD_MAX_PAST,
            FIELD_LENGTH, FIELD_START, FIELD_END, FIELD_NULL_RATE, FIELD_VALUE);
}
