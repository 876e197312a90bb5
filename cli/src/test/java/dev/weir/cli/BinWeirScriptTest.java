package dev.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/weir builds nothing; before a build it says how to build. */
class BinWeirScriptTest {
    @Test
    void unbuiltCheckoutGetsAClearMessage(@TempDir Path checkout) throws Exception {
        Path script = Path.of("..", "bin", "weir").toAbsolutePath().normalize();
        Path copy = checkout.resolve("bin/weir");
        Files.createDirectories(copy.getParent());
        Files.copy(script, copy);
        copy.toFile().setExecutable(true);

        Process p = new ProcessBuilder("bash", copy.toString(), "connectors").redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(output).contains("Weir has not been built yet").contains("mvn -q install -DskipTests");
    }
}
