package dev.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/reference.md is generated from the factories of every Weir connector and format; this test
 * fails when it is stale. Regenerate with {@code mvn -pl cli test -Dweir.docs.update=true}.
 */
class OptionReferenceTest {
    private static final Path REFERENCE = Path.of("..", "docs", "reference.md");

    @Test
    void committedReferenceMatchesTheFactories() throws Exception {
        CliRunner r = CliRunner.run("reference");
        assertThat(r.exitCode()).isZero();
        if (Boolean.getBoolean("weir.docs.update")) {
            Files.createDirectories(REFERENCE.getParent());
            Files.writeString(REFERENCE, r.out());
        }
        assertThat(Files.readString(REFERENCE))
                .as("docs/reference.md is stale: regenerate with mvn -pl cli test -Dweir.docs.update=true")
                .isEqualTo(r.out());
        for (String id : new String[] {"datagen", "filesystem", "kafka", "upsert-kafka", "pulsar", "elasticsearch", "avro-confluent"}) {
            assertThat(r.out()).contains("## " + id + " (");
        }
        assertThat(r.out()).contains("| `rows-per-second` | long | no | `10000` |");
    }
}
