package dev.weir.testing;

import dev.weir.api.schema.Schema;
import dev.weir.api.types.DataTypes;

/** The dead-letter table of the bad-record policy 'dead-letter', for tests that collect what a source rejected. */
public final class DeadLetters {

    /** The columns every dead-letter row has, in order (see the engine README's "Bad records"). */
    public static final Schema SCHEMA = Schema.newBuilder()
            .column("raw", DataTypes.BYTES().notNull())
            .column("error", DataTypes.STRING().notNull())
            .column("location", DataTypes.STRING().notNull())
            .column("source_table", DataTypes.STRING().notNull())
            .column("failed_at", DataTypes.TIMESTAMP_LTZ(3).notNull())
            .build();

    private DeadLetters() {
    }
}
