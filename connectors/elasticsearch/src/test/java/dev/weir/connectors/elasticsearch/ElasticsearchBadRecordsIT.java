package dev.weir.connectors.elasticsearch;

import static dev.weir.connectors.elasticsearch.ElasticsearchJobs.copy;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.data.Row;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.schema.Schema;
import dev.weir.api.types.DataTypes;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.it.containers.ContainerLogsOnFailure;
import dev.weir.testing.DeadLetters;
import dev.weir.testing.values.TestValues;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bad-record policies on a real node: documents whose _source does not fit the table (kept by
 * Elasticsearch thanks to ignore_malformed, or stored without _source) are fail, skip or dead-letter
 * as the table says, and every document read is accounted for as a row out, a skipped record or a
 * dead letter with the exact _source, the error and the index and _id.
 */
@ExtendWith(ContainerLogsOnFailure.class)
class ElasticsearchBadRecordsIT {

    private static final Schema SCHEMA = Schema.newBuilder().column("id", DataTypes.BIGINT().notNull())
            .column("name", DataTypes.STRING()).column("amount", DataTypes.DOUBLE()).build();
    /** Malformed numbers are kept in _source (not indexed), as data that was never checked would be. */
    private static final String LENIENT_MAPPING = "{\"id\":{\"type\":\"long\",\"ignore_malformed\":true},"
            + "\"name\":{\"type\":\"keyword\"},\"amount\":{\"type\":\"double\",\"ignore_malformed\":true}}";

    private static final List<Row> VALID_ROWS = List.of(Row.of(1L, "a", 1.5), Row.of(3L, "c", 3.0), Row.of(5L, "e", 5.0),
            Row.of(7L, "g", null));
    /** By _id: the documents of the lenient index, valid and bad, as indexed. */
    private static final Map<String, String> DOCUMENTS = documents();
    /** By _id: the bad documents of the lenient index and, for each, a part of the error that names the cause. */
    private static final Map<String, String> BAD = Map.of(
            "four", "field 'id': expected BIGINT, found string \"four\"",
            "big", "field 'id': expected BIGINT, found number 123456789012345678901234567890",
            "no-id", "field 'id': the field is missing, but its type is BIGINT NOT NULL",
            "lots", "field 'amount': expected DOUBLE, found string \"lots\"");
    private static final String NO_SOURCE_ERROR = "the document has no _source";

    private final ElasticsearchTestIndices indices = new ElasticsearchTestIndices();

    @AfterEach
    void closeClient() throws Exception {
        indices.close();
    }

    private static Map<String, String> documents() {
        Map<String, String> documents = new LinkedHashMap<>();
        documents.put("1", "{\"id\":1,\"name\":\"a\",\"amount\":1.5}");
        documents.put("four", "{ \"id\" : \"four\",  \"name\" : \"d\" }"); // the whitespace stays in the dead letter
        documents.put("3", "{\"id\":3,\"name\":\"c\",\"amount\":3}");
        documents.put("big", "{\"id\":123456789012345678901234567890,\"name\":\"big\"}");
        documents.put("5", "{\"id\":5,\"name\":\"e\",\"amount\":5}");
        documents.put("no-id", "{\"name\":\"no id\",\"amount\":2}");
        documents.put("lots", "{\"id\":6,\"name\":\"f\",\"amount\":\"lots\"}");
        documents.put("7", "{\"id\":7,\"name\":\"g\",\"amount\":null}");
        return documents;
    }

    /** The lenient index with {@link #DOCUMENTS}. */
    private String lenientIndex() throws Exception {
        String index = indices.create("bad-records", LENIENT_MAPPING);
        for (var document : DOCUMENTS.entrySet()) {
            indices.index(index, document.getKey(), document.getValue());
        }
        indices.refresh(index);
        return index;
    }

    /** An index that keeps no _source, with one document: a hit with nothing to decode. */
    private String indexWithoutSources() throws Exception {
        String index = indices.createWithMappings("no-source", "{\"_source\":{\"enabled\":false},\"dynamic\":\"strict\","
                + "\"properties\":{\"id\":{\"type\":\"long\"},\"name\":{\"type\":\"keyword\"}}}");
        indices.index(index, "hidden", "{\"id\":9,\"name\":\"i\"}");
        indices.refresh(index);
        return index;
    }

