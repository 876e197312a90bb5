package dev.weir.connectors.elasticsearch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.metrics.InMemoryMetricGroup;
import dev.weir.api.metrics.MetricGroup;
import dev.weir.api.schema.Schema;
import dev.weir.api.source.BadRecordHandler;
import dev.weir.api.source.InputStatus;
import dev.weir.api.source.SourceReaderContext;
import dev.weir.api.types.DataTypes;
import dev.weir.connectors.elasticsearch.ScanEndpointTestDouble.Document;
import dev.weir.testing.CollectingReaderOutput;
import dev.weir.testing.EmittedRecord;
import dev.weir.testing.TestTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scan reader hands every document it cannot decode to the bad-record handler, with the
 * _source as sent and the index and _id as location, and emits nothing for it; under the failing
 * handler the reader fails naming the document. Against {@link ScanEndpointTestDouble}, which can
 * serve the sources a real node never stores (not an object); ElasticsearchBadRecordsIT covers the
 * policies end to end on a real node.
 */
class ScanReaderBadRecordsTest {

    private static final Schema SCHEMA = Schema.newBuilder().column("id", DataTypes.BIGINT().notNull())
            .column("name", DataTypes.STRING()).build();
    /** In the order of the scan; pages of 3, so bad documents end and start pages. */
    private static final List<Document> DOCUMENTS = List.of(
            new Document("docs-1", "1", "{\"id\":1,\"name\":\"a\"}"),
            new Document("docs-1", "array", "[1,2]"),
            new Document("docs-1", "text", "\"just text\""),
            new Document("docs-1", "four", "{ \"id\" : \"four\",  \"name\":\"d\" }"),
            new Document("docs-1", "3", "{\"id\":3,\"name\":\"c\"}"),
            new Document("docs-2", "big", "{\"id\":123456789012345678901234567890}"),
            new Document("docs-2", "no-id", "{\"name\":\"x\"}"),
            new Document("docs-2", "hidden", null),
            new Document("docs-2", "5", "{\"id\":5,\"name\":\"e\"}"));
    private static final List<String> BAD = List.of("array", "text", "four", "big", "no-id", "hidden");

    /** What a dead-letter handler would write: raw bytes by location. */
    private final Map<String, byte[]> handled = new LinkedHashMap<>();
    private final List<RecordDecodeException> errors = new ArrayList<>();
    private final BadRecordHandler recording = (raw, error) -> {
        assertThat(handled.put(error.location().toString(), raw)).as("handled once: " + error.location()).isNull();
        errors.add(error);
    };

    private ScanEndpointTestDouble elasticsearch;
    private ElasticsearchSource source;

    @BeforeEach
    void start() throws Exception {
        elasticsearch = ScanEndpointTestDouble.serving(DOCUMENTS);
        source = (ElasticsearchSource) TestTable.named("events").schema(SCHEMA).option("connector", "elasticsearch")
                .option("hosts", elasticsearch.url()).option("index", "docs-1,docs-2").option("scan.page-size", "3")
                .createSource();
    }

