package dev.weir.connectors.datagen;

import dev.weir.api.types.DataType;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;

/** One column's validated generation settings; shipped with the source, turned into generators per reader. */
sealed interface FieldSpec extends Serializable {
    String name();

    DataType type();

    /** A new generator for one reader. */
    ValueGenerator newGenerator(Timeline timeline);

    /**
     * Random values.
     *
     * @param min the column's type's Java value, or null for the default
     * @param max likewise
     * @param maxPast null for none
     * @param length null for the default
     */
    record Random(String name, DataType type, Object min, Object max, Duration maxPast, Integer length,
                  double nullRate) implements FieldSpec {
        @Override
        public ValueGenerator newGenerator(Timeline timeline) {
            return RandomGenerators.forColumn(this, timeline);
        }
    }

    /** start, start + 1, ..., end: the value of row index i is start + i. */
    record Sequence(String name, DataType type, long start, long end) implements FieldSpec {
        /** How many values the sequence has, saturated at Long.MAX_VALUE. */
        long length() {
            long span = end - start;
            return span < 0 || span == Long.MAX_VALUE ? Long.MAX_VALUE : span + 1;
        }

        @Override
        public ValueGenerator newGenerator(Timeline timeline) {
            return switch (type.root()) {
                case TINYINT -> i -> (byte) (start + i);
                case SMALLINT -> i -> (short) (start + i);
                case INT -> i -> (int) (start + i);
                case BIGINT -> i -> start + i;
                case FLOAT -> i -> (float) (start + i);
                case DOUBLE -> i -> (double) (start + i);
                case DECIMAL -> i -> BigDecimal.valueOf(start + i).setScale(type.scale());
                case VARCHAR -> i -> Long.toString(start + i);
                default -> throw new IllegalStateException("No sequence for " + type);
            };
        }
    }

    /** The same value in every row. */
    record Constant(String name, DataType type, Object value) implements FieldSpec {
        @Override
        public ValueGenerator newGenerator(Timeline timeline) {
            // byte[] is the one mutable value type: each row gets its own copy.
            return value instanceof byte[] bytes ? i -> bytes.clone() : i -> value;
        }
    }
}