    /** Both indices, read in pages of 3 so that bad documents end and start pages. */
    private TableDescriptor.Builder source(String lenient, String withoutSources) {
        return indices.table(lenient + "," + withoutSources, SCHEMA).option("scan.page-size", "3");
    }

    private static String location(String index, String id) {
        return "index '" + index + "', document _id '" + id + "'";
    }

    private static TableDescriptor collect(String sinkId, Schema schema) {
        return TableDescriptor.forConnector("collect").schema(schema).option("sink-id", sinkId).build();
    }

    @Test
    void failIsTheDefaultAndNamesTheIndexTheIdAndTheCause() throws Exception {
        String index = indices.create("bad-records-fail", LENIENT_MAPPING);
        indices.index(index, "1", DOCUMENTS.get("1"));
        indices.index(index, "four", DOCUMENTS.get("four"));
        indices.refresh(index);

        assertThatThrownBy(() -> copy(indices.table(index, SCHEMA).build(), collect(TestValues.newSinkId(), SCHEMA)))
                .hasStackTraceContaining("Cannot decode the record at " + location(index, "four") + ": " + BAD.get("four"));
    }

    @Test
    void skipDeliversExactlyTheValidRowsAndCountsEveryBadDocument() throws Exception {
        String lenient = lenientIndex();
        String withoutSources = indexWithoutSources();
        String sinkId = TestValues.newSinkId();

        JobExecution job = copy(source(lenient, withoutSources).option("scan.bad-records.policy", "skip").build(),
                collect(sinkId, SCHEMA));

        List<Row> out = TestValues.collected(sinkId);
        long skipped = job.metricSum("Source[", "numRecordsSkipped");
        assertThat(out).containsExactlyInAnyOrderElementsOf(VALID_ROWS);
        assertThat(skipped).isEqualTo(BAD.size() + 1);
        assertThat(out.size() + skipped).isEqualTo(DOCUMENTS.size() + 1);
    }

    @Test
    void deadLettersCarryTheExactSourceTheErrorAndTheIndexAndId() throws Exception {
        String lenient = lenientIndex();
        String withoutSources = indexWithoutSources();
        String sinkId = TestValues.newSinkId();
        String deadLetterId = TestValues.newSinkId();

        JobExecution job = copy(source(lenient, withoutSources).option("scan.bad-records.policy", "dead-letter")
                        .option("scan.bad-records.dead-letter-table", "bad").build(),
                collect(sinkId, SCHEMA), Map.of("bad", collect(deadLetterId, DeadLetters.SCHEMA)));

        List<Row> out = TestValues.collected(sinkId);
        Map<String, Row> deadLetters = new LinkedHashMap<>();
        for (Row row : TestValues.collected(deadLetterId)) {
            assertThat(deadLetters.put((String) row.getField(2), row)).as("one dead letter per document").isNull();
        }
        assertThat(out).containsExactlyInAnyOrderElementsOf(VALID_ROWS);
        assertThat(out.size() + deadLetters.size()).isEqualTo(DOCUMENTS.size() + 1);
        assertThat(job.metricSum("Source[", "numRecordsDeadLettered")).isEqualTo(deadLetters.size());
        assertThat(job.metricSum("Source[", "numRecordsSkipped")).isZero();

        Map<String, String> expectedErrors = new LinkedHashMap<>();
        BAD.forEach((id, cause) -> expectedErrors.put(location(lenient, id), cause));
        expectedErrors.put(location(withoutSources, "hidden"), NO_SOURCE_ERROR);
        assertThat(deadLetters.keySet()).containsExactlyInAnyOrderElementsOf(expectedErrors.keySet());
        deadLetters.forEach((location, row) -> {
            String id = location.replaceAll(".*document _id '(.*)'", "$1");
            byte[] expectedRaw = id.equals("hidden") ? new byte[0] : DOCUMENTS.get(id).getBytes(UTF_8);
            assertThat(new String((byte[]) row.getField(0), UTF_8)).as("raw _source of " + id)
                    .isEqualTo(new String(expectedRaw, UTF_8));
            assertThat((String) row.getField(1)).as("error of " + id)
                    .startsWith("Cannot decode the record at " + location + ": ").contains(expectedErrors.get(location));
            assertThat(row.getField(3)).isEqualTo("from");
            assertThat(row.getField(4)).isInstanceOf(Instant.class);
        });
    }
}
