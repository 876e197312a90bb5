package dev.weir.connectors.kafka;

import dev.weir.api.data.Row;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.sink.DeliveryGuarantee;
import dev.weir.it.conformance.ConformanceData;
import dev.weir.it.conformance.SinkConformanceSuite;
import dev.weir.it.conformance.SinkTestContext;
import dev.weir.it.containers.ContainerLogsOnFailure;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sink conformance suite on a real broker, read back with a read_committed consumer. */
@ExtendWith(ContainerLogsOnFailure.class)
class KafkaSinkConformanceIT extends SinkConformanceSuite {

    private final KafkaTestTopics topics = new KafkaTestTopics();

    @Override
    protected SinkTestContext context() {
        return new SinkTestContext() {
            @Override
            public String createTable(int splits) throws Exception {
                return topics.create("sink-conformance", splits);
            }

            @Override
            public TableDescriptor sink(String table, DeliveryGuarantee guarantee) {
                return topics.table(table, ConformanceData.schema())
                        .option("sink.delivery-guarantee", guarantee.toString())
                        .option("sink.transactional-id-prefix", "conformance-" + UUID.randomUUID())
                        .build();
            }

            @Override
            public Set<DeliveryGuarantee> supportedGuarantees() {
                return EnumSet.of(DeliveryGuarantee.AT_LEAST_ONCE, DeliveryGuarantee.EXACTLY_ONCE);
            }

            @Override
            public List<Row> readAll(String table) {
                return topics.readCommitted(table).stream().map(r -> KafkaTestTopics.fromJson(r.value())).toList();
            }
        };
    }
}
