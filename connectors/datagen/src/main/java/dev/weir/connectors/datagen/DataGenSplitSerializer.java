package dev.weir.connectors.datagen;

import dev.weir.api.io.DataSerializer;
import java.util.List;

/** Splits, and the enumerator's list of unassigned splits, as fixed-width fields. */
final class DataGenSplitSerializer {
    static final DataSerializer<DataGenSplit> SPLITS = DataSerializer.of(1,
            (out, split) -> {
                out.writeInt(split.splitNumber());
                out.writeLong(split.nextIndex());
                out.writeLong(split.stride());
                out.writeLong(split.endIndex());
                out.writeLong(split.referenceEpochMillis());
            },
            in -> new DataGenSplit(in.readInt(), in.readLong(), in.readLong(), in.readLong(), in.readLong()));

    /** The enumerator's state: the splits not yet assigned. */
    static final DataSerializer<List<DataGenSplit>> UNASSIGNED = DataSerializer.of(1,
            (out, splits) -> DataSerializer.writeList(out, splits, SPLITS::write),
            in -> DataSerializer.readList(in, SPLITS::read));

    private DataGenSplitSerializer() {
    }
}
