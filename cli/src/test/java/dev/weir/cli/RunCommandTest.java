package dev.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `weir run` on the embedded engine with the built-in connectors: files -> csv -> transform -> json files. */
class RunCommandTest {
    @TempDir
    Path dir;

    @Test
    void runsAFilesToFilesJobAtParallelismTwo() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("a.csv"), "1,apple,1.5\n2,pear,12.5\n");
        Files.writeString(in.resolve("b.csv"), "3,plum,30.0\n4,fig,0.5\n");
        Path out = dir.resolve("out");
        Path job = dir.resolve("job.json");
        Files.writeString(job, """
                {"version": 1, "config": {"parallelism.default": "2"},
                 "tables": {
                   "orders": {"connector": "filesystem",
                     "schema": {"columns": [{"name": "id", "type": "BIGINT"}, {"name": "name", "type": "STRING"},
                                            {"name": "price", "type": "DOUBLE"}]},
                     "options": {"path": "%s", "format": "csv"}},
                   "expensive": {"connector": "filesystem",
                     "schema": {"columns": [{"name": "id", "type": "BIGINT"}, {"name": "label", "type": "STRING"}]},
                     "options": {"path": "%s", "format": "json"}}},
                 "pipelines": [{"sink": {"table": "expensive"},
                   "query": {"op": "select", "expressions": ["id", "UPPER(name) AS label"],
                     "input": {"op": "filter", "condition": "price > 10", "input": {"op": "scan", "table": "orders"}}}}]}
                """.formatted(in, out));

        CliRunner r = CliRunner.run("run", job.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines;
        try (Stream<Path> files = Files.walk(out)) {
            lines = files.filter(Files::isRegularFile)
                    .peek(f -> assertThat(f.getFileName().toString()).doesNotStartWith("."))
                    .flatMap(f -> {
                        try {
                            return Files.readAllLines(f).stream();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).sorted().toList();
        }
        assertThat(lines).containsExactly("{\"id\":2,\"label\":\"PEAR\"}", "{\"id\":3,\"label\":\"PLUM\"}");
    }

    @Test
    void aJobWithAnUnknownColumnFailsBeforeRunning() throws Exception {
        Path job = dir.resolve("bad.json");
        Files.writeString(job, """
                {"version": 1,
                 "tables": {"gen": {"connector": "datagen",
                   "schema": {"columns": [{"name": "price", "type": "DOUBLE"}]}, "options": {"number-of-rows": "3"}}},
                 "pipelines": [{"sink": "print", "query": {"op": "filter", "condition": "pricee > 1",
                   "input": {"op": "scan", "table": "gen"}}}]}
                """);
        CliRunner r = CliRunner.run("run", job.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown column 'pricee'").contains("Did you mean 'price'?");
    }
}
