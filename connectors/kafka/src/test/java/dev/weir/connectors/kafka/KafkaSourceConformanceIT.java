package dev.weir.connectors.kafka;

import dev.weir.api.data.Row;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.it.conformance.ConformanceData;
import dev.weir.it.conformance.SourceConformanceSuite;
import dev.weir.it.conformance.SourceTestContext;
import dev.weir.it.containers.ContainerLogsOnFailure;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;

/** The source conformance suite on a real broker: topics with partitions as splits, JSON values. */
@ExtendWith(ContainerLogsOnFailure.class)
class KafkaSourceConformanceIT extends SourceConformanceSuite {

    private final KafkaTestTopics topics = new KafkaTestTopics();

    @Override
    protected SourceTestContext context() {
        return new SourceTestContext() {
            @Override
            public String createTable(int splits) throws Exception {
                return topics.create("source-conformance", splits);
            }

            @Override
            public void write(String table, int split, List<Row> rows) throws Exception {
                topics.write(table, split, KafkaTestTopics.asJson(rows));
            }

            @Override
            public TableDescriptor source(String table, boolean bounded) {
                TableDescriptor.Builder source = topics.table(table, ConformanceData.schema())
                        .option("scan.startup.mode", "earliest-offset");
                if (bounded) {
                    source.option("scan.bounded.mode", "latest-offset");
                }
                return source.build();
            }
        };
    }
}
