package dev.weir.it.conformance;

import dev.weir.api.data.Row;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.sink.DeliveryGuarantee;
import dev.weir.testing.values.TestValues;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The suite itself, proven on the in-memory 'collect' sink, without Docker. */
class CollectSinkConformanceTest extends SinkConformanceSuite {

    @Override
    protected SinkTestContext context() {
        return new SinkTestContext() {
            @Override
            public String createTable(int splits) {
                return TestValues.newSinkId();
            }

            @Override
            public TableDescriptor sink(String table, DeliveryGuarantee guarantee) {
                return ConformanceJob.collectSink(table, guarantee, -1);
            }

            @Override
            public Set<DeliveryGuarantee> supportedGuarantees() {
                return EnumSet.of(DeliveryGuarantee.AT_LEAST_ONCE, DeliveryGuarantee.EXACTLY_ONCE);
            }

            @Override
            public List<Row> readAll(String table) {
                return TestValues.collected(table);
            }
        };
    }
}
