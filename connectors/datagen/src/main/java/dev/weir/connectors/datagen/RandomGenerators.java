package dev.weir.connectors.datagen;

import static dev.weir.connectors.datagen.Hashing.below;
import static dev.weir.connectors.datagen.Hashing.hash;
import static dev.weir.connectors.datagen.Hashing.mix;
import static dev.weir.connectors.datagen.Hashing.unit;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.api.types.TypeRoot;
import java.math.BigDecimal;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.RoundingMode;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Random values for every logical type, each a pure function of (column seed, key). */
final class RandomGenerators {
    static final int DEFAULT_STRING_LENGTH = 100;
    static final int DEFAULT_BYTES_LENGTH = 100;
    static final int DEFAULT_COLLECTION_LENGTH = 3;

    private static final long NANOS_PER_DAY = 86_400_000_000_000L;
    private static final long NULL_SALT = 0x5DEECE66DL;

    private RandomGenerators() {
    }

    static ValueGenerator forColumn(FieldSpec.Random spec, Timeline timeline) {
        long seed = Hashing.seedOf(0, spec.name());
        ValueGenerator values = forType(spec.type(), seed, spec, timeline, true);
        if (spec.nullRate() <= 0) {
            return values;
        }
        double nullRate = spec.nullRate();
        long nullSeed = mix(seed ^ NULL_SALT);
        return key -> unit(hash(nullSeed, key)) < nullRate ? null : values.generate(key);
    }

    /**
     * @param spec the column's settings; for nested types only the top level's settings apply
     * @param topLevel the key is the row index (temporal values follow the timeline), not a derived key
     */
    private static ValueGenerator forType(DataType type, long seed, FieldSpec.Random spec, Timeline timeline,
                                          boolean topLevel) {
        Object min = spec == null ? null : spec.min();
        Object max = spec == null ? null : spec.max();
        Integer length = spec == null ? null : spec.length();
        return switch (type.root()) {
            case BOOLEAN -> key -> (hash(seed, key) & 1) == 1;
            case TINYINT -> {
                LongRange range = LongRange.of(min, max, Byte.MIN_VALUE, Byte.MAX_VALUE);
                yield key -> (byte) range.pick(hash(seed, key));
            }
            case SMALLINT -> {
                LongRange range = LongRange.of(min, max, Short.MIN_VALUE, Short.MAX_VALUE);
                yield key -> (short) range.pick(hash(seed, key));
            }
            case INT -> {
                LongRange range = LongRange.of(min, max, Integer.MIN_VALUE, Integer.MAX_VALUE);
                yield key -> (int) range.pick(hash(seed, key));
            }
            case BIGINT -> {
                LongRange range = LongRange.of(min, max, Long.MIN_VALUE, Long.MAX_VALUE);
                yield key -> range.pick(hash(seed, key));
            }
            case FLOAT -> {
                double low = min == null ? 0 : ((Number) min).doubleValue();
                double span = (max == null ? 1 : ((Number) max).doubleValue()) - low;
                yield key -> (float) (low + unit(hash(seed, key)) * span);
            }
            case DOUBLE -> {
                double low = min == null ? 0 : ((Number) min).doubleValue();
                double span = (max == null ? 1 : ((Number) max).doubleValue()) - low;
                yield key -> low + unit(hash(seed, key)) * span;
            }
            case DECIMAL -> decimal(type, seed, (BigDecimal) min, (BigDecimal) max);
            case VARCHAR -> new HexStrings(seed, length != null ? length
                    : Math.min(DEFAULT_STRING_LENGTH, type.length()));
            case BYTES -> bytes(seed, length != null ? length : DEFAULT_BYTES_LENGTH);
            case DATE, TIMESTAMP, TIMESTAMP_LTZ -> temporal(type, seed, spec == null ? null : spec.maxPast(),
                    timeline, topLevel);
            case TIME -> {
                long unit = truncationUnit(type.precision());
                yield key -> {
                    long nanoOfDay = below(hash(seed, key), NANOS_PER_DAY);
                    return LocalTime.ofNanoOfDay(nanoOfDay - nanoOfDay % unit);
                };
            }
            case ARRAY -> {
                ValueGenerator element = forType(type.elementType(), mix(seed + 1), null, timeline, false);
                int size = length != null ? length : DEFAULT_COLLECTION_LENGTH;
                yield key -> {
                    long h = hash(seed, key);
                    Object[] elements = new Object[size];
                    for (int i = 0; i < size; i++) {
                        elements[i] = element.generate(h + i);
                    }
                    return List.of(elements);
                };
            }
            case MAP -> {
                ValueGenerator keys = forType(type.keyType(), mix(seed + 1), null, timeline, false);
                ValueGenerator values = forType(type.valueType(), mix(seed + 2), null, timeline, false);
                int size = length != null ? length : DEFAULT_COLLECTION_LENGTH;
                yield key -> {
                    long h = hash(seed, key);
                    Map<Object, Object> map = new LinkedHashMap<>();
                    for (int i = 0; i < size; i++) {
                        map.put(keys.generate(h + i), values.generate(h + i));
                    }
                    return map;
                };
            }
            case ROW -> {
                ValueGenerator[] fields = new ValueGenerator[type.fieldCount()];
                for (int i = 0; i < fields.length; i++) {
                    fields[i] = forType(type.fieldType(i), Hashing.seedOf(seed, type.fieldNames().get(i)), null,
                            timeline, false);
                }
                yield key -> {
                    long h = hash(seed, key);
                    Object[] values = new Object[fields.length];
                    for (int i = 0; i < fields.length; i++) {
                        values[i] = fields[i].generate(h);
                    }
                    return Row.of(values);
                };
            }
        };
    }

