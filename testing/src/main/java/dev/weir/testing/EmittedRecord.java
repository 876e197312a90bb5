package dev.weir.testing;

import dev.weir.api.data.Row;
import java.util.OptionalLong;

/**
 * A row a reader emitted, with where it came from.
 *
 * @param subtask the reader's subtask index
 * @param splitId the split whose output emitted it, or null when emitted on the reader's main output
 * @param row a copy taken at emission, so readers may reuse their rows
 * @param timestampMillis the record timestamp when emitted with one
 */
public record EmittedRecord(int subtask, String splitId, Row row, OptionalLong timestampMillis) {
}
