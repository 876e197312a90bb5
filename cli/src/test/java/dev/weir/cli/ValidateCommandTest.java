package dev.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    @TempDir
    Path dir;

    private String write(String name, String json) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, json);
        return file.toString();
    }

    @Test
    void misspeltConnectorSuggestsDatagenAndFails() throws Exception {
        String file = write("orders.json", """
                {"connector": "datagn",
                 "schema": {"columns": [{"name": "id", "type": "BIGINT"}]}}
                """);
        CliRunner r = CliRunner.run("validate", file);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(file + ": invalid")
                .contains("No connector 'datagn' found (table 'orders'). Did you mean 'datagen'?")
                .contains("Available connectors: blackhole, datagen, ");
    }

    @Test
    void misspeltOptionNamesTheClosestValidOption() throws Exception {
        String file = write("orders.json", """
                {"connector": "datagen",
                 "schema": {"columns": [{"name": "id", "type": "BIGINT"}]},
                 "options": {"rows-per-secnd": "10", "number-of-rows": "ten"}}
                """);
        CliRunner r = CliRunner.run("validate", file);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown option 'rows-per-secnd'. Did you mean 'rows-per-second'?")
                .contains("Invalid value 'ten' for option 'number-of-rows'");
    }

    @Test
    void validDescriptorsPass() throws Exception {
        String source = write("gen.json", """
                {"connector": "datagen",
                 "schema": {"columns": [{"name": "id", "type": "BIGINT"}, {"name": "name", "type": "STRING"}]},
                 "options": {"rows-per-second": 5, "fields.id.kind": "sequence", "fields.id.start": "1",
                             "fields.id.end": "100"}}
                """);
        String files = write("files.json", """
                {"connector": "filesystem",
                 "schema": {"columns": [{"name": "id", "type": "BIGINT"}]},
                 "options": {"path": "/tmp/x", "format": "csv", "csv.field-delimiter": ";"}}
                """);
        CliRunner r = CliRunner.run("validate", source, files);
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains(source + ": valid (source table, connector 'datagen')")
                .contains(files + ": valid (source and sink table, connector 'filesystem')");
    }

    @Test
    void credentialsInAHostUrlAreRefusedWithoutEchoingThem() throws Exception {
        String file = write("docs.json", """
                {"connector": "elasticsearch",
                 "schema": {"columns": [{"name": "id", "type": "BIGINT"}]},
                 "options": {"hosts": "http://elastic:hunter2@localhost:9200", "index": "docs"}}
                """);
        CliRunner r = CliRunner.run("validate", file);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out() + r.err()).doesNotContain("hunter2");
        assertThat(r.err()).contains("'hosts' has 'http://******@localhost:9200', with credentials in the URL."
                + " Set them as 'username' and 'password'");
    }

    @Test
    void formatOptionProblemsAreReported() throws Exception {
        String file = write("files.json", """
                {"connector": "filesystem",
                 "schema": {"columns": [{"name": "id", "type": "BIGINT"}]},
                 "options": {"path": "/tmp/x", "format": "jsn"}}
                """);
        CliRunner r = CliRunner.run("validate", file);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("No format 'jsn' found (table 'files'). Did you mean 'json'?");
    }

    @Test
    void malformedJsonAndBadTypesNameTheirPlace() throws Exception {
        CliRunner r = CliRunner.run("validate", write("a.json", "{\"connector\": \"datagen\",,}"),
                write("b.json", """
                        {"connector": "datagen", "schema": {"columns": [{"name": "id", "type": "BIGINTT"}]}}
                        """), dir.resolve("missing.json").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Not valid JSON").contains("line 1")
                .contains("$.schema.columns[0] ('id'): Cannot parse type 'BIGINTT'")
                .contains("missing.json: no such file");
    }
}
