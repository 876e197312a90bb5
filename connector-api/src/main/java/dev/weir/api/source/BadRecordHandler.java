package dev.weir.api.source;

import dev.weir.api.format.RecordDecodeException;

/**
 * Where a source reader hands a record it cannot decode. The engine gives every reader one
 * ({@link SourceReaderContext#badRecords()}) that applies the table's
 * {@code scan.bad-records.policy} ({@link BadRecordOptions}):
 * <ul>
 *   <li>{@code fail} (the default): rethrows the error, so the job fails naming the record's location;</li>
 *   <li>{@code skip}: counts the record in the reader's {@code numRecordsSkipped} metric and logs it with
 *       its location, rate-limited ({@link dev.weir.api.format.SkippedRecords});</li>
 *   <li>{@code dead-letter}: writes a row with the raw bytes, the error, the location, the source table
 *       and the time to the table named by {@code scan.bad-records.dead-letter-table}, a sink of the same
 *       job. The row travels with the reader's output, so with a transactional dead-letter sink it is
 *       committed exactly once, by the same checkpoints as the records around it.</li>
 * </ul>
 *
 * <p>What a connector does with a record whose decoding threw a {@link RecordDecodeException}:
 * <ol>
 *   <li>call {@link #handle} on the polling thread (inside {@code pollNext}), with the record's raw
 *       bytes exactly as read (a Kafka or Pulsar message's value, a file's line without its line
 *       break) and the exception, whose {@link RecordDecodeException#location() location} says where
 *       the record is ({@code RecordLocation.ofOffset(topic, partition, offset)},
 *       {@code RecordLocation.ofLine(file, line)});</li>
 *   <li>if {@code handle} returns, treat the record as consumed: emit nothing for it, advance the
 *       split's position past it (so a restore from a later checkpoint does not see it again) and go
 *       on with the next record;</li>
 *   <li>if it throws, let the exception propagate out of {@code pollNext}: the job fails (or restarts).</li>
 * </ol>
 * Only decoding problems belong here: I/O and connection errors are thrown as before.
 */
@FunctionalInterface
public interface BadRecordHandler {
    /**
     * @param raw the record's bytes exactly as the source read them
     * @param error why it could not be decoded; its location names the record
     * @throws RecordDecodeException {@code error} itself, under the {@code fail} policy
     */
    void handle(byte[] raw, RecordDecodeException error);

    /** The {@code fail} policy: what readers get outside an engine that applies table policies. */
    static BadRecordHandler failing() {
        return (raw, error) -> {
            throw error;
        };
    }
}
