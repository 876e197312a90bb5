package dev.weir.it.conformance;

import dev.weir.api.data.Row;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.sink.DeliveryGuarantee;
import java.util.List;
import java.util.Set;

/**
 * What {@link SinkConformanceSuite} needs from the connector under test: a table to write to, the
 * sink's descriptor for a delivery guarantee, and a way to read back what became visible. Every
 * table has the columns of {@link ConformanceData#schema()}.
 */
public interface SinkTestContext {

    /** Creates a new, empty table with this many splits (partitions) and returns its name. */
    String createTable(int splits) throws Exception;

    /** The sink writing into the table with this guarantee. */
    TableDescriptor sink(String table, DeliveryGuarantee guarantee);

    /** The guarantees the sink offers; the suite skips the others. */
    Set<DeliveryGuarantee> supportedGuarantees();

    /** Everything a reader of the table sees now (committed data only), in any order. */
    List<Row> readAll(String table) throws Exception;
}
