package dev.weir.connectors.kafka;

import static dev.weir.connectors.kafka.KafkaOptions.SCAN_BOUNDED_MODE;
import static dev.weir.connectors.kafka.KafkaOptions.SCAN_BOUNDED_SPECIFIC_OFFSETS;
import static dev.weir.connectors.kafka.KafkaOptions.SCAN_BOUNDED_TIMESTAMP_MILLIS;

import dev.weir.api.config.Configuration;
import dev.weir.connectors.kafka.KafkaOptions.BoundedMode;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** Where a bounded read stops in each partition (scan.bounded.*), exclusive; resolved by the enumerator. */
record StoppingOffsets(BoundedMode mode, Long timestampMillis, Map<Integer, Long> specificOffsets) implements Serializable {

    /** The stopping offset of a split that never stops. */
    static final long NO_STOP = Long.MAX_VALUE;

    static StoppingOffsets from(Configuration options, List<String> problems) {
        BoundedMode mode = options.get(SCAN_BOUNDED_MODE);
        Long timestamp = options.get(SCAN_BOUNDED_TIMESTAMP_MILLIS);
        String specific = options.get(SCAN_BOUNDED_SPECIFIC_OFFSETS);
        if ((mode == BoundedMode.TIMESTAMP) != (timestamp != null)) {
            problems.add("'" + SCAN_BOUNDED_TIMESTAMP_MILLIS.key() + "' goes with, and only with, '" + SCAN_BOUNDED_MODE.key() + "' = 'timestamp'.");
        }
        if ((mode == BoundedMode.SPECIFIC_OFFSETS) != (specific != null)) {
            problems.add("'" + SCAN_BOUNDED_SPECIFIC_OFFSETS.key() + "' goes with, and only with, '" + SCAN_BOUNDED_MODE.key() + "' = 'specific-offsets'.");
        }
        return new StoppingOffsets(mode, timestamp, SpecificOffsets.parse(SCAN_BOUNDED_SPECIFIC_OFFSETS.key(), specific, problems));
    }

    boolean bounded() {
        return mode != BoundedMode.UNBOUNDED;
    }
}
