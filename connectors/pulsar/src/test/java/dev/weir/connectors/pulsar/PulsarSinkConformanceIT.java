package dev.weir.connectors.pulsar;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sink conformance suite on a real broker, read back with a plain reader (which sees committed messages only). */
@ExtendWith(ContainerLogsOnFailure.class)
class PulsarSinkConformanceIT extends SinkConformanceSuite {

    private final PulsarTestTopics topics = new PulsarTestTopics();

    @AfterEach
    void closeClient() throws Exception {
        topics.close();
    }

    @Override
    protected SinkTestContext context() {
        return new SinkTestContext() {
            @Override
            public String createTable(int splits) throws Exception {
                String topic = topics.create("sink-conformance", splits);
                topics.primeTransactionBuffers(topic);
                return topic;
            }

            @Override
            public TableDescriptor sink(String table, DeliveryGuarantee guarantee) {
                return topics.table(table, ConformanceData.schema())
                        .option("sink.delivery-guarantee", guarantee.toString())
                        .build();
            }

            @Override
            public Set<DeliveryGuarantee> supportedGuarantees() {
                return EnumSet.of(DeliveryGuarantee.AT_LEAST_ONCE, DeliveryGuarantee.EXACTLY_ONCE);
            }

            @Override
            public List<Row> readAll(String table) throws Exception {
                return topics.readAll(table).stream().map(m -> PulsarTestTopics.fromJson(m.getValue())).toList();
            }
        };
    }
}
