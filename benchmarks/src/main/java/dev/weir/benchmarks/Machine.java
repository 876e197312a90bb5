package dev.weir.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** A one-line description of the machine, from /proc and /etc/os-release, printed with the figures. */
final class Machine {
    private Machine() {
    }

    static String describe() throws IOException {
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU");
        long memKb = firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(v -> Long.parseLong(v.replaceAll("[^0-9]", ""))).orElse(-1L);
        String os = firstValue(Path.of("/etc/os-release"), "PRETTY_NAME").map(v -> v.replace("\"", ""))
                .orElse("unknown OS");
        return String.format(Locale.ROOT, "%d cores (%s), %.1f GiB RAM, %s",
                Runtime.getRuntime().availableProcessors(), cpu, memKb / (1024.0 * 1024.0), os);
    }

    /** The value after the first "key:" or "key=" line of a file, if any. */
    private static Optional<String> firstValue(Path file, String key) throws IOException {
        if (!Files.isReadable(file)) {
            return Optional.empty();
        }
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith(key)) {
                String rest = line.substring(key.length()).trim();
                if (rest.startsWith(":") || rest.startsWith("=")) {
                    return Optional.of(rest.substring(1).trim());
                }
            }
        }
        return Optional.empty();
    }
}