    private static ValueGenerator decimal(DataType type, long seed, BigDecimal min, BigDecimal max) {
        BigDecimal largest = BigDecimal.ONE.movePointRight(type.precision() - type.scale())
                .subtract(BigDecimal.ONE.movePointLeft(type.scale()));
        BigDecimal low = min != null ? min : largest.negate();
        BigDecimal high = max != null ? max : largest;
        double lowDouble = low.doubleValue();
        double span = high.doubleValue() - lowDouble;
        int scale = type.scale();
        return key -> {
            BigDecimal value = new BigDecimal(lowDouble + unit(hash(seed, key)) * span)
                    .setScale(scale, RoundingMode.DOWN);
            // The double arithmetic can land a unit outside the bounds; clamp back.
            return value.compareTo(low) < 0 ? low : value.compareTo(high) > 0 ? high : value;
        };
    }

    private static ValueGenerator bytes(long seed, int length) {
        return key -> {
            byte[] bytes = new byte[length];
            long h = hash(seed, key);
            for (int i = 0; i < length; i += 8) {
                long bits = mix(h + i);
                for (int j = 0; j < 8 && i + j < length; j++) {
                    bytes[i + j] = (byte) (bits >>> (j * 8));
                }
            }
            return bytes;
        };
    }

    /**
     * At the top level a value lies up to max-past before the row's scheduled time; nested values,
     * whose key is not a row index, lie up to max-past (or a day) before the source's start.
     */
    private static ValueGenerator temporal(DataType type, long seed, Duration maxPast, Timeline timeline,
                                           boolean topLevel) {
        long pastNanos = maxPast != null ? maxPast.toNanos() : topLevel ? 0 : NANOS_PER_DAY;
        long unit = type.root() == TypeRoot.DATE ? 1 : truncationUnit(type.precision());
        ValueGenerator epochNanos = key -> {
            long base = topLevel ? timeline.scheduledEpochNanos(key) : timeline.referenceEpochNanos();
            long nanos = base - (pastNanos > 0 ? below(hash(seed, key), pastNanos + 1) : 0);
            return nanos - Math.floorMod(nanos, unit);
        };
        return switch (type.root()) {
            case DATE -> key -> LocalDate.ofEpochDay(Math.floorDiv((long) epochNanos.generate(key), NANOS_PER_DAY));
            case TIMESTAMP -> key -> {
                long nanos = (long) epochNanos.generate(key);
                return LocalDateTime.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                        (int) Math.floorMod(nanos, 1_000_000_000L), ZoneOffset.UTC);
            };
            default -> key -> {
                long nanos = (long) epochNanos.generate(key);
                return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
            };
        };
    }

    /** Nanoseconds per unit of the last digit of a TIME/TIMESTAMP precision (0..9). */
    private static long truncationUnit(int precision) {
        long unit = 1;
        for (int i = precision; i < 9; i++) {
            unit *= 10;
        }
        return unit;
    }

    /** Random longs in [min, max]. */
    private record LongRange(long min, long max) {
        static LongRange of(Object min, Object max, long typeMin, long typeMax) {
            return new LongRange(min == null ? typeMin : ((Number) min).longValue(),
                    max == null ? typeMax : ((Number) max).longValue());
        }

        long pick(long hash) {
            long span = max - min + 1;
            if (span > 0) {
                return min + below(hash, span);
            }
            // The span exceeds a long: retry until the hash falls inside (at least half of all values do).
            while (hash < min || hash > max) {
                hash = mix(hash);
            }
            return hash;
        }
    }

    /**
     * Lower-case hex strings, as Flink's datagen makes. Eight characters are made at once from 32
     * random bits (SWAR), into one scratch buffer per reader: strings are the costly part of a row.
     */
    private static final class HexStrings implements ValueGenerator {
        private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
                ByteOrder.LITTLE_ENDIAN);

        private final long seed;
        private final int length;
        /** Rounded up to whole longs; only the first {@code length} bytes are used. */
        private final byte[] scratch;

        HexStrings(long seed, int length) {
            this.seed = seed;
            this.length = length;
            this.scratch = new byte[(length + 7) & ~7];
        }

        @Override
        public Object generate(long key) {
            byte[] chars = scratch;
            long h = hash(seed, key);
            for (int i = 0; i < chars.length; i += 16) {
                long bits = mix(h + i);
                LONGS.set(chars, i, hexDigits(bits));
                if (i + 8 < chars.length) {
                    LONGS.set(chars, i + 8, hexDigits(bits >>> 32));
                }
            }
            return new String(chars, 0, length, StandardCharsets.ISO_8859_1);
        }

        /** The low 32 bits as eight ASCII hex digits, one per byte. */
        private static long hexDigits(long bits) {
            long x = bits & 0xFFFFFFFFL;
            x = (x | (x << 16)) & 0x0000FFFF0000FFFFL;
            x = (x | (x << 8)) & 0x00FF00FF00FF00FFL;
            x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FL;
            long letters = ((x + 0x0606060606060606L) >>> 4) & 0x0101010101010101L;
            return x + 0x3030303030303030L + letters * ('a' - '0' - 10);
        }
    }
}
