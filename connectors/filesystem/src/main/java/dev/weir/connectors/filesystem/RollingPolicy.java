package dev.weir.connectors.filesystem;

import java.io.Serializable;

/** When a part file is closed before a checkpoint closes it: by size, or by age checked at an interval. */
record RollingPolicy(long fileSizeBytes, long rolloverIntervalMillis, long checkIntervalMillis) implements Serializable {
}
