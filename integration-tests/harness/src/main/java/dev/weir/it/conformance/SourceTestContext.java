package dev.weir.it.conformance;

import dev.weir.api.data.Row;
import dev.weir.api.descriptor.TableDescriptor;
import java.util.List;

/**
 * What {@link SourceConformanceSuite} needs from the connector under test: tables (topics) with a
 * number of splits (partitions), a way to write into one split, and the source's descriptor. Every
 * table has the columns of {@link ConformanceData#schema()}.
 */
public interface SourceTestContext {

    /** Creates a new, empty table with this many splits and returns its name. */
    String createTable(int splits) throws Exception;

    /** Appends rows to one split (0-based), in order, durably: a reader started afterwards sees them. */
    void write(String table, int split, List<Row> rows) throws Exception;

    /**
     * The source reading the table from its beginning. Bounded: it ends after what the table held when
     * the job started; unbounded: it keeps reading what is written later.
     */
    TableDescriptor source(String table, boolean bounded);
}
