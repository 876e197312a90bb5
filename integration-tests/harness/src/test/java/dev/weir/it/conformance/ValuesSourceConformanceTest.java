package dev.weir.it.conformance;

import dev.weir.api.data.Row;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.testing.values.TestValues;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The suite itself, proven on the in-memory 'values' source, without Docker. */
class ValuesSourceConformanceTest extends SourceConformanceSuite {

    @Override
    protected SourceTestContext context() {
        return new SourceTestContext() {
            @Override
            public String createTable(int splits) {
                return TestValues.registerSplits(new ArrayList<>(Collections.nCopies(splits, List.of())));
            }

            @Override
            public void write(String table, int split, List<Row> rows) {
                TestValues.appendData(table, split, rows);
            }

            @Override
            public TableDescriptor source(String table, boolean bounded) {
                return TableDescriptor.forConnector("values").schema(ConformanceData.schema())
                        .option("data-id", table).option("bounded", Boolean.toString(bounded)).build();
            }
        };
    }
}
