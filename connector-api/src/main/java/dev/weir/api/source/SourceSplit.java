package dev.weir.api.source;

/**
 * A unit of work for a reader: a Kafka partition, a file, a Pulsar topic partition. A split carries
 * its current position, so a split snapshotted by a reader is where reading resumes.
 */
public interface SourceSplit {
    /** Stable across restarts; used to track watermarks and metrics per split. */
    String splitId();
}
