package dev.weir.connectors.elasticsearch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Reading search responses without a JSON model: sources and sort values keep their exact bytes. */
class SearchPageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String PRETTY_SOURCE = "{\n  \"id\" : 1,\n  \"name\" : \"\\u00e9t\\u00e9 \\\"quoted\\\"\",\n"
            + "  \"tags\" : [ 1.50, -0.0, 1e400 ]\n}";
    private static final String HUGE_SOURCE = "{\"id\":123456789012345678901234567890}";

    private static SearchPage parse(String response) throws IOException {
        return SearchPage.parse(response.getBytes(UTF_8));
    }

    @Test
    void sourcesAndSortValuesAreTheBytesOfTheResponse() throws Exception {
        SearchPage page = parse("{\"pit_id\":\"pit-2\",\"took\":3,\"timed_out\":false,"
                + "\"_shards\":{\"total\":2,\"successful\":2,\"skipped\":0,\"failed\":0},"
                + "\"hits\":{\"total\":{\"value\":3},\"max_score\":null,\"hits\":["
                + "{\"_index\":\"logs-1\",\"_id\":\"a\",\"_score\":null,\"_ignored\":[\"id\"],\"_source\":" + PRETTY_SOURCE
                + ",\"sort\":[ 7, \"x\" ]},"
                + "{\"_index\":\"logs-1\",\"_id\":\"b\",\"_score\":null,\"_source\":" + HUGE_SOURCE + ",\"sort\":[8]},"
                + "{\"_index\":\"logs-2\",\"_id\":\"c\",\"_score\":null,\"sort\":[18446744073709551615]}]}}");

        assertThat(page.pitId()).isEqualTo("pit-2");
        assertThat(page.hits()).containsExactly(
                new SearchPage.Hit("logs-1", "a", PRETTY_SOURCE.getBytes(UTF_8), "[ 7, \"x\" ]"),
                new SearchPage.Hit("logs-1", "b", HUGE_SOURCE.getBytes(UTF_8), "[8]"),
                new SearchPage.Hit("logs-2", "c", null, "[18446744073709551615]"));
    }

    @Test
    void anEmptyPageEndsTheScan() throws Exception {
        assertThat(parse("{\"pit_id\":\"p\",\"timed_out\":false,\"hits\":{\"hits\":[]}}").hits()).isEmpty();
    }

    @Test
    void failedShardsOrATimeoutFailThePageRatherThanLoseDocuments() {
        assertThatThrownBy(() -> parse("{\"pit_id\":\"p\",\"_shards\":{\"total\":2,\"successful\":1,\"failed\":1,"
                + "\"failures\":[{\"shard\":1,\"reason\":{\"type\":\"node_disconnected_exception\"}}]},\"hits\":{\"hits\":[]}}"))
                .isInstanceOf(IOException.class).hasMessageContaining("failed on 1 shard(s)")
                .hasMessageContaining("node_disconnected_exception");
        assertThatThrownBy(() -> parse("{\"timed_out\":true,\"hits\":{\"hits\":[]}}"))
                .isInstanceOf(IOException.class).hasMessageContaining("timed out");
    }

    @Test
    void theRequestCarriesThePointInTimeTheQueryAndTheLastSortValues() throws Exception {
        JsonNode first = JSON.readTree(SearchPage.requestBody("pit-1", "60000ms", "{\"term\":{\"kind\":{\"value\":\"a\"}}}", 10, null));
        JsonNode next = JSON.readTree(SearchPage.requestBody("pit-2", "60000ms", "{\"match_all\":{}}", 10,
                "[18446744073709551615]"));

        assertThat(first).isEqualTo(JSON.readTree("{\"pit\":{\"id\":\"pit-1\",\"keep_alive\":\"60000ms\"},"
                + "\"query\":{\"term\":{\"kind\":{\"value\":\"a\"}}},\"size\":10,\"sort\":[{\"_shard_doc\":\"asc\"}],"
                + "\"track_total_hits\":false}"));
        assertThat(next.get("pit").get("id").asText()).isEqualTo("pit-2");
        assertThat(next.get("search_after").get(0).bigIntegerValue()).hasToString("18446744073709551615");
    }
}
