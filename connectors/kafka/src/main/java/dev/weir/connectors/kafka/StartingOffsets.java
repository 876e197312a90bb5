package dev.weir.connectors.kafka;

import static dev.weir.connectors.kafka.KafkaOptions.SCAN_STARTUP_MODE;
import static dev.weir.connectors.kafka.KafkaOptions.SCAN_STARTUP_SPECIFIC_OFFSETS;
import static dev.weir.connectors.kafka.KafkaOptions.SCAN_STARTUP_TIMESTAMP_MILLIS;

import dev.weir.api.config.Configuration;
import dev.weir.connectors.kafka.KafkaOptions.StartupMode;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** Where reading starts in each partition (scan.startup.*); resolved to offsets by the enumerator. */
record StartingOffsets(StartupMode mode, Long timestampMillis, Map<Integer, Long> specificOffsets) implements Serializable {

    static StartingOffsets earliest() {
        return new StartingOffsets(StartupMode.EARLIEST_OFFSET, null, Map.of());
    }

    static StartingOffsets from(Configuration options, List<String> problems) {
        StartupMode mode = options.get(SCAN_STARTUP_MODE);
        Long timestamp = options.get(SCAN_STARTUP_TIMESTAMP_MILLIS);
        String specific = options.get(SCAN_STARTUP_SPECIFIC_OFFSETS);
        if ((mode == StartupMode.TIMESTAMP) != (timestamp != null)) {
            problems.add("'" + SCAN_STARTUP_TIMESTAMP_MILLIS.key() + "' goes with, and only with, '" + SCAN_STARTUP_MODE.key() + "' = 'timestamp'.");
        }
        if ((mode == StartupMode.SPECIFIC_OFFSETS) != (specific != null)) {
            problems.add("'" + SCAN_STARTUP_SPECIFIC_OFFSETS.key() + "' goes with, and only with, '" + SCAN_STARTUP_MODE.key() + "' = 'specific-offsets'.");
        }
        return new StartingOffsets(mode, timestamp, SpecificOffsets.parse(SCAN_STARTUP_SPECIFIC_OFFSETS.key(), specific, problems));
    }
}