    private final List<ScanReader> readers = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (ScanReader reader : readers) {
            reader.close();
        }
        elasticsearch.close();
    }

    private ScanReader reader(BadRecordHandler badRecords, ScanSplit split) {
        ScanReader reader = (ScanReader) source.createReader(new SourceReaderContext() {
            private final InMemoryMetricGroup metrics = new InMemoryMetricGroup();

            @Override
            public int subtaskIndex() {
                return 0;
            }

            @Override
            public int parallelism() {
                return 1;
            }

            @Override
            public void sendSplitRequest() {
            }

            @Override
            public MetricGroup metrics() {
                return metrics;
            }

            @Override
            public BadRecordHandler badRecords() {
                return badRecords;
            }
        });
        readers.add(reader);
        reader.addSplits(List.of(split));
        reader.notifyNoMoreSplits();
        return reader;
    }

    /** Polls until the condition holds or the input ends. */
    private static void poll(ScanReader reader, CollectingReaderOutput output, BooleanSupplier done) throws Exception {
        while (!done.getAsBoolean()) {
            InputStatus status = reader.pollNext(output);
            if (status == InputStatus.END_OF_INPUT) {
                return;
            }
            if (status == InputStatus.NOTHING_AVAILABLE) {
                reader.isAvailable().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static List<Long> ids(CollectingReaderOutput output) {
        return output.records().stream().map(EmittedRecord::row).map(r -> (Long) r.getField(0)).toList();
    }

    private static String location(String index, String id) {
        return "index '" + index + "', document _id '" + id + "'";
    }

    private static byte[] raw(String id) {
        String source = DOCUMENTS.stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow().source();
        return source == null ? new byte[0] : source.getBytes(UTF_8);
    }

    @Test
    void everyBadDocumentReachesTheHandlerWithItsExactSourceAndLocation() throws Exception {
        CollectingReaderOutput output = new CollectingReaderOutput(0, true);
        poll(reader(recording, new ScanSplit("docs-1,docs-2", 0)), output, () -> false);

        assertThat(ids(output)).containsExactly(1L, 3L, 5L);
        assertThat(output.count() + handled.size()).isEqualTo(DOCUMENTS.size());
        assertThat(handled.keySet()).containsExactly(location("docs-1", "array"), location("docs-1", "text"),
                location("docs-1", "four"), location("docs-2", "big"), location("docs-2", "no-id"),
                location("docs-2", "hidden"));
        for (String id : BAD) {
            String index = id.equals("big") || id.equals("no-id") || id.equals("hidden") ? "docs-2" : "docs-1";
            assertThat(handled.get(location(index, id))).as(id).isEqualTo(raw(id));
        }
        assertThat(errors).allSatisfy(e -> assertThat(e.getMessage()).startsWith("Cannot decode the record at " + e.location() + ": "));
        assertThat(errors.get(0).getMessage()).endsWith("expected a JSON object, found an array");
        assertThat(errors.get(1).getMessage()).endsWith("expected a JSON object, found string \"just text\"");
        assertThat(errors.get(2).getMessage()).contains("field 'id'").contains("\"four\"");
        assertThat(errors.get(3).getMessage()).contains("field 'id'").contains("123456789012345678901234567890");
        assertThat(errors.get(4).getMessage()).contains("field 'id'").contains("missing");
        assertThat(errors.get(5).getMessage()).contains("no _source");
        assertThat(elasticsearch.requests()).filteredOn(r -> r.startsWith("POST /_search"))
                .hasSize(4).allSatisfy(r -> assertThat(r).contains("allow_partial_search_results=false"));
    }

    @Test
    void theFailingHandlerFailsTheReaderNamingTheIndexTheIdAndTheCause() throws Exception {
        CollectingReaderOutput output = new CollectingReaderOutput(0, true);
        ScanReader reader = reader(BadRecordHandler.failing(), new ScanSplit("docs-1,docs-2", 0));

        assertThatThrownBy(() -> poll(reader, output, () -> false))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessage("Cannot decode the record at index 'docs-1', document _id 'array': expected a JSON object, "
                        + "found an array");
        assertThat(ids(output)).containsExactly(1L);
    }

    @Test
    void aCheckpointPositionCountsBadDocumentsSoARestoredReaderDoesNotHandleThemAgain() throws Exception {
        CollectingReaderOutput first = new CollectingReaderOutput(0, true);
        ScanReader reader = reader(recording, new ScanSplit("docs-1,docs-2", 0));
        poll(reader, first, () -> first.count() == 2); // rows 1 and 3: five documents read
        List<ScanSplit> checkpoint = reader.snapshotState(1);
        reader.close();
        assertThat(checkpoint).containsExactly(new ScanSplit("docs-1,docs-2", 5));
        assertThat(handled).hasSize(3);

        CollectingReaderOutput restored = new CollectingReaderOutput(0, true);
        poll(reader(recording, checkpoint.get(0)), restored, () -> false);

        assertThat(ids(first)).containsExactly(1L, 3L);
        assertThat(ids(restored)).containsExactly(5L);
        assertThat(handled).hasSize(BAD.size()); // the recording handler asserts each is handled once
        assertThat(first.count() + restored.count() + handled.size()).isEqualTo(DOCUMENTS.size());
    }
}
