package dev.weir.benchmarks;

/**
 * The benchmark job, the same on both engines: generate rows {id BIGINT, name STRING, price DOUBLE}
 * with ids 0, 1, 2, ..., encode each row as a JSON object with Jackson, keep even ids, discard.
 */
public final class JobShape {
    /** Length of the random hex {@code name} string; at most 16, so one random long makes it. */
    public static final int NAME_LENGTH = 10;
    /** {@code price} is uniformly random in [PRICE_MIN, PRICE_MAX). */
    public static final double PRICE_MIN = 1;
    public static final double PRICE_MAX = 1000;

    private JobShape() {
    }

    /** Where the JSON encoding happens; both engines place it alike. */
    public enum JsonStage {
        /**
         * Every generated row is encoded, then filtered: Weir's JSON_OBJECT function in a projection,
         * a map to JSON bytes on Flink. The job as the benchmark describes it.
         */
        BEFORE_FILTER("before-filter"),
        /**
         * Rows surviving the filter are encoded on their way out: Weir's blackhole sink with
         * 'format' = 'json' (the JSON format's Jackson encoder), a map just before the sink on Flink.
         */
        IN_SINK("in-sink");

        private final String label;

        JsonStage(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static JsonStage of(String label) {
            for (JsonStage stage : values()) {
                if (stage.label.equals(label)) {
                    return stage;
                }
            }
            throw new IllegalArgumentException("unknown JSON stage '" + label + "': expected before-filter or in-sink");
        }
    }

    /** How many rows survive the filter {@code id % 2 = 0} when ids are 0 .. rows - 1. */
    public static long expectedOutputRows(long rows) {
        return (rows + 1) / 2;
    }
}
