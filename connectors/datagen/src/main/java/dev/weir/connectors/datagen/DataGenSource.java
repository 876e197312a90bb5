package dev.weir.connectors.datagen;

import dev.weir.api.io.SimpleVersionedSerializer;
import dev.weir.api.source.Boundedness;
import dev.weir.api.source.Source;
import dev.weir.api.source.SourceReader;
import dev.weir.api.source.SourceReaderContext;
import dev.weir.api.source.SplitEnumerator;
import dev.weir.api.source.SplitEnumeratorContext;
import java.util.List;

/** Generated rows: one split per reader, each generating every parallelism-th row index. */
final class DataGenSource implements Source<DataGenSplit, List<DataGenSplit>> {
    private final List<FieldSpec> fields;
    private final long rowsPerSecond;
    /** Exclusive end of the row indices; Long.MAX_VALUE when unbounded. */
    private final long totalRows;
    private final boolean bounded;

    DataGenSource(List<FieldSpec> fields, long rowsPerSecond, long totalRows, boolean bounded) {
        this.fields = List.copyOf(fields);
        this.rowsPerSecond = rowsPerSecond;
        this.totalRows = totalRows;
        this.bounded = bounded;
    }

    @Override
    public Boundedness boundedness() {
        return bounded ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<DataGenSplit, List<DataGenSplit>> createEnumerator(
            SplitEnumeratorContext<DataGenSplit> context) {
        return new DataGenEnumerator(context,
                DataGenEnumerator.initialSplits(context.currentParallelism(), totalRows));
    }

    @Override
    public SplitEnumerator<DataGenSplit, List<DataGenSplit>> restoreEnumerator(
            SplitEnumeratorContext<DataGenSplit> context, List<DataGenSplit> checkpoint) {
        return new DataGenEnumerator(context, checkpoint);
    }

    @Override
    public SourceReader<DataGenSplit> createReader(SourceReaderContext context) {
        return new DataGenReader(fields, rowsPerSecond, context.parallelism());
    }

    @Override
    public SimpleVersionedSerializer<DataGenSplit> splitSerializer() {
        return DataGenSplitSerializer.SPLITS;
    }

    @Override
    public SimpleVersionedSerializer<List<DataGenSplit>> enumeratorStateSerializer() {
        return DataGenSplitSerializer.UNASSIGNED;
    }
}
