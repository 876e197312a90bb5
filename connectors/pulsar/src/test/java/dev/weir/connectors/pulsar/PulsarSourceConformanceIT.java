package dev.weir.connectors.pulsar;

import dev.weir.api.data.Row;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.it.conformance.ConformanceData;
import dev.weir.it.conformance.SourceConformanceSuite;
import dev.weir.it.conformance.SourceTestContext;
import dev.weir.it.containers.ContainerLogsOnFailure;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The source conformance suite on a real broker: partitions as splits (one split: a topic without partitions), JSON values. */
@ExtendWith(ContainerLogsOnFailure.class)
class PulsarSourceConformanceIT extends SourceConformanceSuite {

    private final PulsarTestTopics topics = new PulsarTestTopics();

    @AfterEach
    void closeClient() throws Exception {
        topics.close();
    }

    @Override
    protected SourceTestContext context() {
        return new SourceTestContext() {
            @Override
            public String createTable(int splits) throws Exception {
                return topics.create("source-conformance", splits);
            }

            @Override
            public void write(String table, int split, List<Row> rows) throws Exception {
                topics.write(table, split, PulsarTestTopics.asJson(rows));
            }

            @Override
            public TableDescriptor source(String table, boolean bounded) {
                TableDescriptor.Builder source = topics.sourceTable(table, ConformanceData.schema());
                if (bounded) {
                    source.option("source.stop.at-message-id", "latest");
                }
                return source.build();
            }
        };
    }
}
