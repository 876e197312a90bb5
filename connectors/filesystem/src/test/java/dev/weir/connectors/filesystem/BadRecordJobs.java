package dev.weir.connectors.filesystem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.engine.plan.Planner;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.engine.spec.JobSpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The jobs of the bad-record tests: a filesystem table of (id, name, amount) copied to JSON files in
 * {@code <dir>/out}, with a JSON dead-letter table 'bad' in {@code <dir>/bad} for the policy to use.
 */
final class BadRecordJobs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BadRecordJobs() {
    }

    static String spec(String table, String amountType, Path in, String format, Map<String, String> badRecordOptions, Path dir) {
        StringBuilder options = new StringBuilder();
        badRecordOptions.forEach((k, v) -> options.append(", \"").append(k).append("\": \"").append(v).append('"'));
        return """
                {"version": 1, "config": {"parallelism.default": "2"},
                 "tables": {
                   "%s": {"connector": "filesystem",
                     "schema": {"columns": [{"name": "id", "type": "BIGINT"}, {"name": "name", "type": "STRING"},
                                            {"name": "amount", "type": "%s"}]},
                     "options": {"path": "%s", "format": "%s" %s}},
                   "out": {"connector": "filesystem", "options": {"path": "%s", "format": "json"}},
                   "bad": {"connector": "filesystem", "options": {"path": "%s", "format": "json"}}},
                 "pipelines": [{"sink": {"table": "out"}, "query": {"op": "scan", "table": "%s"}}]}
                """.formatted(table, amountType, in, format, options, dir.resolve("out"), dir.resolve("bad"), table);
    }

    /** Runs the job to its end (failed or not). */
    static JobExecution run(String spec) {
        JobExecution job = JobExecution.start(Planner.create().plan(JobSpecJson.parse(spec)));
        job.await();
        return job;
    }

    /** Committed JSON lines below {@code root}. */
    static List<JsonNode> committedRows(Path root) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (Path file : FileLister.visibleFiles(root)) {
            for (String line : Files.readAllLines(file)) {
                rows.add(JSON.readTree(line));
            }
        }
        return rows;
    }
}
