package dev.weir.engine.runtime;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Event-time values as epoch millis: TIMESTAMP is read as UTC, TIMESTAMP_LTZ is an instant. */
final class EventTime {
    private EventTime() {
    }

    static long toMillis(Object value) {
        if (value instanceof LocalDateTime t) {
            return t.toInstant(ZoneOffset.UTC).toEpochMilli();
        } else if (value instanceof Instant i) {
            return i.toEpochMilli();
        } else if (value instanceof Long l) {
            return l;
        }
        throw new IllegalArgumentException(value == null ? "event time is NULL"
                : "event time " + value + " is not a TIMESTAMP or TIMESTAMP_LTZ");
    }

    /** Millis back to the representation of the rowtime type (LocalDateTime in UTC, or Instant). */
    static Object fromMillis(long millis, boolean localTimeZone) {
        Instant instant = Instant.ofEpochMilli(millis);
        return localTimeZone ? instant : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
