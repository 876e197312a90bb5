package dev.weir.connectors.elasticsearch;

import static dev.weir.connectors.elasticsearch.ElasticsearchJobs.copy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.data.Row;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.schema.Schema;
import dev.weir.api.types.DataTypes;
import dev.weir.it.containers.ContainerLogsOnFailure;
import dev.weir.testing.SourceCheckpoint;
import dev.weir.testing.SourceDriver;
import dev.weir.testing.TestTable;
import dev.weir.testing.values.TestValues;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The bounded scan source reading back what the sink wrote, on the shared node. */
@ExtendWith(ContainerLogsOnFailure.class)
class ElasticsearchSourceIT {

    private static final Schema EVENTS = Schema.newBuilder().column("id", DataTypes.BIGINT()).column("kind", DataTypes.STRING())
            .column("at", DataTypes.TIMESTAMP(3)).column("score", DataTypes.DOUBLE()).primaryKey("id").build();
    private static final String EVENTS_MAPPING = "{\"id\":{\"type\":\"long\"},\"kind\":{\"type\":\"keyword\"},"
            + "\"at\":{\"type\":\"keyword\"},\"score\":{\"type\":\"double\"}}";

    private final ElasticsearchTestIndices indices = new ElasticsearchTestIndices();

    @AfterEach
    void closeClient() throws Exception {
        indices.close();
    }

    private static List<Row> events(long count) {
        return LongStream.range(0, count).mapToObj(i -> Row.of(i, i % 3 == 0 ? "click" : "view",
                LocalDateTime.of(2024, 1, 31, 12, 0).plusSeconds(i), i / 4.0)).toList();
    }

    private static List<Row> readThroughTheEngine(TableDescriptor source) {
        String sink = TestValues.newSinkId();
        Schema collected = Schema.newBuilder().column("id", DataTypes.BIGINT()).column("kind", DataTypes.STRING())
                .column("at", DataTypes.TIMESTAMP(3)).column("score", DataTypes.DOUBLE()).build();
        copy(source, TableDescriptor.forConnector("collect").schema(collected).option("sink-id", sink).build());
        return TestValues.collected(sink);
    }

    @Test
    void readsBackEverythingTheSinkWrote() throws Exception {
        String index = indices.create("roundtrip", EVENTS_MAPPING);
        List<Row> written = events(53);
        copy(TableDescriptor.forConnector("values").schema(EVENTS).option("data-id", TestValues.registerData(written)).build(),
                indices.table(index, EVENTS).build());
        indices.refresh(index);

        // Pages of 10 documents: the scan goes through search_after six times.
        List<Row> read = readThroughTheEngine(indices.table(index, EVENTS).option("scan.page-size", "10").build());

        assertThat(read).containsExactlyInAnyOrderElementsOf(written);
    }

    @Test
    void readsOnlyWhatTheQueryMatches() throws Exception {
        String index = indices.create("query", EVENTS_MAPPING);
        List<Row> written = events(12);
        copy(TableDescriptor.forConnector("values").schema(EVENTS).option("data-id", TestValues.registerData(written)).build(),
                indices.table(index, EVENTS).build());
        indices.refresh(index);

        List<Row> read = readThroughTheEngine(indices.table(index, EVENTS)
                .option("scan.query", "{\"term\":{\"kind\":\"click\"}}").build());

        assertThat(read).containsExactlyInAnyOrderElementsOf(written.stream().filter(r -> r.getField(1).equals("click")).toList());
    }

    @Test
    void aRestoredReaderSkipsTheDocumentsEmittedBeforeTheCheckpoint() throws Exception {
        String index = indices.create("restore", EVENTS_MAPPING);
        List<Row> written = events(30);
        copy(TableDescriptor.forConnector("values").schema(EVENTS).option("data-id", TestValues.registerData(written)).build(),
                indices.table(index, EVENTS).build());
        indices.refresh(index);
        var source = TestTable.named("events").schema(EVENTS).option("connector", "elasticsearch")
                .option("hosts", indices.url()).option("index", index).option("scan.page-size", "7").createSource();

        List<Row> read = new ArrayList<>();
        SourceCheckpoint checkpoint;
        try (SourceDriver<?, ?> first = SourceDriver.of(source).start()) {
            first.runUntilRows(12);
            checkpoint = first.checkpoint(1);
            read.addAll(first.rows());
        }
        try (SourceDriver<?, ?> restored = SourceDriver.of(source).restoreFrom(checkpoint).start()) {
            read.addAll(restored.runToEnd());
        }

        assertThat(read).containsExactlyInAnyOrderElementsOf(written);
    }
}
