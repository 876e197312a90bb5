package dev.weir.connectors.kafka;

/** sink.partitioner: which partition a writer sends a record to; null leaves it to Kafka (key hash, else sticky). */
enum SinkPartitioning {
    DEFAULT, FIXED, ROUND_ROBIN;

    static SinkPartitioning of(String option) {
        return switch (option) {
            case "fixed" -> FIXED;
            case "round-robin" -> ROUND_ROBIN;
            default -> DEFAULT;
        };
    }

    /** @param sequence the writer's record count, for round-robin */
    Integer partition(int subtask, long sequence, int partitions) {
        return switch (this) {
            case DEFAULT -> null;
            case FIXED -> subtask % partitions;
            case ROUND_ROBIN -> (int) (sequence % partitions);
        };
    }
}
