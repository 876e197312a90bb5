package dev.weir.guarantees;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-job table (records, kills, lost, duplicated, runtime), printed and rewritten to
 * {@code target/guarantees-report.md} after every job, so a run that fails half way still leaves the
 * jobs that ran.
 */
final class GuaranteeReport {

    private static final List<String> ROWS = new ArrayList<>();
    private static final List<String> NOTES = new ArrayList<>();

    private GuaranteeReport() {
    }

    /** Base seed of the run: -Dweir.guarantees.seed=N reproduces a run's kill plans. */
    static long baseSeed() {
        String configured = System.getProperty("weir.guarantees.seed");
        return configured == null || configured.isBlank() ? 20261121L : Long.parseLong(configured.trim());
    }

    /** The seed of one job: the base seed mixed with the job's name, printed with the job. */
    static long seedFor(String job) {
        return baseSeed() * 31 + job.hashCode();
    }

    static synchronized void record(String job, long seed, long records, KillLoop.Outcome outcome, Tally.Result result,
                                    Duration total, String note) {
        String row = String.format("| %s | %d | %,d | %,d | %d | %d | %d | %d | %d | %.1f s | %.1f s | %s |", job, seed, records,
                result.actual(), outcome.treeKills(), outcome.workerKills(), result.lost(), result.duplicated(),
                result.unexpected(), outcome.runtime().toMillis() / 1000.0, total.toMillis() / 1000.0,
                result.exact() ? "exact" : "MISMATCH");
        ROWS.add(row);
        if (note != null && !note.isBlank()) {
            NOTES.add("- " + job + ": " + note);
        }
        System.out.println("GUARANTEE " + row);
        write();
    }

    private static void write() {
        StringBuilder text = new StringBuilder();
        text.append("# Exactly-once under SIGKILL\n\n");
        text.append("Base seed ").append(baseSeed()).append(" (`-Dweir.guarantees.seed=").append(baseSeed())
                .append("` reproduces the kill plans). Records: input records; output: committed records read back.\n\n");
        text.append("| job | seed | records | output | kills (tree) | kills (python worker) | lost | duplicated | unexpected | job runtime | test runtime | verdict |\n");
        text.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        ROWS.forEach(r -> text.append(r).append('\n'));
        if (!NOTES.isEmpty()) {
            text.append('\n');
            NOTES.forEach(n -> text.append(n).append('\n'));
        }
        Path file = Path.of(System.getProperty("weir.guarantees.report", "target/guarantees-report.md"));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
