package dev.weir.formats.avro;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;

/**
 * The unit of an Avro timestamp: a long counting milli-, micro- or nanoseconds since the epoch.
 * The timestamp-* types count from 1970-01-01T00:00Z (an Instant); the local-timestamp-* types count
 * from 1970-01-01T00:00 on the wall clock, which is the same arithmetic in UTC.
 */
enum TimestampUnit {
    MILLIS(1_000L, 1_000_000L),
    MICROS(1_000_000L, 1_000L),
    NANOS(1_000_000_000L, 1L);

    private final long perSecond;
    private final long nanosPerUnit;

    TimestampUnit(long perSecond, long nanosPerUnit) {
        this.perSecond = perSecond;
        this.nanosPerUnit = nanosPerUnit;
    }

    /** The coarsest unit that keeps every digit of TIMESTAMP(p). */
    static TimestampUnit forPrecision(int precision) {
        return precision <= 3 ? MILLIS : precision <= 6 ? MICROS : NANOS;
    }

    /** The unit of a timestamp-* or local-timestamp-* logical type, or null for any other. */
    static TimestampUnit of(LogicalType logical) {
        if (logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.LocalTimestampMillis) {
            return MILLIS;
        }
        if (logical instanceof LogicalTypes.TimestampMicros || logical instanceof LogicalTypes.LocalTimestampMicros) {
            return MICROS;
        }
        if (logical instanceof LogicalTypes.TimestampNanos || logical instanceof LogicalTypes.LocalTimestampNanos) {
            return NANOS;
        }
        return null;
    }

    LogicalType instantLogicalType() {
        return switch (this) {
            case MILLIS -> LogicalTypes.timestampMillis();
            case MICROS -> LogicalTypes.timestampMicros();
            case NANOS -> LogicalTypes.timestampNanos();
        };
    }

    LogicalType localLogicalType() {
        return switch (this) {
            case MILLIS -> LogicalTypes.localTimestampMillis();
            case MICROS -> LogicalTypes.localTimestampMicros();
            case NANOS -> LogicalTypes.localTimestampNanos();
        };
    }

    /** @throws ArithmeticException when the instant does not fit a long in this unit (NANOS beyond 2262) */
    long fromInstant(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), perSecond),
                instant.getNano() / nanosPerUnit);
    }

    Instant toInstant(long value) {
        long seconds = Math.floorDiv(value, perSecond);
        long fraction = Math.floorMod(value, perSecond);
        return Instant.ofEpochSecond(seconds, fraction * nanosPerUnit);
    }

    long fromLocal(LocalDateTime dateTime) {
        return fromInstant(dateTime.toInstant(ZoneOffset.UTC));
    }

    LocalDateTime toLocal(long value) {
        return LocalDateTime.ofInstant(toInstant(value), ZoneOffset.UTC);
    }
}
